package mnist

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/experiments/internal/testutil"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/sweep"
)

// sweepRecs builds the finished sweep runs of group tanh (mlp 8) for cfg: per rate, one
// validation accuracy per seed (NaN: that seed diverged).
func sweepRecs(cfg Config, vals map[float64][]float64) []sweep.Record {
	g := Group{"mlp", "8", "tanh"}
	var recs []sweep.Record
	for lr, vs := range vals {
		for i, v := range vs {
			k := cfg.sweepKey(g, lr, i+1)
			if math.IsNaN(v) {
				recs = append(recs, sweep.Record{Key: k, Row: sweep.Row{Epoch: 1, Metric: "diverged", Value: 1}})
			} else {
				recs = append(recs,
					sweep.Record{Key: k, Row: sweep.Row{Epoch: 1, Split: "val", Metric: "accuracy", Value: v - 0.5}}, // earlier epoch: ignored
					sweep.Record{Key: k, Row: sweep.Row{Epoch: k.Epochs, Split: "val", Metric: "accuracy", Value: v}},
					sweep.Record{Key: k, Row: sweep.Row{Epoch: k.Epochs, Metric: "diverged", Value: 0}})
			}
			recs = append(recs, sweep.Record{Key: k, Row: sweep.Row{Metric: sweep.MetricDone, Value: 1}})
		}
	}
	return recs
}

// TestPlanSweep checks the bracketing rule on hand-made sweep runs (grid {3e-4, 1e-3, 3e-3},
// 2 sweep seeds, 3 epochs): the chosen rate, whether it is interior and why not, and the runs
// the next round needs. Extension rates by hand: 3e-3·3 = 9e-3, 9e-3·3 = 2.7e-2, 2.7e-2·3 =
// 8.1e-2 upward; 3e-4·0.3 = 9e-5, then 2.7e-5, 8.1e-6 downward.
func TestPlanSweep(t *testing.T) {
	cfg := Config{Training: command.Training{Acts: acts(t, "tanh"), LRs: []float64{1e-3, 3e-4, 3e-3}, Hidden: [][]int{{8}}, Epochs: 3,
		Batch: 128, Opt: "adam"}, Models: []string{"mlp"}, Init: "glorot-uniform", SweepSeeds: 2, SweepEpochs: 3}
	nan := math.NaN()
	for _, c := range []struct {
		name     string
		vals     map[float64][]float64
		chosen   float64
		interior string
		note     string    // a substring of the note
		pending  []float64 // rates of the pending runs (one per missing seed)
	}{
		{"interior at once", map[float64][]float64{3e-4: {.90, .90}, 1e-3: {.95, .93}, 3e-3: {.97, .85}}, 1e-3, "true", "", nil},
		{"missing seed", map[float64][]float64{3e-4: {.90, .90}, 1e-3: {.95}, 3e-3: {.97, .85}}, 1e-3, "", "", []float64{1e-3}},
		{"upper edge: extend", map[float64][]float64{3e-4: {.90, .90}, 1e-3: {.91, .91}, 3e-3: {.97, .97}}, 3e-3, "", "", []float64{9e-3, 9e-3}},
		{"extension diverged: interior", map[float64][]float64{3e-4: {.90, .90}, 1e-3: {.91, .91}, 3e-3: {.97, .97}, 9e-3: {.99, nan}}, 3e-3, "true",
			"0.009 diverged (1 of 2 seeds)", nil},
		{"extension better: extend again", map[float64][]float64{3e-4: {.90, .90}, 1e-3: {.91, .91}, 3e-3: {.97, .97}, 9e-3: {.98, .98}}, 9e-3, "", "",
			[]float64{0.027, 0.027}},
		{"three extensions, still at the edge", map[float64][]float64{3e-4: {.90, .90}, 1e-3: {.91, .91}, 3e-3: {.92, .92}, 9e-3: {.93, .93},
			0.027: {.94, .94}, 0.081: {.95, .95}}, 0.081, "false", "largest rate tried after 3 extensions", nil},
		{"lower edge", map[float64][]float64{3e-4: {.97, .97}, 1e-3: {.91, .91}, 3e-3: {.90, .90}, 9e-5: {.98, .98}, 2.7e-5: {.96, .96}}, 9e-5, "true", "", nil},
		{"tie to the smaller rate", map[float64][]float64{3e-4: {.80, .80}, 1e-3: {.95, .95}, 3e-3: {.95, .95}}, 1e-3, "true", "", nil},
		{"all diverged: extend down", map[float64][]float64{3e-4: {nan, nan}, 1e-3: {nan, nan}, 3e-3: {nan, nan}}, 9e-5, "", "", []float64{9e-5, 9e-5}},
		{"nothing yet", nil, 3e-4, "", "", []float64{3e-4, 3e-4, 1e-3, 1e-3, 3e-3, 3e-3}},
	} {
		s := PlanSweep(cfg, sweepRecs(cfg, c.vals))
		b := s.Groups[Group{"mlp", "8", "tanh"}]
		var pending []float64
		for _, k := range s.Pending {
			pending = append(pending, k.LR)
		}
		if b.Chosen != c.chosen || b.Interior != c.interior || !strings.Contains(b.Note, c.note) || !slices.Equal(pending, c.pending) ||
			b.Complete != (c.pending == nil) || s.Complete() != (c.pending == nil) {
			t.Errorf("%s: chosen %v interior %q note %q pending %v complete %v; want %v %q %q %v", c.name, b.Chosen, b.Interior, b.Note, pending,
				b.Complete, c.chosen, c.interior, c.note, c.pending)
		}
	}
}

