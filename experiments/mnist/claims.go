package mnist

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/stats"
)

// ReadmeClaims are the README's sentences about the MNIST results, generated from the lines of
// a results/mnist/summary.csv so that no claim can drift from the data: the baseline against
// the literature's sanity floor, each activation's verdict against the baseline (with its
// difference, interval and p-values), what the table could detect, the learning rates that are
// not interior, the sparsity of the codes, and the gain table's verdicts. Without verdicts (a
// summary.csv from before the paired protocol) it says so and claims nothing.
func ReadmeClaims(lines []report.Line) (string, error) {
	main := primary(lines)
	if len(main) == 0 {
		return "", fmt.Errorf("mnist: no summary lines")
	}
	var b strings.Builder
	for _, l := range main {
		if l.Activation == l.Baseline {
			rel := "reaches"
			if l.Mean < SanityFloor {
				rel = "falls short of"
			}
			fmt.Fprintf(&b, "The `%s` baseline (%.2f%%) %s the literature's sanity floor for this network (%.1f%%: LeCun's table, Keras' `mnist_mlp`).\n",
				l.Activation, 100*l.Mean, rel, 100*SanityFloor)
		}
	}
	if !report.HasVerdicts(main) {
		b.WriteString("\nThis summary.csv predates the paired protocol (no verdict column), so the README draws no conclusion from it; " +
			"rerun `go run ./experiments mnist` for the verdicts.\n")
		return b.String(), nil
	}
	b.WriteString("\n" + verdictIntro(main) + "\n\n" + report.VerdictList(main, describe) + "\n")
	b.WriteString(powerSentence(main) + " " + interiorSentence(main) + "\n\n" + sparsitySentence(main) + "\n")
	if g := gainLines(lines); report.HasVerdicts(g) {
		fmt.Fprintf(&b, "\nWith the `%s` initialiser (each layer's weight variance from its activation), at the same rates, n = %d:\n\n%s",
			GainInit, g[0].N, report.VerdictList(g, describe))
	}
	return b.String(), nil
}

// verdictIntro says how the verdicts were reached.
func verdictIntro(lines []report.Line) string {
	l := lines[slices.IndexFunc(lines, func(l report.Line) bool { return l.Verdict != "" && l.Verdict != "baseline" })]
	k := 0
	for _, x := range lines {
		if x.Test != "" {
			k++
		}
	}
	return fmt.Sprintf("Verdicts against `%s`, paired by seed (n = %d pairs): better or worse when the paired t-test's p, Holm-adjusted over the %d comparisons, "+
		"is below %g; equivalent when TOST shows the difference within ±%.2f points (p < %g); otherwise inconclusive. "+
		"Each with its difference in points [95%% interval]:", l.Baseline, l.NPairs, k, stats.Alpha, 100*l.Margin, stats.Alpha)
}

// describe is one line's evidence: difference [interval], and the p-value its verdict rests on.
func describe(l report.Line) string {
	d := fmt.Sprintf("%+.2f [%+.2f, %+.2f]", 100*l.Delta, 100*l.DeltaLo, 100*l.DeltaHi)
	switch stats.Outcome(l.Verdict) {
	case stats.Better, stats.Worse:
		return d + ", " + report.PFormat("p Holm", l.PHolm)
	case stats.Equivalent:
		return d + ", " + report.PFormat("TOST p", l.PTost)
	}
	return d + ", " + report.PFormat("p Holm", l.PHolm) + ", " + report.PFormat("TOST p", l.PTost)
}

// powerSentence states the smallest difference the comparisons could detect.
func powerSentence(lines []report.Line) string {
	var md []float64
	for _, l := range lines {
		if !math.IsNaN(l.MinDetect) {
			md = append(md, l.MinDetect)
		}
	}
	if len(md) == 0 {
		return ""
	}
	slices.Sort(md)
	return fmt.Sprintf("At this n a difference of %.2f points (median over the comparisons; range %.2f–%.2f) is detected with 80%% power.",
		100*stats.Quantile(md, 0.5), 100*md[0], 100*md[len(md)-1])
}

// interiorSentence names the activations whose learning rate is not interior, with the reason.
func interiorSentence(lines []report.Line) string {
	var edge []string
	for _, l := range lines {
		if l.LRInterior == "false" {
			edge = append(edge, fmt.Sprintf("`%s` (%s)", l.Activation, l.LRNote))
		}
	}
	if len(edge) == 0 {
		return "Every chosen learning rate is interior to the rates swept."
	}
	return "Learning rates still at an edge of the sweep: " + strings.Join(edge, "; ") + "."
}

// sparsitySentence reports the fraction of zero activations on the test set per activation,
// highest first (paper §3.1: do rectifier-like spike counts give sparse codes?).
func sparsitySentence(lines []report.Line) string {
	sorted := slices.Clone(lines)
	slices.SortStableFunc(sorted, func(a, b report.Line) int {
		return cmpDesc(a.ExtraValue("sparsity"), b.ExtraValue("sparsity"))
	})
	var sparse, dense []string
	for _, l := range sorted {
		s := l.ExtraValue("sparsity")
		switch {
		case math.IsNaN(s):
		case s >= 0.001:
			sparse = append(sparse, fmt.Sprintf("`%s` %.1f%%", l.Activation, 100*s))
		default:
			dense = append(dense, "`"+l.Activation+"`")
		}
	}
	if len(sparse)+len(dense) == 0 {
		return ""
	}
	return fmt.Sprintf("Sparsity of the trained codes (hidden values with |h| ≤ %g on the test images, mean over seeds): %s; below 0.1%% for %s.",
		ZeroTol, orNone(sparse), orNone(dense))
}

// cmpDesc orders numbers high to low, NaN last.
func cmpDesc(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b), a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// orNone joins items with commas, "none" when there are none.
func orNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}
