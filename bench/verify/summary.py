#!/usr/bin/python3
"""Recompute a summary.csv's paired comparisons from its runs.csv alone, with SciPy/statsmodels.

    /usr/bin/python3 bench/verify/summary.py results/mnist          # or any folder with both files

An independent check of experiments/report and experiments/stats (issue 12): for every row of
summary.csv that has a paired t-test against a baseline, it takes from runs.csv the final test
accuracy of each seed of that activation and of the baseline (same model, hidden sizes, variant,
at the learning rate the summary row names — the rate the sweep chose), pairs them by seed, and
recomputes

  p_paired  scipy.stats.ttest_rel (two-sided),
  p_holm    statsmodels.stats.multitest.multipletests(method="holm") over the rows of one table
            (one model/hidden/variant section),
  p_tost    statsmodels.stats.weightstats.ttost_paired with the row's margin (the larger of the
            two one-sided p-values),

and compares each with the committed value: it prints the largest absolute difference and exits 1
if any exceeds 1e-6. Needs Debian's python3-scipy and python3-statsmodels (apt-get install).
"""
import csv
import numpy as np
import os
import sys
from collections import defaultdict

from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import ttost_paired

TOL = 1e-6


def final_accuracies(runs_path):
    """(model, hidden, variant, activation, lr) -> {seed: test accuracy of the run's last epoch}."""
    acc = defaultdict(dict)
    with open(runs_path, newline="") as f:
        for r in csv.DictReader(f):
            if r["metric"] == "accuracy" and r["split"] == "test":
                key = (r["model"], r["hidden"], r["variant"], r["activation"], float(r["lr"]))
                acc[key][int(r["seed"])] = float(r["value"])
    return acc


def main(folder):
    acc = final_accuracies(os.path.join(folder, "runs.csv"))
    with open(os.path.join(folder, "summary.csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("test") == "paired-t"]
    if not rows:
        sys.exit(f"{folder}/summary.csv has no paired-t rows")
    baselines = {}
    with open(os.path.join(folder, "summary.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r.get("verdict") == "baseline":
                baselines[(r["model"], r["hidden"], r["variant"])] = float(r["lr"])
    sections = defaultdict(list)
    worst = {"p_paired": 0.0, "p_holm": 0.0, "p_tost": 0.0}
    for r in rows:
        sec = (r["model"], r["hidden"], r["variant"])
        x = acc[sec + (r["activation"], float(r["lr"]))]
        y = acc[sec + (r["baseline"], baselines[sec])]
        seeds = sorted(set(x) & set(y))
        if len(seeds) != int(r["n_pairs"]):
            sys.exit(f"{r['activation']}: {len(seeds)} pairs in runs.csv, summary says {r['n_pairs']}")
        a = np.array([x[s] for s in seeds])
        b = np.array([y[s] for s in seeds])
        p = stats.ttest_rel(a, b).pvalue
        margin = float(r["margin"])
        tost = ttost_paired(a, b, -margin, margin)[0]
        worst["p_paired"] = max(worst["p_paired"], abs(p - float(r["p_paired"])))
        worst["p_tost"] = max(worst["p_tost"], abs(tost - float(r["p_tost"])))
        sections[sec].append((r, p))
    for sec, items in sections.items():
        holm = multipletests([p for _, p in items], method="holm")[1]
        for (r, _), h in zip(items, holm):
            worst["p_holm"] = max(worst["p_holm"], abs(h - float(r["p_holm"])))
    print(f"{folder}: {len(rows)} paired rows in {len(sections)} table(s); largest |difference| "
          + ", ".join(f"{k} {v:.2e}" for k, v in worst.items()))
    bad = [k for k, v in worst.items() if not v <= TOL]
    if bad:
        sys.exit(f"disagree beyond {TOL}: {', '.join(bad)}")
    print(f"agree to {TOL}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join("results", "mnist"))