// TestPlanSweepOneRate: a single rate is no sweep; every group is complete with that rate and
// the interior question does not apply.
func TestPlanSweepOneRate(t *testing.T) {
	cfg := Config{Training: command.Training{Acts: acts(t, "tanh"), LRs: []float64{0.02}, Hidden: [][]int{{8}}, Epochs: 1},
		Models: []string{"mlp", "perceptron"}, Init: "glorot-uniform", SweepSeeds: 1, SweepEpochs: 1}
	s := PlanSweep(cfg, nil)
	if !s.Complete() || len(s.Groups) != 2 {
		t.Fatalf("state %+v", s)
	}
	for g, b := range s.Groups {
		if b.Chosen != 0.02 || b.Interior != "" || !b.Complete {
			t.Errorf("%v: %+v", g, b)
		}
	}
	if k := SweepKeys(cfg, s); len(k) != 0 {
		t.Errorf("sweep keys without a sweep: %v", k)
	}
}

// TestExtend: the grid's own ratio in each direction, rounded so that keys repeat exactly.
func TestExtend(t *testing.T) {
	for _, c := range []struct {
		grid []float64
		up   bool
		want float64
	}{
		{[]float64{3e-4, 1e-3, 3e-3}, true, 9e-3},
		{[]float64{3e-4, 1e-3, 3e-3, 9e-3}, true, 0.027},
		{[]float64{3e-4, 1e-3, 3e-3}, false, 9e-5},
		{[]float64{0.001, 0.01}, true, 0.1},
		{[]float64{0.001, 0.01}, false, 0.0001},
	} {
		if got := extend(c.grid, c.up); got != c.want {
			t.Errorf("extend(%v, up=%v) = %v, want %v", c.grid, c.up, got, c.want)
		}
	}
}

// TestReportFromDisk: Report rewrites the tables of a finished run from its runs file alone,
// the same summary.csv as the run wrote.
func TestReportFromDisk(t *testing.T) {
	dir := t.TempDir()
	args := append(slices.Clone(tinyMNIST), "-out", dir)
	if _, _, err := testutil.RunCommand(context.Background(), runCommand, args...); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if err := os.Remove(filepath.Join(dir, "summary.csv")); err != nil {
		t.Fatal(err)
	}
	if err := Report(tinyConfig(t), sweep.Options{Dir: dir, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if dropTime(string(before)) != dropTime(string(after)) || len(after) == 0 {
		t.Errorf("Report's summary.csv differs from the run's:\n%s\n---\n%s", after, before)
	}
}
