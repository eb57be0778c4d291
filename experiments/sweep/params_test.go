package sweep

import (
	"slices"
	"testing"

	"github.com/isingact/isingact/nn"
)

// The epoch grid: every epoch to 10, every 10th to 100, every 100th beyond.
func TestParamEpoch(t *testing.T) {
	var got []int
	for e := 0; e <= 1000; e++ {
		if ParamEpoch(e) {
			got = append(got, e)
		}
	}
	want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
		200, 300, 400, 500, 600, 700, 800, 900, 1000}
	if !slices.Equal(got, want) {
		t.Errorf("ParamEpoch selects %v, want %v", got, want)
	}
}

func TestParseParamMetric(t *testing.T) {
	for _, c := range []struct {
		metric, name, stat string
		ok                 bool
	}{
		{"param:h:mean", "h", "mean", true},
		{"param:h.l1:std", "h.l1", "std", true},
		{UnitMetric("theta", 17), "theta", "unit:17", true},
		{"accuracy", "", "", false},
		{"param:h", "", "", false},
		{"param::mean", "", "", false},
	} {
		name, stat, ok := ParseParamMetric(c.metric)
		if ok != c.ok || (ok && (name != c.name || stat != c.stat)) {
			t.Errorf("ParseParamMetric(%q) = %q, %q, %v; want %q, %q, %v", c.metric, name, stat, ok, c.name, c.stat, c.ok)
		}
	}
}

// A tracker over 23 epochs writes the summaries of epochs 1–10, 20 and the last (23), then
// the per-unit values of the last epoch; per-layer values have no unit rows.
func TestParamTracker(t *testing.T) {
	var tr ParamTracker
	for e := 1; e <= 23; e++ {
		tr.Epoch(e, []nn.ParamStat{{Name: "h", N: 2, Mean: float64(e)}})
	}
	rows := tr.Final([]nn.ActParam{{Name: "h", Values: []float64{0.1, 0.2}}, {Name: "a", Values: []float64{3}}})
	var means []int
	units := map[string]float64{}
	for _, r := range rows {
		switch {
		case r.Metric == "param:h:mean":
			means = append(means, r.Epoch)
			if r.Value != float64(r.Epoch) {
				t.Errorf("epoch %d: mean %v", r.Epoch, r.Value)
			}
		case r.Epoch == 23 && r.Split == "":
			units[r.Metric] = r.Value
		}
	}
	if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 23}; !slices.Equal(means, want) {
		t.Errorf("param:h:mean at epochs %v, want %v", means, want)
	}
	if units["param:h:unit:0"] != 0.1 || units["param:h:unit:1"] != 0.2 {
		t.Errorf("unit rows %v", units)
	}
	for m := range units {
		if n, _, _ := ParseParamMetric(m); n == "a" {
			t.Errorf("per-layer parameter a has a row %s", m)
		}
	}
	var empty ParamTracker
	empty.Epoch(1, nil)
	if rows := empty.Final(nil); len(rows) != 0 {
		t.Errorf("no learned parameters: %d rows", len(rows))
	}
}
