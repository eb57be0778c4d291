package command

import (
	"math"
	"strings"
	"testing"

	"github.com/isingact/isingact/nn"
)

// TestCheckMemory: the refusal arithmetic of CheckMemory against a stated available memory
// (nothing is allocated). The estimates come from nn.EstimateMemory; the expected verdicts from
// need = Total · min(workers, runs) + data against avail.
func TestCheckMemory(t *testing.T) {
	mlp := func(h ...int) nn.MemoryEstimate {
		a := nn.MLP(784, h, 10, "relu")
		a.Dtype = nn.Float32
		e, err := nn.EstimateMemory(a, nn.TrainConfig{Optimizer: nn.OptimizerConfig{Name: "adam"}, BatchSize: 128})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	small, huge := mlp(256), mlp(1<<20, 1<<20) // issue 11 case 4: 4 TiB of weights
	const gib = 1 << 30
	for _, tc := range []struct {
		name          string
		est           nn.MemoryEstimate
		workers, runs int
		data, avail   int64
		want          string // "" for accepted, else a piece of the error
	}{
		{"small run", small, 2, 48, 500 << 20, 4 * gib, ""},
		{"4 TiB of weights", huge, 1, 1, 0, 64 * gib, "-hidden 1048576,1048576: one run needs about"},
		{"workers capped at the runs", small, 1_000_000, 1, 0, small.Total + 1, ""},
		{"too many workers at once", small, 1_000_000, 1_000_000, 0, 4 * gib, "-workers 1000000: 1000000 runs at once"},
		{"the data alone", small, 1, 1, 8 * gib, 4 * gib, "of data"},
		{"saturated estimate", nn.MemoryEstimate{Total: math.MaxInt64}, math.MaxInt, math.MaxInt, math.MaxInt64, 4 * gib, "more than the 4.0 GiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flags := "-hidden 1048576,1048576"
			err := checkMemory(flags, tc.est, tc.workers, tc.runs, tc.data, tc.avail)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n")):
				t.Errorf("err = %v, want one line containing %q", err, tc.want)
			}
		})
	}
}

// TestTrainingBounds: the hard bounds of the common flags, named in one-line errors.
func TestTrainingBounds(t *testing.T) {
	base := func() Training {
		return Training{Acts: AllActs()[:1], Seeds: 2, Epochs: 3, Hidden: [][]int{{4}}, Batch: 8, LRs: []float64{0.1}, Opt: "adam"}
	}
	for _, tc := range []struct {
		name string
		set  func(*Training)
		want string
	}{
		{"ok", func(*Training) {}, ""},
		{"width", func(t *Training) { t.Hidden = [][]int{{2000000}} }, "-hidden 2000000: width 2000000, want 1 … 65536"},
		{"width in a deep net", func(t *Training) { t.Hidden = [][]int{{8, 1 << 17}} }, "width 131072"},
		{"layers", func(t *Training) { t.Hidden = [][]int{make([]int, MaxLayers+1)}; fill(t.Hidden[0]) }, "257 hidden layers"},
		{"batch", func(t *Training) { t.Batch = math.MaxInt }, "-batch = 9223372036854775807, want 1 … 1048576"},
		{"epochs", func(t *Training) { t.Epochs = 1 << 40 }, "-epochs = 1099511627776, want 1 … 1048576"},
		{"seeds", func(t *Training) { t.Seeds = 1 << 20 }, "-seeds = 1048576, want 1 … 65536"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := base()
			tc.set(&tr)
			err := tr.Normalize(false)
			if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Normalize = %v, want %q", err, tc.want)
			}
		})
	}
}

func fill(h []int) {
	for i := range h {
		h[i] = 2
	}
}
