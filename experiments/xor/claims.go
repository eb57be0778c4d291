package xor

import (
	"fmt"
	"math"
	"strings"

	"github.com/isingact/isingact/experiments/report"
)

// ReadmeClaims are the README's sentences about the XOR results, generated from the lines of a
// results/xor/summary.csv so that no claim can drift from the data: which activations let the
// perceptron solve XOR (none should: XOR is not linearly separable), which fail the AND control
// in some seeds and how often their perceptron ends silent (output 0 at all four points), and
// each activation's verdict against the baseline per MLP and on noisy XOR. Without verdicts (a
// summary.csv from before the paired protocol) the verdict lists are left out, saying so.
func ReadmeClaims(lines []report.Line) (string, error) {
	section := func(model, hidden, variant, metric string) []report.Line {
		var out []report.Line
		for _, l := range lines {
			if l.Model == model && l.Hidden == hidden && l.Variant == variant && l.Metric == metric {
				out = append(out, l)
			}
		}
		return out
	}
	perc, and := section("perceptron", "", "", "success"), section("perceptron", "", "task="+taskAND, "success")
	if len(perc)+len(and) == 0 {
		return "", fmt.Errorf("xor: no perceptron lines in the summary")
	}
	var b strings.Builder
	b.WriteString(xorSentence(perc) + "\n\n" + andSentence(and) + "\n")
	if !report.HasVerdicts(lines) {
		b.WriteString("\nThis summary.csv predates the paired protocol (no verdict column), so the README draws no comparison from it; " +
			"rerun `go run ./experiments xor` for the verdicts.\n")
		return b.String(), nil
	}
	for _, s := range []struct {
		title                          string
		model, hidden, variant, metric string
	}{
		{"MLP 2-2-1, success rate", "mlp", "2", "", "success"},
		{"MLP 2-4-1, success rate", "mlp", "4", "", "success"},
		{"MLP 2-4-1 on noisy XOR, test accuracy", "mlp", "4", "task=" + taskNoisy, "accuracy"},
	} {
		ls := section(s.model, s.hidden, s.variant, s.metric)
		if !report.HasVerdicts(ls) {
			continue
		}
		fmt.Fprintf(&b, "\n%s — %s:\n\n%s", s.title, verdictHow(ls), report.VerdictList(ls, describe))
	}
	return b.String(), nil
}

// xorSentence says whether the perceptron ever solved XOR.
func xorSentence(perc []report.Line) string {
	var solved []string
	n := 0
	for _, l := range perc {
		n = max(n, l.N)
		if l.Mean > 0 {
			solved = append(solved, fmt.Sprintf("`%s` %.0f%%", l.Activation, 100*l.Mean))
		}
	}
	if len(solved) == 0 {
		return fmt.Sprintf("The perceptron solves XOR in none of the %d seeds with any of the %d activations (XOR is not linearly separable).", n, len(perc))
	}
	return "The perceptron solved XOR in some seeds with: " + strings.Join(solved, ", ") + "."
}

// andSentence says which activations fail the AND control in some seeds, with the success
// rate's Wilson interval and how often the perceptron ends silent.
func andSentence(and []report.Line) string {
	var ok, fail []string
	silent := false
	for _, l := range and {
		if l.Mean == 1 {
			ok = append(ok, "`"+l.Activation+"`")
			continue
		}
		s := fmt.Sprintf("`%s` %.0f%% [%.0f, %.0f]", l.Activation, 100*l.Mean, 100*l.Lo, 100*l.Hi)
		if v := l.ExtraValue("silent_unit"); !math.IsNaN(v) {
			s += fmt.Sprintf(" (silent at the end in %.0f%% of seeds)", 100*v)
			silent = true
		}
		fail = append(fail, s)
	}
	text := "The control, the same perceptron on AND (linearly separable), succeeds in every seed with " + orNone(ok) + "."
	if len(fail) > 0 {
		text += " It fails AND in some seeds with the others; their success rates, % [Wilson 95% interval]: " + strings.Join(fail, "; ") + "."
		if silent {
			text += " A silent perceptron outputs 0 on all four points, so it cannot represent AND."
		}
	}
	return text
}

// verdictHow says how one section's verdicts were reached.
func verdictHow(ls []report.Line) string {
	for _, l := range ls {
		if l.Test == report.TestMcNemar {
			return fmt.Sprintf("against `%s`, paired by seed (n = %d): exact McNemar test, Holm over the section, equivalence within ±%.0f points by Tango's TOST; "+
				"difference in points [Tango 95%% interval]", l.Baseline, l.NPairs, 100*l.Margin)
		}
		if l.Test == report.TestPairedT {
			return fmt.Sprintf("against `%s`, paired by seed (n = %d): paired t-test, Holm over the section, equivalence within ±%.0f points by TOST; "+
				"difference in points [95%% interval]", l.Baseline, l.NPairs, 100*l.Margin)
		}
	}
	return ""
}

// describe is one line's evidence: difference [interval] in points and its p-values.
func describe(l report.Line) string {
	return fmt.Sprintf("%+.0f [%+.0f, %+.0f], %s, %s", 100*l.Delta, 100*l.DeltaLo, 100*l.DeltaHi,
		report.PFormat("p Holm", l.PHolm), report.PFormat("TOST p", l.PTost))
}

// orNone joins items with commas, "none" when there are none.
func orNone(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}
