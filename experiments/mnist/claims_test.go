package mnist

import (
	"math"
	"strings"
	"testing"

	"github.com/isingact/isingact/experiments/report"
)

// TestReadmeClaims: the MNIST sentences state the verdicts with their evidence, the power, the
// rates at an edge, the sparsity and the gain table's verdicts, as the lines say; and nothing
// but the baseline's accuracy from a summary without verdicts.
func TestReadmeClaims(t *testing.T) {
	line := func(act, variant, verdict string, delta, pHolm, pTost, sparsity float64, interior, note string) report.Line {
		return report.Line{Experiment: "mnist", Model: "mlp", Hidden: "256", Variant: variant, Activation: act, LR: "0.001", LRInterior: interior,
			LRNote: note, Metric: "accuracy", Split: "test", N: 10, Mean: 0.979 + delta, Baseline: "relu", Test: report.TestPairedT, NPairs: 10,
			Delta: delta, DeltaLo: delta - 0.001, DeltaHi: delta + 0.001, PHolm: pHolm, PTost: pTost, Margin: 0.002, MinDetect: 0.0015,
			Verdict: verdict, Extra: map[string]float64{"sparsity": sparsity}}
	}
	lines := []report.Line{
		line("relu", "", "baseline", 0, math.NaN(), math.NaN(), 0.6, "true", ""),
		line("quench-tanh", "", "equivalent", 0.0003, 0.9, 0.004, 0.3, "true", ""),
		line("sigmoid", "", "worse", -0.004, 0.001, 0.99, 0, "false", "best at the largest rate tried after 3 extensions"),
		line("relu", "init=gain", "baseline", 0, math.NaN(), math.NaN(), 0.5, "true", ""),
		line("sigmoid", "init=gain", "inconclusive", -0.001, 0.4, 0.2, 0, "false", ""),
	}
	lines[2].Test, lines[0].Test, lines[3].Test = report.TestPairedT, "", ""
	got, err := ReadmeClaims(lines)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"The `relu` baseline (97.90%) reaches the literature's sanity floor",
		"paired by seed (n = 10 pairs)", "Holm-adjusted over the 2 comparisons", "within ±0.20 points",
		"- equivalent: `quench-tanh` (+0.03 [-0.07, +0.13], TOST p = 0.004)",
		"- worse: `sigmoid` (-0.40 [-0.50, -0.30], p Holm = 0.001)",
		"- better: none",
		"a difference of 0.15 points",
		"still at an edge of the sweep: `sigmoid` (best at the largest rate tried after 3 extensions)",
		"`relu` 60.0%, `quench-tanh` 30.0%; below 0.1% for `sigmoid`",
		"With the `gain` initialiser",
		"- inconclusive: `sigmoid` (-0.10 [-0.20, +0.00], p Holm = 0.4, TOST p = 0.2)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("claims lack %q:\n%s", want, got)
		}
	}
	for i := range lines {
		lines[i].Verdict = ""
	}
	got, _ = ReadmeClaims(lines)
	if !strings.Contains(got, "predates the paired protocol") || strings.Contains(got, "equivalent") {
		t.Errorf("claims from a summary without verdicts:\n%s", got)
	}
}
