package peer

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
)

// row summarises one setting's runs: its epoch times (every epoch of every run) and test
// accuracies (one a run).
type row struct {
	setting
	Runs, Epochs     int
	Median, Min, Max float64 // epoch seconds
	AccMean, AccSD   float64
}

// summarize returns one row per setting, Go's first, each side by thread count.
func summarize(runs []run) []row {
	var rows []row
	for _, side := range []string{sideGo, sideTorch} {
		var threads []int
		for _, r := range runs {
			if r.side == side && !slices.Contains(threads, r.threads) {
				threads = append(threads, r.threads)
			}
		}
		slices.Sort(threads)
		for _, t := range threads {
			var sec, acc []float64
			for _, r := range runs {
				if r.setting == (setting{side, t}) {
					sec, acc = append(sec, r.Seconds...), append(acc, r.TestAcc)
				}
			}
			mean, sd := meanSD(acc)
			rows = append(rows, row{setting: setting{side, t}, Runs: len(acc), Epochs: len(sec),
				Median: median(sec), Min: slices.Min(sec), Max: slices.Max(sec), AccMean: mean, AccSD: sd})
		}
	}
	return rows
}

// ratios are the comparisons the benchmark reports, from the rows.
type ratios struct {
	same   []sameRatio // Go/PyTorch at each thread count both sides ran
	best   row         // PyTorch's fastest setting (lowest median); Runs 0 when PyTorch did not run
	vsBest []sameRatio
}

// sameRatio is Go's median over a PyTorch median, at Go's thread count threads.
type sameRatio struct {
	threads int
	ratio   float64
}

func ratiosOf(rows []row) ratios {
	var r ratios
	for _, t := range rows {
		if t.side == sideTorch && (r.best.Runs == 0 || t.Median < r.best.Median) {
			r.best = t
		}
	}
	for _, g := range rows {
		if g.side != sideGo || r.best.Runs == 0 {
			continue
		}
		for _, t := range rows {
			if t.side == sideTorch && t.threads == g.threads {
				r.same = append(r.same, sameRatio{g.threads, g.Median / t.Median})
			}
		}
		r.vsBest = append(r.vsBest, sameRatio{g.threads, g.Median / r.best.Median})
	}
	return r
}

// printSummary prints the table, the ratios and the accuracy check, and returns an error when
// the accuracies disagree by more than the noise.
func printSummary(w io.Writer, rows []row, runs []run) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "side\tthreads\tmedian epoch s\tmin\tmax\tepochs\ttest acc mean ± sd\truns")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.3f\t%d\t%.4f ± %.4f\t%d\n", r.side, r.threads, r.Median, r.Min, r.Max, r.Epochs, r.AccMean, r.AccSD, r.Runs)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	rt := ratiosOf(rows)
	if rt.best.Runs == 0 {
		fmt.Fprintln(w, "\nno PyTorch runs: no ratios")
		return nil
	}
	fmt.Fprintf(w, "\nratio Go/PyTorch (median epoch), same threads: %s\n", ratioText(rt.same))
	fmt.Fprintf(w, "ratio Go/PyTorch's best (%d thread(s), %.3f s): %s\n", rt.best.threads, rt.best.Median, ratioText(rt.vsBest))
	return accuracyCheck(w, runs)
}

func ratioText(rs []sameRatio) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("Go %d thread(s) %.2f", r.threads, r.ratio)
	}
	return strings.Join(parts, ", ")
}

// accuracyCheck compares the test accuracies of all Go runs with those of all PyTorch runs and
// returns an error when they differ by more than the noise: max(0.5 percentage points, 3
// standard errors of the difference of the means).
func accuracyCheck(w io.Writer, runs []run) error {
	var goAcc, pyAcc []float64
	for _, r := range runs {
		if r.side == sideGo {
			goAcc = append(goAcc, r.TestAcc)
		} else {
			pyAcc = append(pyAcc, r.TestAcc)
		}
	}
	gm, gsd := meanSD(goAcc)
	pm, psd := meanSD(pyAcc)
	diff := gm - pm
	tol := math.Max(0.005, 3*math.Sqrt(gsd*gsd/float64(len(goAcc))+psd*psd/float64(len(pyAcc))))
	verdict := "agree"
	if math.Abs(diff) > tol {
		verdict = "DISAGREE"
	}
	fmt.Fprintf(w, "test accuracy Go − PyTorch: %+.4f (tolerance ±%.4f): %s\n", diff, tol, verdict)
	if verdict != "agree" {
		return fmt.Errorf("peer: test accuracies differ by %+.4f, more than the noise ±%.4f", diff, tol)
	}
	return nil
}
