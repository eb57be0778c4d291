#!/usr/bin/python3
"""Reference values for package experiments/stats, from SciPy and statsmodels.

Run from this folder with Debian's python3 (apt-get install -y python3-scipy python3-statsmodels):

    /usr/bin/python3 ref.py            # prints Go table rows, section by section
    /usr/bin/python3 ref.py --fixture  # (re)writes pipeline.csv, the 16 x 10 fixture

The printed rows are pasted into the *_test.go tables, which name this script and the versions.
Every value is printed with repr (17 significant digits), so Go parses the same float64.
"""
import itertools
import math
import sys

import mpmath as mp
import numpy as np
import scipy
import scipy.optimize as opt
import scipy.stats as st
import statsmodels
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import TTestPower
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import ttost_paired

MARGIN = 0.002  # 0.2 accuracy points, as a fraction
mp.mp.dps = 40


def t_ppf(p, df):
    """Student t quantile to 40 digits with mpmath (root of the regularized incomplete beta).
    SciPy 1.10.1's stats.t.ppf is off by up to 2.3e-9 relative (t.ppf(0.95, 4)), so interval
    references use this and assert that SciPy agrees to 1e-8."""
    df, p = mp.mpf(df), mp.mpf(p)
    cdf = lambda x: 1 - mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + x * x), regularized=True) / 2
    x = mp.findroot(lambda x: cdf(x) - p, mp.mpf(float(st.t.ppf(float(p), float(df)))))
    assert abs(float(x) - st.t.ppf(float(p), float(df))) < 1e-8 * float(x)
    return x


def t_interval(xs, conf):
    """mean ± t_ppf((1+conf)/2, n-1)·s/√n in 40-digit arithmetic."""
    xs = [mp.mpf(float(v)) for v in xs]
    n = len(xs)
    m = sum(xs) / n
    s = mp.sqrt(sum((v - m) ** 2 for v in xs) / (n - 1))
    h = t_ppf((1 + mp.mpf(conf)) / 2, n - 1) * s / mp.sqrt(n)
    return float(m - h), float(m + h)


def golist(xs):
    return "{" + ", ".join(repr(float(x)) for x in xs) + "}"


def perm_p(x, y):
    """Exact two-sided sign-flip p-value (scipy.stats.permutation_test, paired samples)."""
    res = st.permutation_test((np.asarray(x), np.asarray(y)),
                              lambda a, b, axis: np.mean(a - b, axis=axis),
                              permutation_type="samples", vectorized=True,
                              n_resamples=np.inf, alternative="two-sided", batch=1 << 14)
    return float(res.pvalue)


def brute_perm_p(d):
    """Our own brute force: all 2^n sign vectors, ties counted with a relative tolerance."""
    d = np.asarray(d)
    obs = abs(d.sum())
    tol = 1e-12 * np.abs(d).sum()
    count = 0
    for signs in itertools.product((1.0, -1.0), repeat=len(d)):
        if abs((np.asarray(signs) * d).sum()) >= obs - tol:
            count += 1
    return count / 2 ** len(d)


PAIRED_CASES = {
    # name: (x, y); accuracies on 10 000 images are multiples of 1e-4
    "n10": ([0.9781, 0.9764, 0.9790, 0.9772, 0.9769, 0.9785, 0.9777, 0.9760, 0.9788, 0.9771],
            [0.9775, 0.9760, 0.9779, 0.9770, 0.9771, 0.9772, 0.9770, 0.9761, 0.9780, 0.9765]),
    "n5": ([0.9712, 0.9698, 0.9731, 0.9705, 0.9720],
           [0.9730, 0.9721, 0.9740, 0.9716, 0.9739]),
    "n3": ([0.9801, 0.9795, 0.9810], [0.9800, 0.9790, 0.9812]),
    "n12ties": ([0.5, 0.6, 0.7, 0.4, 0.55, 0.65, 0.5, 0.45, 0.6, 0.7, 0.5, 0.6],
                [0.4, 0.5, 0.8, 0.4, 0.45, 0.55, 0.6, 0.35, 0.5, 0.6, 0.4, 0.5]),
    "n20": ([0.9650 + 0.0001 * k for k in (3, 8, -2, 5, 11, 0, 7, 4, -5, 9, 2, 6, 1, 10, -1, 3, 8, 12, 0, 5)],
            [0.9650 + 0.0001 * k for k in (1, 5, 0, 6, 7, 2, 3, 4, -2, 5, 3, 2, 0, 6, 1, -1, 4, 9, 2, 1)]),
}


