package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
)

// Write writes the tables to <dir>/summary.md (Markdown, preceded by header, e.g. the command
// line and machine) and <dir>/summary.csv (raw values, one line per row of every table), both
// atomically, and prints the Markdown to stdout (nil: nowhere).
func Write(dir string, stdout io.Writer, header string, tables []Table) error {
	var md strings.Builder
	if header != "" {
		md.WriteString(strings.TrimSpace(header) + "\n\n")
	}
	for i, t := range tables {
		if i > 0 {
			md.WriteString("\n") // a blank line between tables, as between the sections of one
		}
		md.WriteString(Markdown(t.Spec, t.Rows))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	err := errors.Join(atomicfile.WriteFile(filepath.Join(dir, "summary.md"), []byte(md.String())),
		atomicfile.WriteFile(filepath.Join(dir, "summary.csv"), CSV(tables)))
	if err != nil || stdout == nil {
		return err
	}
	_, err = io.WriteString(stdout, md.String())
	return err
}

// CSVColumns is the header of summary.csv.
func CSVColumns() []string {
	return []string{"experiment", "model", "hidden", "variant", "activation", "lr", "metric", "split", "n", "mean", "std",
		"ci_low", "ci_high", "median", "q1", "q3", "baseline", "delta", "p_value", "seconds_per_epoch"}
}

// CSV renders the tables as summary.csv: one line per row of every table, raw (unscaled) values.
func CSV(tables []Table) []byte {
	var cs strings.Builder
	w := csv.NewWriter(&cs)
	w.Write(CSVColumns())
	f := sweep.FormatFloat
	for _, t := range tables {
		for _, r := range t.Rows {
			s := r.Stat
			w.Write([]string{r.Experiment, r.Model, r.Hidden, r.Variant, r.Activation, r.LR, t.Spec.Metric, t.Spec.Split,
				strconv.Itoa(s.N), f(s.Mean), f(s.Std), f(s.Lo), f(s.Hi), f(s.Median), f(s.Q1), f(s.Q3), t.Spec.Baseline,
				f(r.Delta), f(r.P), f(r.SecPerEpoch)})
		}
	}
	w.Flush() // a strings.Builder cannot fail
	return []byte(cs.String())
}

// Markdown renders one table, one Markdown table per section, in benchstat's spirit: mean ± std,
// the 95% CI, n, and the difference to the baseline with its p-value, "~" when the difference is
// not significant at the 5% level.
func Markdown(spec Spec, rows []Row) string {
	var b strings.Builder
	for i, r := range rows {
		if i == 0 || r.section() != rows[i-1].section() {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(heading(spec, r))
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(cells(spec, r), " | "))
	}
	return b.String()
}

// heading is a section's title and table header.
func heading(spec Spec, r Row) string {
	var b strings.Builder
	title := spec.Title
	if title == "" {
		title = spec.Split + " " + spec.Metric
	}
	fmt.Fprintf(&b, "### %s — %s", title, r.Model)
	if r.Hidden != "" {
		fmt.Fprintf(&b, " %s", r.Hidden)
	}
	if r.Variant != "" {
		fmt.Fprintf(&b, " (%s)", r.Variant)
	}
	b.WriteString("\n\n")
	first := spec.RowLabel
	if first == "" {
		first = "activation"
	}
	head := []string{first, "lr", spec.Label, "95% CI", "n"}
	if spec.Baseline != "" {
		head = append(head, "Δ vs "+spec.Baseline)
	}
	for _, e := range spec.Extras {
		head = append(head, e.Label)
	}
	head = append(head, "s/epoch")
	fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
	return b.String()
}

// fixed formats v·scale with d decimals, "NaN" for NaN.
func fixed(v, scale float64, d int) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v*scale, 'f', d, 64)
}

// cells are a row's Markdown cells.
func cells(spec Spec, r Row) []string {
	scale, dec := orOne(spec.Scale), spec.Decimals
	if dec == 0 {
		dec = 2
	}
	s := r.Stat
	headline := fixed(s.Mean, scale, dec) + " ± " + fixed(s.Std, scale, dec)
	if spec.Proportion {
		headline = fixed(s.Mean, scale, dec) // a rate: its spread is the interval
	}
	c := []string{"`" + r.Activation + "`", r.LR, headline, r.CI.Text(scale, dec), strconv.Itoa(s.N)}
	if spec.Baseline != "" {
		c = append(c, deltaCell(r, scale, dec))
	}
	for i, e := range spec.Extras {
		d, sc := r.Extras[i], orOne(e.Scale)
		switch {
		case d.N == 0:
			c = append(c, "—")
		case e.Median:
			c = append(c, fixed(d.Median, sc, e.Decimals)+" ["+fixed(d.Q1, sc, e.Decimals)+", "+fixed(d.Q3, sc, e.Decimals)+"]")
		default:
			c = append(c, fixed(d.Mean, sc, e.Decimals)+" ± "+fixed(d.Std, sc, e.Decimals))
		}
	}
	if math.IsNaN(r.SecPerEpoch) {
		return append(c, "—")
	}
	return append(c, strconv.FormatFloat(r.SecPerEpoch, 'g', 3, 64))
}

// deltaCell is the comparison with the baseline: "baseline", the difference with its p, "~" when
// not significant, "—" without a baseline run in the section.
func deltaCell(r Row, scale float64, dec int) string {
	switch {
	case r.IsBaseline:
		return "baseline"
	case math.IsNaN(r.Delta):
		return "—"
	case math.IsNaN(r.P):
		return fmt.Sprintf("%+.*f (no test: n < 2)", dec, r.Delta*scale)
	case r.P >= 0.05:
		return fmt.Sprintf("~ (p=%.3f)", r.P)
	}
	return fmt.Sprintf("%+.*f (p=%.3g)", dec, r.Delta*scale, r.P)
}

func orOne(scale float64) float64 {
	if scale == 0 {
		return 1
	}
	return scale
}
