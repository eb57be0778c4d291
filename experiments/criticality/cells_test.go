package criticality

import (
	"math"
	"strconv"
	"testing"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/sweep"
)

// TestCellsMedian: a trainability cell shows the median of its seeds' test accuracies (the
// mean is kept beside it for trainability.csv), and the table prints n where a cell has fewer
// seeds than the others.
func TestCellsMedian(t *testing.T) {
	a, err := activations.Parse("tanh")
	if err != nil {
		t.Fatal(err)
	}
	th, err := theory(a)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Full()
	p := plan{Acts: []actPlan{{Act: "tanh", A: a, Theory: th, EOC: math.NaN()}}}
	rec := func(seed, depth int, acc float64) sweep.Record {
		hidden := "8x" + strconv.Itoa(depth) // the key's form: width x depth
		k := sweep.Key{Experiment: "criticality", Model: "mlp", Activation: "tanh", Seed: seed, Hidden: hidden,
			Settings: sweep.Settings{Part: "train", SW2: sweep.Some(1.5), SB2: sweep.Some(0.05)}}
		return sweep.Record{Key: k, Row: sweep.Row{Split: "test", Metric: "accuracy", Value: acc}}
	}
	recs := []sweep.Record{rec(1, 2, 0.9), rec(2, 2, 0.1), rec(3, 2, 0.8), rec(1, 3, 0.5), rec(2, 3, 0.7)}
	cs := cells(cfg, p, recs)["tanh"]
	if len(cs) != 2 {
		t.Fatalf("%d cells, want 2", len(cs))
	}
	if c := cs[0]; c.Depth != 2 || c.N != 3 || c.Acc != 0.8 || math.Abs(c.Mean-0.6) > 1e-15 {
		t.Errorf("depth-2 cell %+v: want n 3, median 0.8, mean 0.6", c)
	}
	if c := cs[1]; c.N != 2 || math.Abs(c.Acc-0.6) > 1e-15 || cellText(c, true, 3) != "60.0 (n = 2)" || cellText(cs[0], true, 3) != "80.0" {
		t.Errorf("depth-3 cell %+v: text %q / %q", c, cellText(c, true, 3), cellText(cs[0], true, 3))
	}
}
