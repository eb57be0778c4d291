package nn

import (
	"math"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// TestOptimizerSteps checks one or two steps of every optimiser against the update rules written
// out by hand (closed forms of NewOptimizer's doc comment), in float32 and float64, with weight
// decay and clipping applied before the solver.
func TestOptimizerSteps(t *testing.T) {
	const eta, mu, rho, eps = 0.1, 0.9, 0.9, 1e-8
	w0 := []float64{1, -2, 0.5}
	g := []float64{0.3, -4, 0}
	tests := []struct {
		name  string
		cfg   OptimizerConfig
		steps int
		want  func(w, g float64) float64 // weight after the steps, from w and the raw gradient
	}{
		{"sgd", OptimizerConfig{Name: "sgd", LearningRate: eta}, 1,
			func(w, g float64) float64 { return w - eta*g }},
		{"sgd+decay", OptimizerConfig{Name: "sgd", LearningRate: eta, WeightDecay: 0.5}, 1,
			func(w, g float64) float64 { return w - eta*(g+0.5*w) }},
		{"sgd+clip", OptimizerConfig{Name: "sgd", LearningRate: eta, Clip: 1}, 1,
			func(w, g float64) float64 { return w - eta*math.Max(-1, math.Min(1, g)) }},
		// v₁ = −ηg, w₁ = w − ηg; v₂ = μv₁ − ηg, w₂ = w₁ + v₂ = w − ηg(2 + μ) (same g both steps).
		{"momentum", OptimizerConfig{Name: "momentum", LearningRate: eta, Momentum: mu}, 2,
			func(w, g float64) float64 { return w - eta*g*(2+mu) }},
		// First Adam step: m̂ = g, v̂ = g², w₁ = w − ηg/(|g| + ε).
		{"adam", OptimizerConfig{Name: "adam", LearningRate: eta}, 1,
			func(w, g float64) float64 { return w - eta*g/(math.Abs(g)+eps) }},
		// First RMSProp step: r = (1 − ρ)g², w₁ = w − ηg/√(r + ε).
		{"rmsprop", OptimizerConfig{Name: "rmsprop", LearningRate: eta, Rho: rho}, 1,
			func(w, g float64) float64 { return w - eta*g/math.Sqrt((1-rho)*g*g+eps) }},
	}
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		for _, tc := range tests {
			o, err := NewOptimizer(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			w := tensor.New(tensor.Of(dt), tensor.WithShape(1, 3))
			gr := tensor.New(tensor.Of(dt), tensor.WithShape(1, 3))
			setData(w, w0)
			for s := 0; s < tc.steps; s++ {
				setData(gr, g) // solvers zero or overwrite the gradient
				if err := o.Step([]Param{{Value: w, Grad: gr}}); err != nil {
					t.Fatal(err)
				}
			}
			tol := 1e-12
			if dt == tensor.Float32 {
				tol = 1e-6
			}
			for i, got := range (&Model{params: []*tensor.Dense{w}}).Weights()[0] {
				want := tc.want(w0[i], g[i])
				if math.Abs(got-want) > tol*(1+math.Abs(want)) {
					t.Errorf("%v %s: w[%d] = %v, want %v", dt, tc.name, i, got, want)
				}
			}
		}
	}
}

func TestOptimizerErrors(t *testing.T) {
	tests := []struct {
		cfg  OptimizerConfig
		want string
	}{
		{OptimizerConfig{Name: "adamw"}, "valid: adam, momentum, rmsprop, sgd"},
		{OptimizerConfig{Name: ""}, "unknown optimiser"},
		{OptimizerConfig{Name: "sgd", LearningRate: -1}, "learning rate"},
		{OptimizerConfig{Name: "sgd", LearningRate: math.NaN()}, "learning rate"},
		{OptimizerConfig{Name: "adam", WeightDecay: math.Inf(1)}, "weight decay"},
		{OptimizerConfig{Name: "momentum", Momentum: 1}, "want < 1"},
	}
	for _, tc := range tests {
		_, err := NewOptimizer(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("NewOptimizer(%+v) error %v, want one containing %q", tc.cfg, err, tc.want)
		}
	}
	o, _ := NewOptimizer(OptimizerConfig{Name: "sgd"})
	w := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(2, 2))
	if err := o.Step([]Param{{Value: w}}); err == nil {
		t.Error("a step without gradient succeeded")
	}
}
