package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

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

// Markdown renders one table, one Markdown table per section, in benchstat's spirit: mean ± std,
// the 95% CI, n, and the paired comparison with the baseline (Comparison: the difference with
// its interval, the p-values, the verdict); under each section, what the comparison could
// detect (footer).
func Markdown(spec Spec, rows []Row) string {
	var b strings.Builder
	for i, r := range rows {
		if i == 0 || r.section() != rows[i-1].section() {
			if i > 0 {
				b.WriteString(footer(spec, rows[:i], rows[i-1].section()) + "\n")
			}
			b.WriteString(heading(spec, r))
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(cells(spec, r), " | "))
	}
	if len(rows) > 0 {
		b.WriteString(footer(spec, rows, rows[len(rows)-1].section()))
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
		head = append(head, compareHead(spec)...)
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
	lr := r.LR
	if r.LRInterior == "false" {
		lr += " (edge)"
	}
	c := []string{"`" + r.Activation + "`", lr, headline, r.CI.Text(scale, dec), strconv.Itoa(s.N)}
	if spec.Baseline != "" {
		c = append(c, compareCells(spec, r, scale, dec)...)
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

func orOne(scale float64) float64 {
	if scale == 0 {
		return 1
	}
	return scale
}
