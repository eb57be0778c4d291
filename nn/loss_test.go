package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestLossValues checks the fused losses against closed forms, including logits far outside the
// range where a naive exp overflows, through a real graph in float64 and float32.
func TestLossValues(t *testing.T) {
	tests := []struct {
		loss Loss
		k    int
		z, y []float64
		want float64 // closed form, see comment
		tol  float64 // relative, float64 (float32 uses 1e-6)
	}{
		// ln(e⁰ + e⁰) − 0 = ln 2.
		{SoftmaxCrossEntropy, 2, []float64{0, 0}, []float64{1, 0}, math.Ln2, 1e-15},
		// ln(e + e² + e³) − 3 = ln(1 + e⁻¹ + e⁻²).
		{SoftmaxCrossEntropy, 3, []float64{1, 2, 3}, []float64{0, 0, 1}, math.Log(1 + math.Exp(-1) + math.Exp(-2)), 1e-15},
		// Row 1, z = (1000, 0), y = e₁: 1000 + ln(1 + e⁻¹⁰⁰⁰) − 0 = 1000 (a naive exp(1000)
		// overflows); row 2, z = (−5, 0), y = e₀: ln(e⁻⁵ + 1) + 5. The loss is their mean.
		{SoftmaxCrossEntropy, 2, []float64{1000, 0, -5, 0}, []float64{0, 1, 1, 0}, (1000 + math.Log1p(math.Exp(-5)) + 5) / 2, 1e-15},
		// Soft targets: y = (½, ½), z = (0, 2): ln(1 + e²) − 1.
		{SoftmaxCrossEntropy, 2, []float64{0, 2}, []float64{0.5, 0.5}, math.Log1p(math.Exp(2)) - 1, 1e-15},
		// ℓ(0, 1) = ln 2.
		{BinaryCrossEntropy, 1, []float64{0}, []float64{1}, math.Ln2, 1e-15},
		// ℓ(−800, 1) = 800 + ln(1 + e⁻⁸⁰⁰) = 800; ℓ(30, 0) = 30 + ln(1 + e⁻³⁰); mean of the two.
		{BinaryCrossEntropy, 1, []float64{-800, 30}, []float64{1, 0}, (800 + 30 + math.Log1p(math.Exp(-30))) / 2, 1e-15},
		// ℓ(2, ¼) = 2 − ½ + ln(1 + e⁻²).
		{BinaryCrossEntropy, 1, []float64{2}, []float64{0.25}, 1.5 + math.Log1p(math.Exp(-2)), 1e-15},
		// (1² + 3² + 0² + 2²)/4 = 14/4.
		{MSE, 2, []float64{1, 3, 0, -2}, []float64{0, 0, 0, 0}, 3.5, 1e-15},
	}
	for _, tc := range tests {
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			b := len(tc.z) / tc.k
			g := gorgonia.NewGraph()
			zt := tensor.New(tensor.Of(dt), tensor.WithShape(b, tc.k))
			yt := tensor.New(tensor.Of(dt), tensor.WithShape(b, tc.k))
			setData(zt, tc.z)
			setData(yt, tc.y)
			z := gorgonia.NewMatrix(g, dt, gorgonia.WithShape(b, tc.k), gorgonia.WithValue(zt), gorgonia.WithName("z"))
			y := gorgonia.NewMatrix(g, dt, gorgonia.WithShape(b, tc.k), gorgonia.WithValue(yt), gorgonia.WithName("y"))
			cost, err := applyLoss(tc.loss, z, y)
			if err != nil {
				t.Fatal(err)
			}
			var v gorgonia.Value
			gorgonia.Read(cost, &v)
			vm := gorgonia.NewTapeMachine(g)
			if err := vm.RunAll(); err != nil {
				t.Fatal(err)
			}
			got, err := scalarOf(v)
			if err != nil {
				t.Fatal(err)
			}
			tol := tc.tol
			if dt == tensor.Float32 {
				tol = 1e-6
			}
			if math.Abs(got-tc.want) > tol*math.Abs(tc.want) {
				t.Errorf("%v %s(z=%v, y=%v) = %v, want %v", dt, tc.loss, tc.z, tc.y, got, tc.want)
			}
		}
	}
}

// TestGradientsMatchFiniteDifferences compares the gradient that a training graph computes for
// every weight with the central difference (L(w+h) − L(w−h))/2h of the evaluation graph's loss,
// in float64, for every loss and both model kinds.
func TestGradientsMatchFiniteDifferences(t *testing.T) {
	const n, h = 6, 1e-5
	rng := rand.New(rand.NewPCG(7, 7))
	x := make([]float64, n*3)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	targets := make([]float64, n*4)
	for i := range targets {
		targets[i] = rng.Float64()
	}
	labels := []int{0, 3, 1, 2, 3, 1}
	for _, a := range []Arch{MLP(3, []int{5}, 4, "tanh"), Perceptron(3, 4, "tanh"), MLP(3, []int{5, 2}, 4, "tanh")} {
		for _, loss := range []Loss{SoftmaxCrossEntropy, BinaryCrossEntropy, MSE} {
			d := Data{N: n, D: 3, X64: x, Targets: targets}
			if loss == SoftmaxCrossEntropy {
				d.Targets, d.Labels = nil, labels
			}
			m, err := NewModel(a, Glorot{Normal: true}, rng)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := newGraph(m, n, loss, true)
			if err != nil {
				t.Fatal(err)
			}
			ev, err := newGraph(m, n, loss, false)
			if err != nil {
				t.Fatal(err)
			}
			rows := []int{0, 1, 2, 3, 4, 5}
			if err := tr.run(d, rows); err != nil {
				t.Fatal(err)
			}
			lossAt := func() float64 {
				if err := ev.run(d, rows); err != nil {
					t.Fatal(err)
				}
				return ev.lossValue()
			}
			if l0 := lossAt(); math.Abs(l0-tr.lossValue()) > 1e-15 {
				t.Fatalf("train and eval graphs disagree on the loss: %v, %v", tr.lossValue(), l0)
			}
			for pi, p := range tr.params {
				grad := p.Grad.Data().([]float64)
				w := p.Value.Data().([]float64)
				for j := range w {
					w0 := w[j]
					w[j] = w0 + h
					lp := lossAt()
					w[j] = w0 - h
					lm := lossAt()
					w[j] = w0
					fd := (lp - lm) / (2 * h)
					if math.Abs(fd-grad[j]) > 1e-7*(1+math.Abs(fd)) {
						t.Errorf("%s %s: ∂L/∂param%d[%d] = %v, finite difference %v", a, loss, pi, j, grad[j], fd)
					}
				}
			}
		}
	}
}