def paired_rows():
    print("// paired: scipy.stats.ttest_rel (t, p; interval by t_interval, which ttest_rel's")
    print("// confidence_interval(0.95) matches to 1e-8), permutation_test,")
    print("// statsmodels ttost_paired(x, y, -margin, margin)")
    for name, (x, y) in PAIRED_CASES.items():
        x, y = np.array(x), np.array(y)
        r = st.ttest_rel(x, y)
        ci = r.confidence_interval(0.95)
        cil, cih = t_interval(x - y, 0.95)
        assert abs(cil - ci.low) < 1e-8 * abs(cil) and abs(cih - ci.high) < 1e-8 * abs(cih)
        pt, lo, up = ttost_paired(x, y, -MARGIN, MARGIN)
        pp = perm_p(x, y)
        bp = brute_perm_p(x - y) if len(x) <= 16 else pp
        assert abs(pp - bp) < 1e-12, (name, pp, bp)
        print(f'{{"{name}", {golist(x)}, {golist(y)}, {MARGIN!r}, {float(r.statistic)!r}, {float(r.pvalue)!r}, '
              f'{cil!r}, {cih!r}, {pp!r}, {float(lo[1])!r}, {float(up[1])!r}, {float(pt)!r}}},')


def holm_rows():
    print("// holm: statsmodels multipletests(p, method='holm')[1]; NaN entries removed before the call")
    cases = [
        [0.01, 0.04, 0.03, 0.005],
        [0.2, 0.2, 0.01, 0.5, 0.04],
        [0.0001, 0.3, 0.02, 0.6, 0.02, 0.9, 0.011],
        [0.5],
        [0.012, 0.039, 0.034, 0.012, 0.003, 0.4, 0.9, 0.07],
        [0.04, float("nan"), 0.01, float("nan"), 0.03],
    ]
    for p in cases:
        p = np.array(p)
        ok = ~np.isnan(p)
        adj = np.full_like(p, np.nan)
        adj[ok] = multipletests(p[ok], method="holm")[1]
        print(f"{{{golist(p).strip('{}')}}}, {golist(adj)},".replace("nan", "nan"))


def mcnemar_rows():
    print("// mcnemar: statsmodels mcnemar([[0, b], [c, 0]], exact=True).pvalue")
    for b, c in [(0, 0), (3, 0), (0, 5), (10, 2), (7, 7), (40, 25), (1, 12), (150, 120), (6, 1)]:
        p = mcnemar(np.array([[0, b], [c, 0]]), exact=True).pvalue
        print(f"{{{b}, {c}, {float(p)!r}}},")


def wilson_rows():
    print("// wilson: statsmodels proportion_confint(k, n, alpha=1-conf, method='wilson')")
    for k, n, conf in [(0, 10, 0.95), (1, 1, 0.95), (0, 1, 0.95), (7, 10, 0.95), (44, 100, 0.95),
                       (100, 100, 0.95), (55, 100, 0.95), (3, 7, 0.9), (9812, 10000, 0.95)]:
        lo, hi = proportion_confint(k, n, alpha=1 - conf, method="wilson")
        print(f"{{{k}, {n}, {conf!r}, {float(lo)!r}, {float(hi)!r}}},")


def tinterval_rows():
    print("// t interval: t_interval (mpmath); scipy.stats.t.interval(conf, n-1, loc=mean, scale=sem)")
    print("// agrees to 1e-8; before clipping")
    for xs, conf in [([0.9, 0.95, 0.99], 0.95), ([0.99, 0.999, 1.0, 0.998], 0.95), ([0.1, 0.5], 0.95),
                     ([0.6, 0.7, 0.65, 0.72, 0.68], 0.9), ([0.0, 0.02, 0.01], 0.95)]:
        xs = np.array(xs)
        slo, shi = st.t.interval(conf, len(xs) - 1, loc=xs.mean(), scale=st.sem(xs))
        lo, hi = t_interval(xs, conf)
        assert abs(lo - slo) < 1e-8 * abs(lo) and abs(hi - shi) < 1e-8 * abs(hi)
        print(f"{{{golist(xs)}, {conf!r}, {float(lo)!r}, {float(hi)!r}}},")


def power_rows():
    print("// power: statsmodels TTestPower().power's formula, nct.sf(c) + nct.cdf(-c), with the")
    print("// critical value c from t_ppf (mpmath), and its root power = 0.8 by scipy.optimize.brentq")
    print("// (xtol=1e-15); statsmodels' own solve_power shown in a comment")
    tp = TTestPower()

    def power(e, n, a):
        c = float(t_ppf(1 - mp.mpf(a) / 2, n - 1))
        p = st.nct.sf(c, n - 1, e * math.sqrt(n)) + st.nct.cdf(-c, n - 1, e * math.sqrt(n))
        assert abs(p - tp.power(e, n, a)) < 1e-8 * p
        return float(p)

    for n in [2, 3, 5, 10, 20, 100]:
        e = opt.brentq(lambda e: power(e, n, 0.05) - 0.8, 1e-6, 100, xtol=1e-15, rtol=1e-15)
        sm = tp.solve_power(nobs=n, alpha=0.05, power=0.8)
        print(f"{{{n}, 0.05, 0.8, {e!r}}}, // solve_power {sm!r}")
    print("// power at given effects: the same power(e, n, alpha)")
    for e, n, a in [(0.5, 10, 0.05), (1.0, 5, 0.05), (0.2, 100, 0.01), (2.0, 3, 0.05), (0.0, 10, 0.05)]:
        print(f"{{{e!r}, {n}, {a!r}, {power(e, n, a)!r}}},")
    print("// noncentral t CDF: scipy.stats.nct.cdf(t, df, nc)")
    for t, df, nc in [(2.262, 9, 3.0), (-2.262, 9, 3.0), (1.0, 1, 0.5), (12.7, 1, 16.0), (-4.3, 2, 5.6),
                      (0.5, 30, -1.0), (3.0, 99, 2.8)]:
        print(f"{{{t!r}, {df!r}, {nc!r}, {float(st.nct.cdf(t, df, nc))!r}}},")


