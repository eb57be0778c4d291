package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/experiments/stats"
)

// compareHead are the column headers of the comparison with the baseline.
func compareHead(spec Spec) []string {
	h := []string{"Δ vs " + spec.Baseline + " [95% CI]"}
	if spec.Proportion {
		h = append(h, "p McNemar")
	} else {
		h = append(h, "p paired t", "p sign-flip")
	}
	return append(h, "p Holm", "p TOST", "verdict")
}

// compareCells are a row's comparison cells, as compareHead names them: the baseline row says
// "baseline", a section without a baseline run "—".
func compareCells(spec Spec, r Row, scale float64, dec int) []string {
	n := len(compareHead(spec))
	fill := func(first string) []string {
		c := make([]string, n)
		for i := range c {
			c[i] = "—"
		}
		c[0] = first
		return c
	}
	cmp := r.Cmp
	switch {
	case r.IsBaseline:
		return fill("baseline")
	case cmp.Test == "":
		return fill("—")
	}
	delta := signed(cmp.Delta, scale, dec)
	if !math.IsNaN(cmp.Lo) {
		delta += " [" + signed(cmp.Lo, scale, dec) + ", " + signed(cmp.Hi, scale, dec) + "]"
	}
	if cmp.N != r.Stat.N {
		delta += fmt.Sprintf(" (%d pairs)", cmp.N)
	}
	c := []string{delta, PText(cmp.PPaired)}
	if !spec.Proportion {
		c = append(c, PText(cmp.PPerm))
	}
	verdict := string(cmp.Verdict)
	if verdict == string(stats.Better) || verdict == string(stats.Worse) || verdict == string(stats.Equivalent) {
		verdict = "**" + verdict + "**"
	}
	return append(c, PText(cmp.PHolm), PText(cmp.PTost), verdict)
}

// signed formats v·scale with d decimals and a sign, "NaN" for NaN.
func signed(v, scale float64, d int) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return fmt.Sprintf("%+.*f", d, v*scale)
}

// PText formats a p-value for a table: three significant digits ("0.0123", "1"), "<1e-6" below
// a millionth, "—" when there is no test (NaN).
func PText(p float64) string {
	switch {
	case math.IsNaN(p):
		return "—"
	case p < 1e-6:
		return "<1e-6"
	}
	return strconv.FormatFloat(p, 'g', 3, 64)
}

// footer is what goes under a section's table: how the comparison was made, the smallest
// difference it could detect, and the rows whose learning rate is not interior; "" when there
// is nothing to say. rows are the table's rows; only those of section sec are read.
func footer(spec Spec, rows []Row, sec string) string {
	var in []Row
	for _, r := range rows {
		if r.section() == sec {
			in = append(in, r)
		}
	}
	var lines []string
	if s := compareNote(spec, in); s != "" {
		lines = append(lines, s)
	}
	for _, r := range in {
		if r.LRInterior == "false" {
			lines = append(lines, fmt.Sprintf("Learning rate of `%s` (%s) is not interior: %s.", r.Activation, r.LR, r.LRNote))
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return "\n" + strings.Join(lines, "  \n") + "\n"
}

// compareNote says how a section's rows were compared and what they could detect: the median
// and range of the rows' MinDetect.
func compareNote(spec Spec, rows []Row) string {
	var md []float64
	k := 0
	for _, r := range rows {
		if r.Cmp.Test == "" {
			continue
		}
		k++
		if !math.IsNaN(r.Cmp.MinDetect) {
			md = append(md, r.Cmp.MinDetect)
		}
	}
	if k == 0 {
		return ""
	}
	scale, dec := orOne(spec.Scale), spec.Decimals
	if dec == 0 {
		dec = 2
	}
	var b strings.Builder
	test := "paired t-test (sign-flip permutation beside it)"
	if spec.Proportion {
		test = "exact McNemar test, Tango's score interval"
	}
	plural := "s"
	if k == 1 {
		plural = ""
	}
	fmt.Fprintf(&b, "Paired by seed with `%s` (seeds present in both rows); %s; p Holm: Holm over the %d comparison%s of this table. ",
		spec.Baseline, test, k, plural)
	if spec.Margin > 0 {
		fmt.Fprintf(&b, "Equivalent: TOST p < %g with the margin ±%s (units of the %s column). ", stats.Alpha, fixed(spec.Margin, scale, dec), spec.Label)
	} else {
		b.WriteString("No equivalence margin: no TOST. ")
	}
	if len(md) > 0 {
		slices.Sort(md)
		f := func(v float64) string { return detectText(v, spec, scale, dec) }
		fmt.Fprintf(&b, "Smallest difference detectable with 80%% power (paired t, α = %g, from each row's observed paired spread): median %s, range %s–%s.",
			stats.Alpha, f(stats.Quantile(md, 0.5)), f(md[0]), f(md[len(md)-1]))
	}
	return strings.TrimSpace(b.String())
}

// detectText formats a MinDetect value; for rates one of 1 or more (the whole scale) says that
// no difference is detectable.
func detectText(v float64, spec Spec, scale float64, dec int) string {
	if spec.Proportion && v >= 1 {
		return "none (≥ " + fixed(1, scale, dec) + ")"
	}
	return fixed(v, scale, dec)
}
