package nn

import (
	"context"
	"math"
	"testing"

	"github.com/isingact/isingact/activations"
)

// TestRewindMatchesReset: rewinding the TapeMachine (pc = 0, registers kept, see rewindable)
// trains bit-identically to Gorgonia's Reset (registers dropped, every tensor reallocated):
// the same weights and the same epoch metrics, over full and partial training batches and
// evaluation graphs, for Gorgonia's native activations and a derived one (the generic op),
// both dtypes and the three losses. The reference trainer has every graph built beforehand with
// rewinding switched off.
func TestRewindMatchesReset(t *testing.T) {
	derived := activations.NamesOf(activations.Derived)
	if len(derived) == 0 {
		t.Fatal("no derived activation registered")
	}
	d := blobs(45, 6, 3, 7)   // batch 8: five full batches and one of 5
	val := blobs(20, 6, 3, 8) // eval batch 16: one of 16 and one of 4
	tests := []struct {
		name   string
		hidden []int
		act    string
		dtype  Dtype
		loss   Loss
		opt    string
	}{
		{"relu f32 ce adam", []int{16}, "relu", Float32, SoftmaxCrossEntropy, "adam"},
		{"tanh f64 mse sgd", []int{9, 5}, "tanh", Float64, MSE, "sgd"},
		{derived[0] + " f32 ce adam", []int{11, 7}, derived[0], Float32, SoftmaxCrossEntropy, "adam"},
		{"relu f64 bce rmsprop", []int{10}, "relu", Float64, BinaryCrossEntropy, "rmsprop"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := 3
			train, valid := d, val
			if tc.loss == BinaryCrossEntropy {
				out = 1
				train, valid = binaryOf(d), binaryOf(val)
			}
			a := MLP(6, tc.hidden, out, tc.act)
			a.Dtype = tc.dtype
			cfg := TrainConfig{Loss: tc.loss, Optimizer: OptimizerConfig{Name: tc.opt, LearningRate: 0.01}, BatchSize: 8, Epochs: 3, EvalBatch: 16}
			fit := func(rewind bool) ([][]float64, []EpochMetrics) {
				tr := newRun(t, a, cfg, 11)
				if !rewind {
					for _, g := range []struct {
						cache map[int]*graphRun
						batch int
						train bool
					}{{tr.train, 8, true}, {tr.train, 5, true}, {tr.eval, 16, false}, {tr.eval, 4, false}} {
						r, err := tr.graph(g.cache, g.batch, g.train)
						if err != nil {
							t.Fatal(err)
						}
						if r.pc == nil {
							t.Fatal("the TapeMachine is not rewindable (Gorgonia changed?)")
						}
						r.pc = nil
					}
				}
				hist, err := tr.Fit(context.Background(), train, valid)
				if err != nil {
					t.Fatal(err)
				}
				return tr.Model().Weights(), hist
			}
			w1, h1 := fit(true)
			w0, h0 := fit(false)
			for i := range w0 {
				for j := range w0[i] {
					if math.Float64bits(w0[i][j]) != math.Float64bits(w1[i][j]) {
						t.Fatalf("weight tensor %d [%d]: rewind %v, reset %v", i, j, w1[i][j], w0[i][j])
					}
				}
			}
			for e := range h0 {
				a, b := h1[e], h0[e]
				if a.TrainLoss != b.TrainLoss || a.TrainAcc != b.TrainAcc || a.ValLoss != b.ValLoss || a.ValAcc != b.ValAcc {
					t.Errorf("epoch %d: rewind %+v, reset %+v", e+1, a, b)
				}
			}
			if h0[0].TrainLoss == h0[len(h0)-1].TrainLoss {
				t.Error("the loss did not change: the comparison tested nothing")
			}
		})
	}
}

// binaryOf relabels d for a single-output binary cross-entropy: target 1 for class 0.
func binaryOf(d Data) Data {
	b := Data{N: d.N, D: d.D, X32: d.X32, X64: d.X64, Targets: make([]float64, d.N)}
	for i := range d.N {
		if d.Labels[i] == 0 {
			b.Targets[i] = 1
		}
	}
	return b
}
