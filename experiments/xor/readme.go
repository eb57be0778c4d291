package xor

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/report"
)

// readmeColumn is one column of the README's XOR table: the summary section it comes from and
// how a value is shown.
type readmeColumn struct {
	model, hidden, variant, metric string
	cell                           func(report.Line) string
}

// ReadmeTable is the repository README's XOR table, generated from the lines of a
// results/xor/summary.csv: per activation, best first (by the 2-4-1 success rate, then the 2-2-1
// one), the success rates of the MLPs 2-2-1 and 2-4-1 with their Wilson intervals, the
// 2-4-1 noisy-XOR test accuracy (mean ± std) and the perceptron's success rates on XOR and on AND
// (the control, with its Wilson interval), in percent.
func ReadmeTable(lines []report.Line) (string, error) {
	rate := func(l report.Line) string {
		return fmt.Sprintf("%.0f [%.0f, %.0f]", 100*l.Mean, 100*l.Lo, 100*l.Hi)
	}
	cols := []readmeColumn{
		{"mlp", "2", "", "success", rate},
		{"mlp", "4", "", "success", rate},
		{"mlp", "4", "task=" + taskNoisy, "accuracy", func(l report.Line) string { return fmt.Sprintf("%.1f ± %.1f", 100*l.Mean, 100*l.Std) }},
		{"perceptron", "", "", "success", func(l report.Line) string { return fmt.Sprintf("%.0f", 100*l.Mean) }},
		{"perceptron", "", "task=" + taskAND, "success", rate},
	}
	cells := map[string][]string{}   // activation → its cells
	means := map[string][2]float64{} // activation → success means of 2-2-1 and 2-4-1
	var order []string
	for ci, c := range cols {
		for _, l := range lines {
			if l.Model != c.model || l.Hidden != c.hidden || l.Variant != c.variant || l.Metric != c.metric {
				continue
			}
			if cells[l.Activation] == nil {
				cells[l.Activation] = make([]string, len(cols))
			}
			cells[l.Activation][ci] = c.cell(l)
			if ci <= 1 {
				m := means[l.Activation]
				m[ci] = l.Mean
				means[l.Activation] = m
			}
			if ci == 1 {
				order = append(order, l.Activation)
			}
		}
	}
	if len(order) == 0 {
		return "", fmt.Errorf("xor: no 2-4-1 MLP lines in the summary")
	}
	// Best 2-4-1 success first, then best 2-2-1; ties keep the summary's order (by name).
	slices.SortStableFunc(order, func(a, b string) int {
		return cmp.Or(cmp.Compare(means[b][1], means[a][1]), cmp.Compare(means[b][0], means[a][0]))
	})
	var b strings.Builder
	b.WriteString("| activation | 2-2-1 success % [95% CI] | 2-4-1 success % [95% CI] | 2-4-1 noisy-XOR test acc % | perceptron XOR | perceptron AND (control) [95% CI] |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, act := range order {
		row := cells[act]
		for i := range row {
			if row[i] == "" {
				row[i] = "—"
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s |\n", act, strings.Join(row, " | "))
	}
	return b.String(), nil
}
