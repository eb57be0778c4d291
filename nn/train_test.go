package nn

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// blobs returns n seeded examples of d features in k Gaussian clusters (labels = cluster).
func blobs(n, d, k int, seed uint64) Data {
	rng := rand.New(rand.NewPCG(seed, 99))
	centres := make([]float64, k*d)
	for i := range centres {
		centres[i] = 2 * rng.NormFloat64()
	}
	x := make([]float32, n*d)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = rng.IntN(k)
		for j := 0; j < d; j++ {
			x[i*d+j] = float32(centres[y[i]*d+j] + rng.NormFloat64())
		}
	}
	return Data{N: n, D: d, X32: x, Labels: y}
}

func newRun(t testing.TB, a Arch, cfg TrainConfig, seed uint64) *Trainer {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	m, err := NewModel(a, He{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestSameSeedBitIdentical: two runs with one seed end with bit-identical weights (float32, with
// a partial last batch and shuffling); another seed gives other weights.
func TestSameSeedBitIdentical(t *testing.T) {
	d := blobs(50, 6, 3, 1) // batch 8: six full batches and one of 2
	a := MLP(6, []int{16}, 3, "relu")
	a.Dtype = Float32
	cfg := TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "adam", LearningRate: 0.01}, BatchSize: 8, Epochs: 3}
	fit := func(seed uint64) [][]float64 {
		tr := newRun(t, a, cfg, seed)
		if _, err := tr.Fit(context.Background(), d, Data{}); err != nil {
			t.Fatal(err)
		}
		return tr.Model().Weights()
	}
	w1, w2, w3 := fit(5), fit(5), fit(6)
	same := func(a, b [][]float64) bool {
		for i := range a {
			for j := range a[i] {
				if math.Float64bits(a[i][j]) != math.Float64bits(b[i][j]) {
					return false
				}
			}
		}
		return true
	}
	if !same(w1, w2) {
		t.Error("same seed, different weights")
	}
	if same(w1, w3) {
		t.Error("different seeds, same weights")
	}
}

// TestGraphsShareWeights: after training (full and partial batch graphs), the prediction and
// evaluation graphs compute with the trained weights: their outputs and loss equal a plain Go
// forward pass from Weights() with the activation's scalar F.
func TestGraphsShareWeights(t *testing.T) {
	d := blobs(21, 4, 3, 2)
	a := MLP(4, []int{7, 5}, 3, "tanh")
	tr := newRun(t, a, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "sgd", LearningRate: 0.1},
		BatchSize: 5, Epochs: 2, EvalBatch: 8}, 3)
	w0 := tr.Model().Weights()
	if _, err := tr.Fit(context.Background(), d, d); err != nil {
		t.Fatal(err)
	}
	w := tr.Model().Weights()
	if w[0][0] == w0[0][0] {
		t.Fatal("training did not change the weights")
	}
	got, err := tr.Model().Predict(d, 4) // graphs of 4 and 1 rows
	if err != nil {
		t.Fatal(err)
	}
	// Reference forward pass in float64.
	act := tr.Model().act
	sizes := a.Sizes()
	var wantLoss float64
	for i := 0; i < d.N; i++ {
		h := make([]float64, d.D)
		for j := range h {
			h[j] = float64(d.X32[i*d.D+j])
		}
		for l := 0; l+1 < len(sizes); l++ {
			z := append([]float64(nil), w[2*l+1]...)
			for o := range z {
				for k, hv := range h {
					z[o] += hv * w[2*l][k*sizes[l+1]+o]
				}
				if l+2 < len(sizes) {
					z[o] = act.F(z[o])
				}
			}
			h = z
		}
		y := make([]float64, 3)
		y[d.Labels[i]] = 1
		wantLoss += lossValue(SoftmaxCrossEntropy, h, y, 1, 3) / float64(d.N)
		for o, v := range h {
			if g := got[i*3+o]; math.Abs(g-v) > 1e-12*(1+math.Abs(v)) {
				t.Fatalf("example %d output %d: Predict %v, reference %v", i, o, g, v)
			}
		}
	}
	loss, _, err := tr.Evaluate(d) // graphs of 8 and 5 rows
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(loss-wantLoss) > 1e-12 {
		t.Errorf("Evaluate loss %v, reference %v", loss, wantLoss)
	}
}

