package criticality

import (
	"fmt"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/report"
)

// ReadmeTable is the repository README's criticality table, generated from the lines of a
// results/criticality/summary.csv (the initialiser comparison): per activation with an edge of
// chaos and per depth, the test accuracy in percent (mean ± std over the seeds) of each
// initialiser, and eoc's difference to the baseline initialiser with its p (the paired t-test's;
// Welch's in a summary.csv from before the paired protocol).
func ReadmeTable(lines []report.Line) (string, error) {
	type key struct{ act, hidden string }
	var keys []key
	var inits []string
	cell := map[key]map[string]report.Line{}
	for _, l := range lines {
		k := key{strings.TrimPrefix(l.Model, "mlp "), l.Hidden}
		if cell[k] == nil {
			cell[k] = map[string]report.Line{}
			keys = append(keys, k)
		}
		cell[k][l.Activation] = l
		if l.Activation != "eoc" && !slices.Contains(inits, l.Activation) {
			inits = append(inits, l.Activation)
		}
	}
	if len(keys) == 0 {
		return "", fmt.Errorf("criticality: no summary lines")
	}
	base, test := lines[0].Baseline, "Welch p" // a summary.csv from before the paired protocol
	if slices.ContainsFunc(lines, func(l report.Line) bool { return l.Test == report.TestPairedT }) {
		test = "paired t p"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| activation | depth | %s | eoc | eoc − %s (%s) |\n", strings.Join(inits, " | "), base, test)
	b.WriteString("| --- | ---: |" + strings.Repeat(" ---: |", len(inits)+2) + "\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "| `%s` | %d |", k.act, depthOf(k.hidden))
		for _, in := range append(inits, "eoc") {
			l, ok := cell[k][in]
			if !ok {
				b.WriteString(" — |")
				continue
			}
			fmt.Fprintf(&b, " %.1f ± %.1f |", 100*l.Mean, 100*l.Std)
		}
		if e, ok := cell[k]["eoc"]; ok {
			fmt.Fprintf(&b, " %+.1f (p = %.3f) |\n", 100*e.Delta, e.P)
		} else {
			b.WriteString(" — |\n")
		}
	}
	return b.String(), nil
}
