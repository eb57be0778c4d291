package nn

import (
	"context"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/isingact/isingact/internal/rng"
)

// liveHeap is the heap in use after two collections (the second also empties sync.Pool victims).
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestEstimateMemoryCalibration trains two real models for one epoch (with a short last batch,
// so that both training graphs and both evaluation graphs exist, as in a real run) and compares
// the heap they keep (runtime.MemStats after GC, data excluded) with EstimateMemory: Live must be
// within 0.7–1.6× of it, Total (2·Live) within 0.5–3×.
func TestEstimateMemoryCalibration(t *testing.T) {
	for _, tc := range []struct {
		a           Arch
		dtype       Dtype
		opt         string
		batch, eval int
	}{
		{MLP(784, []int{256}, 10, "relu"), Float32, "adam", 64, 128},
		{MLP(784, []int{512, 512}, 10, "tanh"), Float64, "momentum", 128, 256},
	} {
		a := tc.a
		a.Dtype = tc.dtype
		cfg := TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: tc.opt}, BatchSize: tc.batch, Epochs: 1, EvalBatch: tc.eval}
		est, err := EstimateMemory(a, cfg)
		if err != nil {
			t.Fatal(err)
		}
		train := blobs(2*tc.batch+tc.batch/2, a.In, a.Out, 1)
		val := blobs(tc.eval+tc.eval/2, a.In, a.Out, 2)
		before := liveHeap()
		m, err := NewModel(a, Glorot{}, rng.New(1, "memory"))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := NewTrainer(m, cfg, rng.New(1, "memory-batches"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Fit(context.Background(), train, val); err != nil {
			t.Fatal(err)
		}
		grown := float64(liveHeap()) - float64(before)
		runtime.KeepAlive(tr)
		runtime.KeepAlive(train)
		runtime.KeepAlive(val)
		live, total := float64(est.Live)/grown, float64(est.Total)/grown
		t.Logf("%s %s B=%d E=%d: heap grew %.2f MB; Live %.2f MB (%.2f×), Total %.2f MB (%.2f×)",
			a, tc.opt, tc.batch, tc.eval, grown/1e6, float64(est.Live)/1e6, live, float64(est.Total)/1e6, total)
		if live < 0.7 || live > 1.6 || total < 0.5 || total > 3 {
			t.Errorf("%s: estimate %v against a measured %.2f MB: Live %.2f×, Total %.2f× (want 0.7–1.6, 0.5–3)", a, est, grown/1e6, live, total)
		}
	}
}

// TestEstimateMemoryFormula checks the formula on a hand-computed case: MLP 3-4-2, float64,
// Adam, B = 5, E = 7. P = 4·4 + 5·2 = 26, U = 6:
// Live = 8·(26·(1 + 2 + 2) + 2·5·(3 + 24) + 2·7·(3 + 18)) = 8·(130 + 270 + 294) = 5552.
func TestEstimateMemoryFormula(t *testing.T) {
	e, err := EstimateMemory(MLP(3, []int{4}, 2, "relu"), TrainConfig{Optimizer: OptimizerConfig{Name: "adam"}, BatchSize: 5, EvalBatch: 7})
	if err != nil {
		t.Fatal(err)
	}
	want := MemoryEstimate{Params: 26, Weights: 208, Gradients: 416, Optimizer: 416, Activations: 8 * (270 + 294), Live: 5552, Total: 11104}
	if e != want {
		t.Errorf("EstimateMemory = %+v, want %+v", e, want)
	}
	for _, tc := range []struct {
		opt  string
		want int64
	}{{"sgd", 0}, {"momentum", 208}, {"rmsprop", 208}, {"adam", 416}} {
		e, _ := EstimateMemory(MLP(3, []int{4}, 2, "relu"), TrainConfig{Optimizer: OptimizerConfig{Name: tc.opt}, BatchSize: 5, EvalBatch: 7})
		if e.Optimizer != tc.want {
			t.Errorf("%s: optimiser state %d bytes, want %d", tc.opt, e.Optimizer, tc.want)
		}
	}
}

// TestEstimateMemoryHuge: issue 11 case 4 without allocating. -hidden 1048576,1048576 is
// terabytes; widths near 2⁶² saturate at math.MaxInt64 instead of wrapping to a small or
// negative number; nothing of the model's size is allocated.
func TestEstimateMemoryHuge(t *testing.T) {
	cfg := TrainConfig{Optimizer: OptimizerConfig{Name: "adam"}, BatchSize: 128}
	big := MLP(784, []int{1 << 20, 1 << 20}, 10, "relu")
	big.Dtype = Float32
	e, err := EstimateMemory(big, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if e.Weights < 4<<40 || e.Total < 5*(4<<40) || e.Total == math.MaxInt64 {
		t.Errorf("-hidden 1048576,1048576: %v, want weights ≥ 4 TiB and a finite total", e)
	}
	if s := e.String(); !strings.Contains(s, " TiB (") || !strings.Contains(s, "weights 4.0 TiB") {
		t.Errorf("String() = %q, want TiB figures", s)
	}
	for _, hidden := range [][]int{{1 << 62}, {1 << 62, 1 << 62}, {math.MaxInt64}, {1 << 31, 1 << 31, 1 << 31}} {
		e, err := EstimateMemory(MLP(math.MaxInt32, hidden, 10, "relu"), cfg)
		if err != nil || e.Total != math.MaxInt64 || e.Live != math.MaxInt64 || e.Params <= 0 {
			t.Errorf("hidden %v: %+v, %v; want saturated", hidden, e, err)
		}
	}
	allocs := testing.AllocsPerRun(10, func() { EstimateMemory(big, cfg) })
	if allocs > 4 {
		t.Errorf("EstimateMemory makes %v allocations, want a handful", allocs)
	}
}

func TestEstimateMemoryErrors(t *testing.T) {
	ok := TrainConfig{Optimizer: OptimizerConfig{Name: "sgd"}, BatchSize: 1}
	for _, tc := range []struct {
		name string
		a    Arch
		cfg  TrainConfig
		want string
	}{
		{"zero width", MLP(3, []int{0}, 2, "relu"), ok, "width 0"},
		{"negative width", MLP(3, []int{-5}, 2, "relu"), ok, "width -5"},
		{"dtype", Arch{Kind: KindMLP, In: 3, Hidden: []int{4}, Out: 2, Dtype: "float16"}, ok, "unknown dtype"},
		{"kind", Arch{Kind: "cnn", In: 3, Out: 2, Dtype: Float32}, ok, "unknown model kind"},
		{"batch", MLP(3, []int{4}, 2, "relu"), TrainConfig{Optimizer: OptimizerConfig{Name: "sgd"}}, "batch size 0"},
		{"optimiser", MLP(3, []int{4}, 2, "relu"), TrainConfig{Optimizer: OptimizerConfig{Name: "lbfgs"}, BatchSize: 1}, "unknown optimiser"},
	} {
		if _, err := EstimateMemory(tc.a, tc.cfg); err == nil || !strings.HasPrefix(err.Error(), "nn: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestParseMeminfo(t *testing.T) {
	const sample = "MemTotal:       131895620 kB\nMemFree:         1234567 kB\nMemAvailable:   98765432 kB\nBuffers:  1 kB\n"
	if got, err := parseMeminfo(strings.NewReader(sample)); err != nil || got != 98765432*1024 {
		t.Errorf("parseMeminfo = %d, %v; want %d", got, err, 98765432*1024)
	}
	for _, bad := range []string{"MemTotal: 5 kB\n", "MemAvailable: x kB\n", "MemAvailable: -3 kB\n"} {
		if _, err := parseMeminfo(strings.NewReader(bad)); err == nil {
			t.Errorf("parseMeminfo(%q) succeeded", bad)
		}
	}
}

// TestAvailableMemory: on Linux a positive figure below the machine's total; elsewhere an error.
func TestAvailableMemory(t *testing.T) {
	avail, err := AvailableMemory()
	if runtime.GOOS != "linux" {
		if err == nil {
			t.Errorf("AvailableMemory on %s = %d, want an error", runtime.GOOS, avail)
		}
		return
	}
	if err != nil || avail <= 0 || avail > 1<<50 {
		t.Errorf("AvailableMemory = %d, %v; want a positive byte count", avail, err)
	}
	t.Logf("available: %s", FormatBytes(avail))
}

func TestFormatBytes(t *testing.T) {
	for _, tc := range []struct {
		b    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1536, "1.5 KiB"}, {4 << 40, "4.0 TiB"}, {math.MaxInt64, "≥ 8 EiB"}} {
		if got := FormatBytes(tc.b); got != tc.want {
			t.Errorf("FormatBytes(%d) = %q, want %q", tc.b, got, tc.want)
		}
	}
}
