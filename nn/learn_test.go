package nn

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/internal/rng"
	"gorgonia.org/tensor"
)

func learnTrainer(t *testing.T, a Arch, cfg TrainConfig, seed uint64) *Trainer {
	t.Helper()
	m, err := NewModel(a, Glorot{}, rng.New(seed, "init"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, cfg, rng.New(seed, "batches"))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestXORLearnsField is the short training test of issue 15: a 2-4-1 MLP with
// quench-mf:h=0,learn=h,per=unit learns XOR (float64 and float32); the fields move off 0, stay
// in [−5, 5], are reported after every epoch, and Save → Load reproduces the outputs and the
// fields bit-identically.
func TestXORLearnsField(t *testing.T) {
	for _, dt := range []Dtype{Float64, Float32} {
		a := MLP(2, []int{4}, 1, "quench-mf:h=0,learn=h,per=unit")
		a.Dtype = dt
		var stats [][]ParamStat
		tr := learnTrainer(t, a, TrainConfig{Loss: BinaryCrossEntropy, Optimizer: OptimizerConfig{Name: "adam", LearningRate: 0.05},
			BatchSize: 4, Epochs: 300, OnEpoch: func(e EpochMetrics) error { stats = append(stats, e.Params); return nil }}, 1)
		hist, err := tr.Fit(context.Background(), xorData(), xorData())
		if err != nil {
			t.Fatal(err)
		}
		m := tr.Model()
		last := hist[len(hist)-1]
		h := m.ActivationParamValues()
		if len(h) != 1 || h[0].Name != "h" || len(h[0].Values) != 4 {
			t.Fatalf("%s: activation parameters %+v, want one h of 4 units", dt, h)
		}
		moved := false
		for _, v := range h[0].Values {
			moved = moved || math.Abs(v) > 1e-3
			if !(v >= -5 && v <= 5) {
				t.Errorf("%s: h = %v outside [−5, 5]", dt, v)
			}
		}
		if !moved || last.ValAcc != 1 {
			t.Errorf("%s: after %d epochs accuracy %v, h = %v (want accuracy 1 and h moved off 0)", dt, len(hist), last.ValAcc, h[0].Values)
		}
		if len(stats) != len(hist) || len(last.Params) != 1 || last.Params[0].Mean != stats[len(stats)-1][0].Mean {
			t.Errorf("%s: per-epoch stats %d (want %d), last %+v", dt, len(stats), len(hist), last.Params)
		}
		t.Logf("%s: accuracy %v, loss %.3g, learned h = %.4g (%+v)", dt, last.ValAcc, last.ValLoss, h[0].Values, last.Params[0])
		checkSaveLoad(t, m, xorData())
	}
}

// checkSaveLoad saves and loads m and checks the architecture, weights, activation parameters
// and outputs are bit-identical.
func checkSaveLoad(t *testing.T, m *Model, d Data) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.isingnn")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if m2.Arch().String() != m.Arch().String() {
		t.Errorf("arch %q, want %q", m2.Arch(), m.Arch())
	}
	p1, p2 := m.ActivationParamValues(), m2.ActivationParamValues()
	if len(p1) != len(p2) {
		t.Fatalf("%d activation parameters after loading, want %d", len(p2), len(p1))
	}
	for i := range p1 {
		if p1[i].Name != p2[i].Name || !bitEqual(p1[i].Values, p2[i].Values) {
			t.Errorf("activation parameter %s %v → %s %v", p1[i].Name, p1[i].Values, p2[i].Name, p2[i].Values)
		}
	}
	o1, err1 := m.Predict(d, 3)
	o2, err2 := m2.Predict(d, 3)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !bitEqual(o1, o2) {
		t.Errorf("outputs %v → %v after Save/Load", o1, o2)
	}
}

func bitEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestLearnedParamsLayout: per unit the parameters have the width of each activation layer,
// per layer one value; MLP hidden layers and the perceptron's output layer learn; several
// layers are named h.l0, h.l1; every learnable activation trains a step per layer and per unit.
func TestLearnedParamsLayout(t *testing.T) {
	cases := []struct {
		a     Arch
		names []string
		sizes []int
	}{
		{MLP(3, []int{5, 4}, 2, "quench-tanh:a=2,c=-0.5,learn=a+c,per=unit"), []string{"a.l0", "c.l0", "a.l1", "c.l1"}, []int{5, 5, 4, 4}},
		{MLP(3, []int{5}, 2, "tanh-fit:learn=theta+a,per=layer"), []string{"a", "theta"}, []int{1, 1}},
		{Perceptron(3, 2, "mf-magnetization:h=0.2,learn=h,per=unit"), []string{"h"}, []int{2}},
		{MLP(3, []int{4}, 2, "quench-sigmoid:c=0.1,learn=c,per=unit"), []string{"c"}, []int{4}},
		{MLP(3, []int{4}, 2, "population:of=quench-tanh:a=2;c=0,sigma=0.6,learn=sigma"), []string{"sigma"}, []int{1}},
		{MLP(3, []int{4}, 2, "quench-mf:h=-0.2,learn=h,per=layer"), []string{"h"}, []int{1}},
		{MLP(3, []int{4}, 2, "relu"), nil, nil},
	}
	d := blobs(12, 3, 2, 5)
	for _, c := range cases {
		for _, dt := range []Dtype{Float64, Float32} {
			c.a.Dtype = dt
			tr := learnTrainer(t, c.a, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "sgd", LearningRate: 0.5},
				BatchSize: 6, Epochs: 1}, 2)
			before := tr.Model().ActivationParamValues()
			hist, err := tr.Fit(context.Background(), d, Data{})
			if err != nil {
				t.Fatalf("%s: %v", c.a, err)
			}
			after := tr.Model().ActivationParamValues()
			var names []string
			var sizes []int
			for i, p := range after {
				names, sizes = append(names, p.Name), append(sizes, len(p.Values))
				if bitEqual(p.Values, before[i].Values) {
					t.Errorf("%s: %s did not move in an epoch (%v)", c.a, p.Name, p.Values)
				}
			}
			if !slices.Equal(names, c.names) || !slices.Equal(sizes, c.sizes) || len(hist[0].Params) != len(c.names) {
				t.Errorf("%s: parameters %v of sizes %v, want %v of %v", c.a, names, sizes, c.names, c.sizes)
			}
			checkSaveLoad(t, tr.Model(), d)
		}
	}
}

// TestActivationParamsDecayAndRange: the weights' decay leaves the activation parameters
// alone, ActivationWeightDecay decays them, and a step past the range is clamped to it (in
// float32 to the nearest float32 inside it).
func TestActivationParamsDecayAndRange(t *testing.T) {
	for _, c := range []struct {
		decay, actDecay float64
		wantMoved       bool
	}{{0.5, 0, false}, {0, 0.5, true}} {
		tr := learnTrainer(t, MLP(2, []int{3}, 2, "quench-tanh:a=2,c=1,learn=a+c,per=unit"), TrainConfig{Loss: SoftmaxCrossEntropy,
			Optimizer: OptimizerConfig{Name: "sgd", LearningRate: 0.1, WeightDecay: c.decay}, ActivationWeightDecay: c.actDecay, BatchSize: 1, Epochs: 1}, 3)
		m := tr.Model()
		w0, a0 := m.Weights(), m.ActivationParamValues()
		params := zeroGradParams(m)
		if err := tr.step(params); err != nil {
			t.Fatal(err)
		}
		a1 := m.ActivationParamValues()
		if moved := !bitEqual(a0[0].Values, a1[0].Values); moved != c.wantMoved {
			t.Errorf("decay %v, activation decay %v: a %v → %v (moved %v, want %v)", c.decay, c.actDecay, a0[0].Values, a1[0].Values, moved, c.wantMoved)
		}
		if c.decay > 0 && bitEqual(w0[0], m.Weights()[0]) {
			t.Error("weight decay did not move the weights")
		}
	}
	for _, dt := range []Dtype{Float64, Float32} {
		a := MLP(2, []int{3}, 2, "quench-tanh:a=0.002,c=99,learn=a+c,per=unit")
		a.Dtype = dt
		tr := learnTrainer(t, a, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "sgd", LearningRate: 1}, BatchSize: 1, Epochs: 1}, 3)
		params := zeroGradParams(tr.Model())
		nw := len(tr.Model().params)
		fillGrad(params[nw], 1)    // a: one step of −1 from 0.002
		fillGrad(params[nw+1], -5) // c: one step of +5 from 99
		if err := tr.step(params); err != nil {
			t.Fatal(err)
		}
		got := tr.Model().ActivationParamValues()
		for _, v := range got[0].Values {
			if v < 1e-3 || v > 1e-3*(1+1e-6) {
				t.Errorf("%s: a = %v after a step below the range, want the bound 0.001", dt, v)
			}
		}
		for _, v := range got[1].Values {
			if v != 100 {
				t.Errorf("%s: c = %v after a step above the range, want 100", dt, v)
			}
		}
	}
}