func TestNaNLossStops(t *testing.T) {
	d := blobs(40, 4, 2, 3)
	d.X32 = append([]float32(nil), d.X32...)
	tests := []struct {
		name string
		data Data
		lr   float64
		want string
	}{
		{"nan input", func() Data {
			e := d
			e.X32 = append([]float32(nil), d.X32...)
			e.X32[4*25+1] = float32(math.NaN())
			return e
		}(), 0.01, "loss is NaN"},
		{"huge learning rate", d, 1e30, "epoch "},
	}
	for _, tc := range tests {
		tr := newRun(t, MLP(4, []int{8}, 2, "relu"), TrainConfig{Loss: MSE, Optimizer: OptimizerConfig{Name: "sgd", LearningRate: tc.lr},
			BatchSize: 10, Epochs: 5}, 1)
		_, err := tr.Fit(context.Background(), tc.data, Data{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "batch") {
			t.Errorf("%s: error %v, want one naming the epoch and batch and containing %q", tc.name, err, tc.want)
		}
		if !errors.Is(err, ErrDiverged) {
			t.Errorf("%s: error %v does not wrap ErrDiverged", tc.name, err)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}

func TestContextAndCallback(t *testing.T) {
	d := blobs(30, 3, 2, 4)
	cfg := TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "adam"}, BatchSize: 7, Epochs: 4}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newRun(t, MLP(3, []int{4}, 2, "tanh"), cfg, 1).Fit(ctx, d, d)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "epoch 1, batch 1 of 5") {
		t.Errorf("cancelled context: error %v", err)
	}

	var seen []int
	stop := errors.New("enough")
	cfg.OnEpoch = func(e EpochMetrics) error {
		seen = append(seen, e.Epoch)
		if !(e.Seconds > 0) || math.IsNaN(e.ValLoss) || e.TrainAcc < 0 || e.TrainAcc > 1 {
			t.Errorf("bad metrics %+v", e)
		}
		if e.Epoch == 3 {
			return stop
		}
		return nil
	}
	hist, err := newRun(t, MLP(3, []int{4}, 2, "tanh"), cfg, 1).Fit(context.Background(), d, d)
	if !errors.Is(err, stop) || len(hist) != 3 || len(seen) != 3 || seen[2] != 3 {
		t.Errorf("callback stop: err %v, %d epochs, seen %v", err, len(hist), seen)
	}
}

func TestConfigErrors(t *testing.T) {
	good := TrainConfig{Loss: MSE, Optimizer: OptimizerConfig{Name: "sgd"}, BatchSize: 2, Epochs: 1}
	rng := rand.New(rand.NewPCG(1, 1))
	m, err := NewModel(MLP(2, []int{3}, 1, "tanh"), Glorot{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name string
		edit func(*TrainConfig)
	}{
		{"loss", func(c *TrainConfig) { c.Loss = "hinge" }},
		{"batch", func(c *TrainConfig) { c.BatchSize = 0 }},
		{"epochs", func(c *TrainConfig) { c.Epochs = 0 }},
		{"optimiser", func(c *TrainConfig) { c.Optimizer.Name = "lbfgs" }},
		{"softmax on one output", func(c *TrainConfig) { c.Loss = SoftmaxCrossEntropy }},
	}
	for _, tc := range bad {
		c := good
		tc.edit(&c)
		if _, err := NewTrainer(m, c, rng); err == nil || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("%s: error %v", tc.name, err)
		}
	}
	archs := []Arch{
		{Kind: "cnn", In: 2, Out: 1, Activation: "tanh", Dtype: Float64},
		MLP(2, nil, 1, "tanh"),
		MLP(0, []int{2}, 1, "tanh"),
		MLP(2, []int{-1}, 1, "tanh"),
		MLP(2, []int{2}, 1, "nonsense"),
		{Kind: KindMLP, In: 2, Hidden: []int{2}, Out: 1, Activation: "tanh"}, // no dtype
		{Kind: KindPerceptron, In: 2, Hidden: []int{2}, Out: 1, Activation: "tanh", Dtype: Float32},
	}
	for _, a := range archs {
		if _, err := NewModel(a, Glorot{}, rng); err == nil || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("NewModel(%+v): error %v", a, err)
		}
	}
	tr, _ := NewTrainer(m, good, rng)
	datas := []Data{
		{N: 2, D: 3, X64: make([]float64, 6), Labels: []int{0, 1}},
		{N: 2, D: 2, X64: make([]float64, 3), Labels: []int{0, 1}},
		{N: 2, D: 2, X64: make([]float64, 4), Labels: []int{0, 2}},
		{N: 2, D: 2, X64: make([]float64, 4)},
		{N: 2, D: 2, X64: make([]float64, 4), X32: make([]float32, 4), Labels: []int{0, 1}},
		{N: 2, D: 2, X64: make([]float64, 4), Targets: []float64{0, math.NaN()}},
	}
	for i, d := range datas {
		if _, err := tr.Fit(context.Background(), d, Data{}); err == nil {
			t.Errorf("data %d: no error", i)
		}
	}
}

