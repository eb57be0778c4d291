package mnist

import (
	"fmt"
	"strings"

	"github.com/isingact/isingact/experiments/report"
)

// ReadmeTable is the repository README's MNIST table, generated from the lines of a
// results/mnist/summary.csv: per activation (in the summary's order, best first) the chosen
// learning rate, the test accuracy in percent (mean ± std over the seeds), its 95% interval,
// the difference to the baseline with Welch's p, and the seconds per epoch.
func ReadmeTable(lines []report.Line) (string, error) {
	if len(lines) == 0 {
		return "", fmt.Errorf("mnist: no summary lines")
	}
	n, base := lines[0].N, lines[0].Baseline
	var b strings.Builder
	fmt.Fprintf(&b, "| activation | lr (chosen on validation) | test accuracy %% (mean ± std, n = %d) | 95%% CI | Δ vs %s (Welch p) | s/epoch |\n", n, base)
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, l := range lines {
		if l.N != n {
			return "", fmt.Errorf("mnist: %s has %d runs, %s has %d: the table's header assumes one n", l.Activation, l.N, lines[0].Activation, n)
		}
		delta := fmt.Sprintf("%+.2f (p = %.3f)", 100*l.Delta, l.P)
		if l.Activation == l.Baseline {
			delta = "baseline"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %.2f ± %.2f | [%.2f, %.2f] | %s | %.2f |\n",
			l.Activation, l.LR, 100*l.Mean, 100*l.Std, 100*l.Lo, 100*l.Hi, delta, l.SecPerEpoch)
	}
	return b.String(), nil
}
