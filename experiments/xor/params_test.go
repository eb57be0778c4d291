package xor

import (
	"context"
	"strings"
	"testing"

	"github.com/isingact/isingact/experiments/internal/testutil"
	"github.com/isingact/isingact/experiments/sweep"
)

// A 2-4-1 MLP with a learned per-unit field writes param:h:* on the epoch grid of
// sweep.ParamEpoch plus its last epoch, and the four units' h after it; on noisy XOR too.
func TestXORLearnedParamRows(t *testing.T) {
	dir := t.TempDir()
	_, _, err := testutil.RunCommand(context.Background(), runCommand, "-acts", "quench-mf:h=0.05,learn=h,per=unit",
		"-model", "mlp", "-hidden", "4", "-seeds", "2", "-epochs", "35", "-noisy-epochs", "3", "-control=false",
		"-workers", "1", "-out", dir)
	if err != nil {
		t.Fatal(err)
	}
	recs, done := testutil.ReadRuns(t, dir)
	if len(done) != 4 {
		t.Fatalf("%d runs, want 4 (2 seeds × XOR, noisy XOR)", len(done))
	}
	type run struct {
		means []int
		units int
	}
	runs := map[sweep.Key]*run{}
	for _, r := range recs {
		if runs[r.Key] == nil {
			runs[r.Key] = &run{}
		}
		rr := runs[r.Key]
		switch name, stat, ok := sweep.ParseParamMetric(r.Metric); {
		case !ok:
		case name != "h":
			t.Errorf("%s: parameter %q", r.Key, name)
		case stat == "mean":
			rr.means = append(rr.means, r.Epoch)
		case strings.HasPrefix(stat, "unit:"):
			rr.units++
		}
	}
	for k, rr := range runs {
		if rr.units != 4 || len(rr.means) == 0 {
			t.Errorf("%s: %d unit rows, means at %v", k, rr.units, rr.means)
			continue
		}
		for i, e := range rr.means {
			if last := i == len(rr.means)-1; !last && !sweep.ParamEpoch(e) || i > 0 && e <= rr.means[i-1] {
				t.Errorf("%s: param:h:mean at epochs %v", k, rr.means)
			}
		}
	}
}