func TestInitStatistics(t *testing.T) {
	const fanIn, fanOut = 300, 200
	for _, name := range InitNames() {
		in, err := ParseInit(name)
		if err != nil || in.String() != name {
			t.Fatalf("ParseInit(%q) = %v, %v", name, in, err)
		}
		w := make([]float64, fanIn*fanOut)
		b := []float64{1, 2}
		in.Fill(w, b, fanIn, fanOut, rand.New(rand.NewPCG(1, 2)))
		want := 2.0 / fanIn // He
		if strings.HasPrefix(name, "glorot") {
			want = 2.0 / (fanIn + fanOut)
		}
		var mean, v float64
		for _, x := range w {
			mean += x
			v += x * x
		}
		mean /= float64(len(w))
		v /= float64(len(w))
		// 60 000 draws: the sample variance is within a few % of Var(w).
		if math.Abs(v/want-1) > 0.03 || math.Abs(mean) > 5*math.Sqrt(want/float64(len(w))) || b[0] != 0 || b[1] != 0 {
			t.Errorf("%s: mean %v, variance %v (want 0, %v), biases %v", name, mean, v, want, b)
		}
	}
	if _, err := ParseInit("orthogonal"); err == nil || !strings.Contains(err.Error(), "glorot-normal") {
		t.Errorf("unknown initialiser error %v", err)
	}
}

// TestMemoryFlat trains 12 000 steps (200 epochs of 60 batches, 4 of them partial-size) and
// checks that the live heap after GC is flat over the second half.
//
// The first few thousand steps do grow it, by a bounded amount: Gorgonia's Adam hands four tensors
// per parameter and step back to the tensor package's pool, a channel of up to tensor.PoolSize =
// 4096 *Dense headers (gorgonia.org/tensor perf.go) that the graph's ops also borrow from; it
// fills by about one header a step (measured: +0.86 MB over 4000 steps of a 64-32-10 MLP, then
// flat). The test bounds that too.
func TestMemoryFlat(t *testing.T) {
	d := blobs(238, 8, 3, 5) // batch 4: 59 batches of 4 and one of 2
	a := MLP(8, []int{6}, 3, "relu")
	a.Dtype = Float32
	var heap []uint64
	cfg := TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "adam"}, BatchSize: 4, Epochs: 200,
		OnEpoch: func(e EpochMetrics) error {
			if e.Epoch == 1 || e.Epoch == 100 || e.Epoch == 200 {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				heap = append(heap, ms.HeapAlloc)
			}
			return nil
		}}
	tr := newRun(t, a, cfg, 1)
	if _, err := tr.Fit(context.Background(), d, d); err != nil {
		t.Fatal(err)
	}
	t.Logf("heap after epoch 1: %d B, 100: %d B, 200: %d B", heap[0], heap[1], heap[2])
	if grow := int64(heap[2]) - int64(heap[1]); grow > 24<<10 { // < 4 bytes a step
		t.Errorf("heap grew by %d bytes over the last 6000 steps", grow)
	}
	if grow := int64(heap[2]) - int64(heap[0]); grow > tensor.PoolSize*400 {
		t.Errorf("heap grew by %d bytes over 200 epochs, more than the tensor pool holds", grow)
	}
}

// TestNoInputGradient: the compiled training graph holds no B×In node but the input batch
// itself, so Gorgonia does not compute the unused gradient with respect to the input (its Mul
// differentiates both operands; ExactSubgraphRoots leaves that product out).
func TestNoInputGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	m, err := NewModel(MLP(9, []int{5}, 3, "tanh"), Glorot{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	r, err := newGraph(m, 4, SoftmaxCrossEntropy, true)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, node := range r.sub.AllNodes() {
		if s := node.Shape(); len(s) == 2 && s[0] == 4 && s[1] == 9 {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d nodes of the input's shape 4×9 in the compiled graph, want 1 (the input)", n)
	}
}
