package nn

import (
	"math"
	"testing"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/internal/rng"
)

// activityByHand computes the activation layers' values of an MLP or perceptron in plain Go
// from its weights and the activation's scalar F (float64), the reference of TestActivity.
func activityByHand(t *testing.T, m *Model, x []float64, n int) [][]float64 {
	t.Helper()
	act, err := activations.Parse(m.arch.Activation)
	if err != nil {
		t.Fatal(err)
	}
	w := m.Weights()
	sizes := m.arch.Sizes()
	var out [][]float64
	in := x
	for _, l := range m.actLayers() {
		fi, fo := sizes[l], sizes[l+1]
		h := make([]float64, n*fo)
		for e := range n {
			for j := range fo {
				z := w[2*l+1][j]
				for i := range fi {
					z += in[e*fi+i] * w[2*l][i*fo+j]
				}
				h[e*fo+j] = act.F(z)
			}
		}
		out = append(out, h)
		in = h
	}
	return out
}

// TestActivity compares Model.Activity with the values computed by hand (activityByHand): the
// fraction of zero values, of dead units and the mean per activation layer, float64 and float32,
// an MLP with two hidden layers and a perceptron; one ReLU unit is made dead by a large
// negative bias.
func TestActivity(t *testing.T) {
	const n = 9
	g := rng.New(7, "nn/activity-test")
	x := make([]float64, n*3)
	for i := range x {
		x[i] = g.NormFloat64()
	}
	for _, c := range []struct {
		arch Arch
		tol  float64 // on Mean: float32 graphs against the float64 reference
	}{
		{MLP(3, []int{5, 4}, 2, "relu"), 1e-12},
		{MLP(3, []int{6}, 2, "tanh"), 1e-12},
		{Perceptron(3, 4, "relu"), 1e-12},
		{Arch{Kind: KindMLP, In: 3, Hidden: []int{5, 4}, Out: 2, Activation: "relu", Dtype: Float32}, 1e-5},
	} {
		m, err := NewModel(c.arch, Glorot{}, rng.New(1, "nn/activity-test-init"))
		if err != nil {
			t.Fatal(err)
		}
		w := m.Weights()
		w[1][0] = -100 // unit 0 of the first activation layer never fires (ReLU: dead)
		if err := m.SetWeights(w); err != nil {
			t.Fatal(err)
		}
		got, err := m.Activity(Data{N: n, D: 3, X64: x}, 4, 1e-6)
		if err != nil {
			t.Fatal(err)
		}
		want := activityByHand(t, m, x, n)
		if len(got) != len(want) {
			t.Fatalf("%s: %d layers, want %d", c.arch, len(got), len(want))
		}
		for i, h := range want {
			units := len(h) / n
			ref := summarise(h, m.actLayers()[i], units, n, 1e-6)
			a := got[i]
			if a.Layer != ref.Layer || a.Units != units || a.Examples != n || a.Zero != ref.Zero || a.Dead != ref.Dead ||
				math.Abs(a.Mean-ref.Mean) > c.tol {
				t.Errorf("%s layer %d: %+v, want %+v", c.arch, i, a, ref)
			}
		}
		if c.arch.Activation == "relu" && !(got[0].Dead >= 1/float64(got[0].Units) && got[0].Zero > 0) {
			t.Errorf("%s: the unit with bias −100 is not counted dead: %+v", c.arch, got[0])
		}
	}
}

// TestSummarise checks the counting on hand-made values: 2 examples × 3 units.
func TestSummarise(t *testing.T) {
	h := []float64{0, 1, 0, 0, -2, 1e-7}
	a := summarise(h, 0, 3, 2, 1e-6)
	if a.Zero != 4.0/6 || a.Dead != 2.0/3 || math.Abs(a.Mean-(-1.0+1e-7)/6) > 1e-15 {
		t.Errorf("summarise: %+v; want zero 4/6, dead 2/3 (units 0 and 2), mean −1/6", a)
	}
}

func TestActivityErrors(t *testing.T) {
	m, err := NewModel(MLP(3, []int{4}, 2, "relu"), Glorot{}, rng.New(1, "nn/activity-test-init"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Activity(Data{N: 1, D: 2, X64: []float64{1, 2}}, 4, 1e-6); err == nil {
		t.Error("wrong feature count accepted")
	}
	if _, err := m.Activity(Data{N: 1, D: 3, X64: []float64{1, 2, 3}}, 4, math.NaN()); err == nil {
		t.Error("NaN tolerance accepted")
	}
}
