package mnist

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/report"
)

// SanityFloor is the test accuracy a ReLU MLP 784-256-10 reaches in the literature (LeCun's
// table of MNIST results; Keras' mnist_mlp example): the README says whether the baseline
// reaches it.
const SanityFloor = 0.978

// primary are the lines of the main table (the configuration's initialiser, not the gain
// table's), in the summary's order.
func primary(lines []report.Line) []report.Line {
	return slices.DeleteFunc(slices.Clone(lines), func(l report.Line) bool { return strings.Contains(l.Variant, "init="+GainInit) })
}

// gainLines are the lines of the gain initialiser's table.
func gainLines(lines []report.Line) []report.Line {
	return slices.DeleteFunc(slices.Clone(lines), func(l report.Line) bool { return !strings.Contains(l.Variant, "init="+GainInit) })
}

// ReadmeTable is the repository README's MNIST table, generated from the lines of a
// results/mnist/summary.csv (the main table; the gain table is summarised in ReadmeClaims): per
// activation, best first, the chosen learning rate (marked when not interior), the test
// accuracy in percent (mean ± std) with n and its 95% interval, the paired difference to the
// baseline with its 95% interval, Holm's p, the TOST p, the verdict, the zero activations on the
// test set and the seconds per epoch. A summary.csv from before the paired protocol has no
// verdict columns: they show "—".
func ReadmeTable(lines []report.Line) (string, error) {
	lines = primary(lines)
	if len(lines) == 0 {
		return "", fmt.Errorf("mnist: no summary lines")
	}
	base := lines[0].Baseline
	var b strings.Builder
	fmt.Fprintf(&b, "| activation | lr | test accuracy %% (mean ± std) | n | 95%% CI | Δ vs %s [95%% CI] | p Holm | p TOST | verdict | zero activations %% | s/epoch |\n", base)
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n")
	for _, l := range lines {
		lr := l.LR
		if l.LRInterior == "false" {
			lr += " (edge)"
		}
		delta, verdict := "—", dash(l.Verdict)
		switch {
		case l.Activation == l.Baseline:
			delta, verdict = "baseline", "—"
		case !math.IsNaN(l.DeltaLo):
			delta = fmt.Sprintf("%+.2f [%+.2f, %+.2f]", 100*l.Delta, 100*l.DeltaLo, 100*l.DeltaHi)
		case !math.IsNaN(l.Delta):
			delta = fmt.Sprintf("%+.2f (Welch p = %.3f)", 100*l.Delta, l.P)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %.2f ± %.2f | %d | [%.2f, %.2f] | %s | %s | %s | %s | %s | %.2f |\n",
			l.Activation, lr, 100*l.Mean, 100*l.Std, l.N, 100*l.Lo, 100*l.Hi, delta, pCell(l.PHolm), pCell(l.PTost), verdict,
			pct(l.ExtraValue("sparsity"), 1), l.SecPerEpoch)
	}
	return b.String(), nil
}

// dash is s, or "—" when empty.
func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// pCell is a p-value cell, "—" for none.
func pCell(p float64) string { return report.PText(p) }

// pct writes a fraction in percent with d decimals, "—" for NaN.
func pct(v float64, d int) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.*f", d, 100*v)
}