def tango_q(b, c, n, d0):
    """Constrained MLE of p01 given p10 - p01 = d0, by root-finding the score equation."""
    lo, hi = max(0.0, -d0), (1 - d0) / 2
    if c == 0 and b == 0:
        return lo
    f = lambda q: (b / (q + d0) if b else 0) + (c / q if c else 0) - 2 * (n - b - c) / (1 - 2 * q - d0)
    eps = 1e-300
    a, z = lo + eps * 0 + 1e-15, hi - 1e-15
    if f(a) <= 0:
        return lo
    if f(z) >= 0:
        return hi
    return opt.brentq(f, a, z, xtol=1e-16, rtol=1e-15)


def tango_z(b, c, n, d0):
    q = tango_q(b, c, n, d0)
    return (b - c - n * d0) / math.sqrt(n * (2 * q + d0 * (1 - d0)))


def tango_rows():
    print("// tango: score statistic with the constrained MLE found by scipy.optimize.brentq on the")
    print("// score equation (not the closed form); TOST and interval from it (norm.sf/cdf, brentq)")
    z975 = st.norm.ppf(0.975)
    for b, c, n, m in [(0, 0, 100, 0.1), (0, 0, 10, 0.1), (5, 3, 100, 0.1), (12, 4, 100, 0.1),
                       (20, 6, 50, 0.1), (3, 9, 40, 0.2), (1, 0, 30, 0.1)]:
        pl = st.norm.sf(tango_z(b, c, n, -m))
        pu = st.norm.cdf(tango_z(b, c, n, m))
        lo = opt.brentq(lambda d: tango_z(b, c, n, d) - z975, -1 + 1e-12, 1 - 1e-12, xtol=1e-15)
        hi = opt.brentq(lambda d: tango_z(b, c, n, d) + z975, -1 + 1e-12, 1 - 1e-12, xtol=1e-15)
        print(f"{{{b}, {c}, {n}, {m!r}, {tango_z(b, c, n, m)!r}, {float(pl)!r}, {float(pu)!r}, {lo!r}, {hi!r}}},")


def write_fixture():
    """16 activations x 10 seeds of test accuracy: a shared per-seed effect (the pairing), an
    activation effect, run noise, rounded to multiples of 1e-4 (10 000 test images)."""
    g = np.random.default_rng(20261201)
    seed_eff = g.normal(0, 0.0015, 10)
    effects = [0, 0.0002, -0.0001, 0.0030, -0.0045, 0.0008, -0.0010, 0.0001, 0.0015, -0.0025,
               0.0, 0.0004, -0.0018, 0.0060, -0.0002, 0.0017]
    with open("pipeline.csv", "w") as f:
        f.write("activation,seed,value\n")
        for a, mu in enumerate(effects):
            for s in range(10):
                v = round((0.975 + seed_eff[s] + mu + g.normal(0, 0.0009)) * 10000) / 10000
                f.write(f"act{a:02d},{s + 1},{v:.4f}\n")


def pipeline_rows():
    print("// pipeline: testdata/pipeline.csv, act00 the baseline, margin 0.002; ttest_rel, t_interval,")
    print("// permutation_test, multipletests(holm) over the 15 p_paired, ttost_paired")
    data = {}
    with open("pipeline.csv") as f:
        next(f)
        for line in f:
            a, s, v = line.strip().split(",")
            data.setdefault(a, []).append(float(v))
    base = np.array(data["act00"])
    names = sorted(k for k in data if k != "act00")
    rows = []
    for a in names:
        x = np.array(data[a])
        r = st.ttest_rel(x, base)
        lo, hi = t_interval(x - base, 0.95)
        rows.append([a, float(np.mean(x - base)), lo, hi, float(r.pvalue),
                     perm_p(x, base), float(ttost_paired(x, base, -MARGIN, MARGIN)[0])])
    holm = multipletests([r[4] for r in rows], method="holm")[1]
    for r, h in zip(rows, holm):
        verdict = ("better" if r[1] > 0 else "worse") if h < 0.05 else (
            "equivalent" if r[6] < 0.05 else "inconclusive")
        print(f'{{"{r[0]}", {r[1]!r}, {r[2]!r}, {r[3]!r}, {r[4]!r}, {r[5]!r}, {float(h)!r}, {r[6]!r}, "{verdict}"}},')


if __name__ == "__main__":
    if "--fixture" in sys.argv:
        write_fixture()
        sys.exit(0)
    print(f"// from scipy {scipy.__version__} / statsmodels {statsmodels.__version__} "
          f"(numpy {np.__version__}) via testdata/ref.py")
    for section in (paired_rows, holm_rows, mcnemar_rows, wilson_rows, tinterval_rows, power_rows,
                    tango_rows, pipeline_rows):
        section()
