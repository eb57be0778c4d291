package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
)

// recsOf builds the records of runs with the given final test accuracies per activation.
func recsOf(model string, vals map[string][]float64) []sweep.Record {
	var recs []sweep.Record
	for act, vs := range vals {
		for i, v := range vs {
			k := sweep.Key{Experiment: "t", Model: model, Activation: act, Seed: i + 1, LR: 0.001, Hidden: "4", Epochs: 2}
			recs = append(recs,
				sweep.Record{Key: k, Row: sweep.Row{Epoch: 1, Split: "test", Metric: "accuracy", Value: v - 0.5}}, // earlier epoch: ignored
				sweep.Record{Key: k, Row: sweep.Row{Epoch: 2, Split: "test", Metric: "accuracy", Value: v}},
				sweep.Record{Key: k, Row: sweep.Row{Epoch: 2, Metric: sweep.MetricSecondsPerEpoch, Value: 0.5}},
				sweep.Record{Key: k, Row: sweep.Row{Epoch: 2, Split: "train", Metric: "epochs_to_success", Value: float64(i + 1)}},
				sweep.Record{Key: k, Row: sweep.Row{Metric: sweep.MetricDone, Value: 1}})
		}
	}
	return recs
}

func TestSummarize(t *testing.T) {
	// Welch example A of stats_test.go as two activations: p = 0.021378001462867032.
	a1 := []float64{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4}
	a2 := []float64{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4}
	recs := recsOf("mlp", map[string][]float64{"relu": a1, "tanh": a2, "lonely": {20}})
	recs = append(recs, recsOf("perceptron", map[string][]float64{"tanh": {1, 2}})...)
	spec := Spec{Metric: "accuracy", Split: "test", Label: "acc", Higher: true, Baseline: "relu",
		Extras: []Extra{{Label: "epochs", Metric: "epochs_to_success", Split: "train", Median: true}}}
	rows := Summarize(recs, spec)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	// Sections in order of appearance, within them sorted by decreasing mean.
	order := []string{"mlp tanh", "mlp relu", "mlp lonely", "perceptron tanh"}
	for i, r := range rows {
		if got := r.Model + " " + r.Activation; got != order[i] {
			t.Errorf("row %d is %s, want %s", i, got, order[i])
		}
	}
	tanh, relu, lonely, perc := rows[0], rows[1], rows[2], rows[3]
	// Paired by seed: the same numbers as stats.Paired on the two lists (seeds 1..15 in order).
	want, err := stats.Paired(a2, a1, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := tanh.Cmp
	if tanh.Stat.N != 15 || !near(tanh.Stat.Mean, stats.Mean(a2), 1e-12) || c.Test != TestPairedT || c.N != 15 ||
		c.Delta != want.Delta || c.Lo != want.Lo || c.Hi != want.Hi || c.PPaired != want.PPaired || c.PPerm != want.PPerm ||
		c.MinDetect != want.MinDetect || !math.IsNaN(c.PTost) {
		t.Errorf("tanh row: %+v, want %+v", c, want)
	}
	// Holm over the section's two comparisons (tanh, lonely; lonely's NaN p does not count).
	if c.PHolm != c.PPaired || c.Verdict != stats.Verdict(c.Delta, c.PHolm, c.PTost) {
		t.Errorf("tanh: p_holm %v (p_paired %v), verdict %s", c.PHolm, c.PPaired, c.Verdict)
	}
	if !relu.IsBaseline || relu.Cmp.Test != "" {
		t.Errorf("relu row not the baseline: %+v", relu)
	}
	if lc := lonely.Cmp; lc.N != 1 || !math.IsNaN(lc.PPaired) || !near(lc.Delta, 20-a1[0], 1e-12) || lc.Verdict != stats.Inconclusive {
		t.Errorf("n = 1 row: %+v; want the one pair's difference, no p, inconclusive", lc)
	}
	if perc.Cmp.Test != "" || !math.IsNaN(perc.Cmp.Delta) {
		t.Errorf("perceptron section has no relu run, yet %+v", perc.Cmp)
	}
	if tanh.SecPerEpoch != 0.5 || tanh.LR != "0.001" || tanh.Extras[0].Median != 8 {
		t.Errorf("time %v, lr %q, median epochs %v", tanh.SecPerEpoch, tanh.LR, tanh.Extras[0].Median)
	}

	// Lower is better reverses the order.
	spec.Higher = false
	if rows := Summarize(recs, spec); rows[0].Activation != "lonely" {
		t.Errorf("lower-is-better order starts with %s", rows[0].Activation)
	}
}

// TestSummarizeProportion: 0/1 outcomes are compared by their discordant pairs (exact McNemar,
// Tango's interval and TOST), on the seeds both rows have.
func TestSummarizeProportion(t *testing.T) {
	// relu succeeds on seeds 1..45, tanh on seeds 16..45 and 91..100: b = 10 (tanh only),
	// c = 15 (relu only), n = 100.
	succ := func(ranges ...[2]int) []float64 {
		v := make([]float64, 100)
		for _, r := range ranges {
			for i := r[0]; i <= r[1]; i++ {
				v[i-1] = 1
			}
		}
		return v
	}
	spec := Spec{Metric: "accuracy", Split: "test", Higher: true, Proportion: true, Baseline: "relu", Margin: 0.1}
	rows := Summarize(recsOf("mlp", map[string][]float64{"relu": succ([2]int{1, 45}), "tanh": succ([2]int{16, 45}, [2]int{91, 100})}), spec)
	if len(rows) != 2 || rows[1].Activation != "tanh" || !near(rows[1].Stat.Mean, 0.4, 1e-12) {
		t.Fatalf("proportion rows: %+v", rows)
	}
	c := rows[1].Cmp
	_, _, tost := stats.TangoTOST(10, 15, 100, 0.1)
	iv := stats.TangoInterval(10, 15, 100, 0.95)
	if c.Test != TestMcNemar || c.B != 10 || c.C != 15 || c.N != 100 || !near(c.Delta, -0.05, 1e-12) ||
		c.PPaired != stats.McNemar(10, 15) || c.PPerm != c.PPaired || c.PTost != tost || c.Lo != iv.Lo || c.Hi != iv.Hi {
		t.Errorf("tanh vs relu: %+v", c)
	}
	if c.PHolm != c.PPaired || c.Verdict != stats.Inconclusive {
		t.Errorf("one comparison: p_holm %v, verdict %s; want p_paired and inconclusive", c.PHolm, c.Verdict)
	}
}

// TestSummarizePairsCommonSeeds: a row is compared on the seeds it shares with the baseline
// only; a seed the baseline lacks (or has twice, at two learning rates) pairs with nothing.
func TestSummarizePairsCommonSeeds(t *testing.T) {
	recs := recsOf("mlp", map[string][]float64{"relu": {0.90, 0.92, 0.91}, "tanh": {0.91, 0.94, 0.92, 0.99, 0.50}})
	spec := Spec{Metric: "accuracy", Split: "test", Higher: true, Baseline: "relu", Margin: 0.05}
	var tanh Row
	for _, r := range Summarize(recs, spec) {
		if r.Activation == "tanh" {
			tanh = r
		}
	}
	want, _ := stats.Paired([]float64{0.91, 0.94, 0.92}, []float64{0.90, 0.92, 0.91}, 0.05)
	if tanh.Stat.N != 5 || tanh.Cmp.N != 3 || tanh.Cmp.Delta != want.Delta || tanh.Cmp.PTost != want.PTost {
		t.Errorf("tanh: n %d, comparison %+v; want n 5 and %+v on 3 pairs", tanh.Stat.N, tanh.Cmp, want)
	}
	md := Markdown(spec, Summarize(recs, spec))
	if !strings.Contains(md, "(3 pairs)") {
		t.Errorf("the table does not say that tanh was compared on 3 pairs:\n%s", md)
	}
}

func TestWriteSummaries(t *testing.T) {
	dir := t.TempDir()
	recs := recsOf("mlp", map[string][]float64{"relu": {0.97, 0.98, 0.975}, "tanh": {0.96, 0.965, 0.97}, "same": {0.97, 0.98, 0.975}})
	spec := Spec{Title: "Test accuracy", Metric: "accuracy", Split: "test", Label: "test accuracy (%)", Scale: 100, Higher: true, Baseline: "relu"}
	var out bytes.Buffer
	if err := Write(dir, &out, "command: test", []Table{{spec, Summarize(recs, spec)}}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(md) {
		t.Error("stdout differs from summary.md")
	}
	for _, w := range []string{"command: test", "### Test accuracy — mlp 4",
		"| activation | lr | test accuracy (%) | 95% CI | n | Δ vs relu [95% CI] | p paired t | p sign-flip | p Holm | p TOST | verdict | s/epoch |",
		"| `relu` | 0.001 | 97.50 ± 0.50 |", "| baseline | — |", "| `same` | 0.001 | 97.50 ± 0.50 | [96.26, 98.74] | 3 | +0.00 [+0.00, +0.00] | 1 | 1 | 1 | — | inconclusive |",
		"Paired by seed with `relu`", "Holm over the 2 comparisons", "Smallest difference detectable with 80% power"} {
		if !strings.Contains(string(md), w) {
			t.Errorf("summary.md lacks %q:\n%s", w, md)
		}
	}
	f, err := os.Open(filepath.Join(dir, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 4 || lines[0][0] != "experiment" || lines[0][11] != "mean" || lines[1][4] != "relu" || lines[1][11] != "0.975" || lines[1][29] != "baseline" || lines[3][24] != "0.07417990022744854" {
		t.Errorf("summary.csv = %q", lines)
	}
}

func TestRunHeader(t *testing.T) {
	h := Header(CommandLine("mnist", []string{"-full", "-seeds", "3"}), time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	for _, w := range []string{"`go run ./experiments mnist -full -seeds 3`", runtime.Version(), runtime.GOARCH, "2026-01-02T03:04:05Z"} {
		if !strings.Contains(h, w) {
			t.Errorf("header lacks %q:\n%s", w, h)
		}
	}
}

// near reports whether got is within tol of want (relative for |want| > 1); NaN matches NaN.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}