// TestActivationWeightDecayErrors: a negative or non-finite ActivationWeightDecay is an error.
func TestActivationWeightDecayErrors(t *testing.T) {
	m, err := NewModel(MLP(2, []int{3}, 2, "relu"), Glorot{}, rng.New(1, "init"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []float64{-1, math.NaN(), math.Inf(1)} {
		_, err := NewTrainer(m, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "sgd"}, ActivationWeightDecay: d,
			BatchSize: 1, Epochs: 1}, rng.New(1, "batches"))
		if err == nil || !strings.Contains(err.Error(), "activation weight decay") {
			t.Errorf("ActivationWeightDecay %v: %v", d, err)
		}
	}
}

// zeroGradParams returns the model's learnables with zero gradients.
func zeroGradParams(m *Model) []Param {
	var ps []Param
	for _, v := range m.learnables() {
		ps = append(ps, Param{Value: v, Grad: tensor.New(tensor.Of(v.Dtype()), tensor.WithShape(v.Shape()...))})
	}
	return ps
}

func fillGrad(p Param, v float64) {
	switch d := p.Grad.Data().(type) {
	case []float64:
		for i := range d {
			d[i] = v
		}
	case []float32:
		for i := range d {
			d[i] = float32(v)
		}
	}
}

// TestLoadVersion1 loads model files written by the version-1 code (before learnable
// activation parameters; testdata, written with NewModel(…, Glorot{}, rng.New(7,
// "v1-testdata")) and Save) and checks they hold exactly those weights.
func TestLoadVersion1(t *testing.T) {
	for _, c := range []struct {
		file string
		a    Arch
	}{
		{"testdata/model-v1-mlp-float64.isingnn", MLP(3, []int{4}, 2, "quench-tanh:a=2,c=-0.5")},
		{"testdata/model-v1-perceptron-float32.isingnn", Arch{Kind: KindPerceptron, In: 3, Out: 2, Activation: "quench-mf:h=0.1", Dtype: Float32}},
	} {
		m, err := Load(c.file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := NewModel(c.a, Glorot{}, rng.New(7, "v1-testdata"))
		if err != nil {
			t.Fatal(err)
		}
		if m.Arch().String() != want.Arch().String() || m.ActivationParamValues() != nil {
			t.Errorf("%s: arch %s, want %s", c.file, m.Arch(), want.Arch())
		}
		for i, w := range want.Weights() {
			if !bitEqual(m.Weights()[i], w) {
				t.Errorf("%s: weights %d differ", c.file, i)
			}
		}
	}
}

// TestLoadRejectsBadActivationParams: a learned parameter outside its range, and a version-1
// file claiming learned parameters, are errors.
func TestLoadRejectsBadActivationParams(t *testing.T) {
	m, err := NewModel(MLP(2, []int{3}, 2, "quench-mf:h=0.5,learn=h,per=layer"), Glorot{}, rng.New(1, "init"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnmarshalModel(b); err != nil {
		t.Fatalf("good file: %v", err)
	}
	resum := func(b []byte) []byte {
		s := sha256Sum(b[:len(b)-32])
		copy(b[len(b)-32:], s[:])
		return b
	}
	bad := append([]byte(nil), b...)
	putFloat64(bad[len(bad)-32-8:], 7) // h = 7 (the last value before the checksum)
	if _, err := UnmarshalModel(resum(bad)); err == nil || !strings.Contains(err.Error(), "outside its range") {
		t.Errorf("h = 7: %v", err)
	}
	v1 := append([]byte(nil), b...)
	v1[8] = 1
	if _, err := UnmarshalModel(resum(v1)); err == nil || !strings.Contains(err.Error(), "version 1 cannot hold") {
		t.Errorf("version 1 with learn=: %v", err)
	}
}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }

func putFloat64(b []byte, v float64) { binary.LittleEndian.PutUint64(b, math.Float64bits(v)) }
