package xor

import (
	"math"
	"strings"
	"testing"

	"github.com/isingact/isingact/experiments/report"
)

// TestReadmeClaims: the XOR sentences state what the lines say — no perceptron solves XOR,
// which activations fail AND with their Wilson interval and silent fraction, and the verdicts
// with their evidence — and claim no verdict from a summary without them.
func TestReadmeClaims(t *testing.T) {
	nan := math.NaN()
	line := func(act, model, hidden, variant, metric string, mean, lo, hi float64, verdict string, extra map[string]float64) report.Line {
		return report.Line{Experiment: "xor", Model: model, Hidden: hidden, Variant: variant, Activation: act, Metric: metric, N: 100,
			Mean: mean, Lo: lo, Hi: hi, Baseline: "relu", Test: report.TestMcNemar, NPairs: 100, Delta: mean - 0.5, DeltaLo: -0.2, DeltaHi: 0.1,
			P: 0.01, PHolm: 0.02, PTost: 0.3, Margin: 0.1, MinDetect: nan, Verdict: verdict, Extra: extra}
	}
	lines := []report.Line{
		line("relu", "perceptron", "", "", "success", 0, 0, 0.04, "baseline", nil),
		line("tanh", "perceptron", "", "", "success", 0, 0, 0.04, "inconclusive", nil),
		line("relu", "perceptron", "", "task=and", "success", 0.44, 0.35, 0.54, "baseline", map[string]float64{"silent_unit": 0.56}),
		line("tanh", "perceptron", "", "task=and", "success", 1, 0.96, 1, "better", map[string]float64{"silent_unit": 0}),
		line("relu", "mlp", "2", "", "success", 0.33, 0.25, 0.43, "baseline", nil),
		line("tanh", "mlp", "2", "", "success", 0.54, 0.44, 0.63, "better", nil),
	}
	got, err := ReadmeClaims(lines)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"solves XOR in none of the 100 seeds with any of the 2 activations",
		"succeeds in every seed with `tanh`",
		"`relu` 44% [35, 54] (silent at the end in 56% of seeds)",
		"MLP 2-2-1, success rate — against `relu`, paired by seed (n = 100): exact McNemar test",
		"- better: `tanh` (+4 [-20, +10], p Holm = 0.02, TOST p = 0.3)",
		"- worse: none",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("claims lack %q:\n%s", want, got)
		}
	}
	for i := range lines {
		lines[i].Verdict, lines[i].Extra = "", nil
	}
	if got, _ := ReadmeClaims(lines); !strings.Contains(got, "predates the paired protocol") || strings.Contains(got, "- better") {
		t.Errorf("claims from a summary without verdicts:\n%s", got)
	}
}
