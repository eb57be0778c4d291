package mnist

import (
	"context"
	"testing"

	"github.com/isingact/isingact/experiments/internal/testutil"
	"github.com/isingact/isingact/experiments/sweep"
)

// The done-when check of issue 15, smaller: a learned per-unit field writes param:h:mean (and
// std, min, max) after every epoch and every unit's h after the last, and the field moves.
func TestMNISTLearnedParamRows(t *testing.T) {
	dir := t.TempDir()
	_, _, err := testutil.RunCommand(context.Background(), runCommand, "-acts", "quench-mf:h=0,learn=h,per=unit",
		"-subset", "300", "-hidden", "8", "-epochs", "2", "-seeds", "1", "-gain-seeds", "0", "-lr", "0.003", "-workers", "1", "-out", dir)
	if err != nil {
		t.Fatal(err)
	}
	recs, done := testutil.ReadRuns(t, dir)
	if len(done) != 1 {
		t.Fatalf("%d runs, want 1", len(done))
	}
	stats := map[string][]int{} // metric → epochs
	units := map[string]float64{}
	for _, r := range recs {
		name, stat, ok := sweep.ParseParamMetric(r.Metric)
		switch {
		case !ok:
		case name != "h":
			t.Errorf("parameter %q, want h", name)
		case len(stat) > 5 && stat[:5] == "unit:":
			units[stat] = r.Value
			if r.Epoch != 2 {
				t.Errorf("%s at epoch %d, want 2", r.Metric, r.Epoch)
			}
		default:
			stats[r.Metric] = append(stats[r.Metric], r.Epoch)
		}
	}
	for _, m := range []string{"param:h:mean", "param:h:std", "param:h:min", "param:h:max"} {
		if e := stats[m]; len(e) != 2 || e[0] != 1 || e[1] != 2 {
			t.Errorf("%s at epochs %v, want [1 2]", m, e)
		}
	}
	moved := false
	for _, v := range units {
		moved = moved || v != 0
	}
	if len(units) != 8 || !moved {
		t.Errorf("unit values %v: want 8, not all at the initial 0", units)
	}
}
