package report

import (
	"fmt"
	"strings"

	"github.com/isingact/isingact/experiments/stats"
)

// HasVerdicts reports whether the lines carry the paired protocol's verdicts (a summary.csv
// written before it has none), so that generated text states only what a verdict supports.
func HasVerdicts(lines []Line) bool {
	for _, l := range lines {
		if l.Verdict != "" {
			return true
		}
	}
	return false
}

// VerdictList writes the compared lines grouped by verdict, one Markdown bullet per verdict in
// the order better, worse, equivalent, inconclusive, each line as "`activation` (desc(line))":
//
//   - better: `gelu` (+0.12 [+0.05, +0.19], p Holm = 0.003)
//   - worse: none
//
// Lines without a comparison (the baseline, sections without one) are left out.
func VerdictList(lines []Line, desc func(Line) string) string {
	var b strings.Builder
	for _, v := range []stats.Outcome{stats.Better, stats.Worse, stats.Equivalent, stats.Inconclusive} {
		var items []string
		for _, l := range lines {
			if l.Verdict == string(v) {
				items = append(items, fmt.Sprintf("`%s` (%s)", l.Activation, desc(l)))
			}
		}
		if len(items) == 0 {
			items = []string{"none"}
		}
		fmt.Fprintf(&b, "- %s: %s\n", v, strings.Join(items, ", "))
	}
	return b.String()
}

// PFormat writes a p-value in running text: "p = 0.012", "p < 1e-6".
func PFormat(name string, p float64) string {
	t := PText(p)
	if strings.HasPrefix(t, "<") {
		return name + " " + t
	}
	return name + " = " + t
}
