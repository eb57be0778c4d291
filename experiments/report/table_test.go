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
	if tanh.Stat.N != 15 || !near(tanh.Stat.Mean, stats.Mean(a2), 1e-12) || !near(tanh.P, 0.021378001462867032, 1e-9) ||
		!near(tanh.Delta, stats.Mean(a2)-stats.Mean(a1), 1e-12) {
		t.Errorf("tanh row: %+v", tanh)
	}
	if !relu.IsBaseline || relu.Delta != 0 {
		t.Errorf("relu row not the baseline: %+v", relu)
	}
	if !math.IsNaN(lonely.P) || !near(lonely.Delta, 20-stats.Mean(a1), 1e-12) {
		t.Errorf("n = 1 row: delta %v, p %v; want a delta and no p", lonely.Delta, lonely.P)
	}
	if !math.IsNaN(perc.Delta) {
		t.Errorf("perceptron section has no relu run, yet delta = %v", perc.Delta)
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

func TestSummarizeProportion(t *testing.T) {
	// 30/100 against 45/100: the two-proportion p of stats_test.go.
	succ := func(k int) []float64 {
		v := make([]float64, 100)
		for i := range k {
			v[i] = 1
		}
		return v
	}
	rows := Summarize(recsOf("mlp", map[string][]float64{"relu": succ(45), "tanh": succ(30)}),
		Spec{Metric: "accuracy", Split: "test", Higher: true, Proportion: true, Baseline: "relu"})
	if len(rows) != 2 || rows[1].Activation != "tanh" || !near(rows[1].P, 0.028459736916310577, 1e-10) || !near(rows[1].Stat.Mean, 0.3, 1e-12) {
		t.Errorf("proportion rows: %+v", rows)
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
	for _, w := range []string{"command: test", "### Test accuracy — mlp 4", "| activation | lr | test accuracy (%) | 95% CI | n | Δ vs relu | s/epoch |",
		"| `relu` | 0.001 | 97.50 ± 0.50 |", "baseline", "~ (p=1.000)", "| 3 |"} {
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
	if len(lines) != 4 || lines[0][0] != "experiment" || lines[0][9] != "mean" || lines[1][4] != "relu" || lines[1][9] != "0.975" {
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
