package nn

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
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

// gorgoniaOptimizer is the reference for TestOptimizerMatchesGorgonia: the Gorgonia v0.9.18
// solver of the same name, with weight decay and clipping applied to the gradient before it
// (g ← clamp(∇ + λw, −c, c)), as NewOptimizer's doc comment defines them. It was the nn
// package's optimiser before the one-pass kernels of optim.go replaced it.
type gorgoniaOptimizer struct {
	s           gorgonia.Solver
	decay, clip float64
}

func newGorgoniaOptimizer(c OptimizerConfig) *gorgoniaOptimizer {
	lr := func(def float64) float64 {
		if c.LearningRate == 0 {
			return def
		}
		return c.LearningRate
	}
	orDefault := func(v, def float64) float64 {
		if v == 0 {
			return def
		}
		return v
	}
	var s gorgonia.Solver
	switch c.Name {
	case "sgd":
		s = gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(lr(0.01)))
	case "momentum":
		s = gorgonia.NewMomentum(gorgonia.WithLearnRate(lr(0.01)), gorgonia.WithMomentum(orDefault(c.Momentum, 0.9)))
	case "adam":
		s = gorgonia.NewAdamSolver(gorgonia.WithLearnRate(lr(0.001)))
	case "rmsprop":
		s = gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(lr(0.001)), gorgonia.WithRho(orDefault(c.Rho, 0.9)))
	default:
		panic("unknown optimiser " + c.Name)
	}
	return &gorgoniaOptimizer{s: s, decay: c.WeightDecay, clip: c.Clip}
}

func (o *gorgoniaOptimizer) Step(params []Param) error {
	vgs := make([]gorgonia.ValueGrad, len(params))
	for i, p := range params {
		switch g := p.Grad.Data().(type) {
		case []float32:
			gorgoniaDecayClip(g, p.Value.Data().([]float32), o.decay, o.clip)
		case []float64:
			gorgoniaDecayClip(g, p.Value.Data().([]float64), o.decay, o.clip)
		}
		vgs[i] = &paramVG{p.Value, p.Grad}
	}
	return o.s.Step(vgs)
}

// paramVG is a Param seen as a gorgonia.ValueGrad.
type paramVG struct{ v, g *tensor.Dense }

func (p *paramVG) Value() gorgonia.Value         { return p.v }
func (p *paramVG) Grad() (gorgonia.Value, error) { return p.g, nil }

// gorgoniaDecayClip sets g ← clamp(g + λw, −c, c) (no clamp when c = 0).
func gorgoniaDecayClip[T float32 | float64](g, w []T, decay, clip float64) {
	l, c := T(decay), T(clip)
	for i := range g {
		v := g[i] + T(l*w[i])
		if clip > 0 {
			v = min(max(v, -c), c)
		}
		g[i] = v
	}
}

// TestOptimizerMatchesGorgonia runs every optimiser of NewOptimizer and the Gorgonia solver it
// replaces (gorgoniaOptimizer) side by side for 25 steps (3 for a large parameter) on the
// same weights and the same random gradients (a new draw every step, with components beyond
// the clip), with and without weight decay and clipping, in float32 and float64, and requires the weights to agree
// to 1e-6 relative (float32) and 1e-12 (float64). The kernels repeat Gorgonia's operations in
// its order and precision, so in practice they agree to the last bit; the test logs the largest
// difference seen.
func TestOptimizerMatchesGorgonia(t *testing.T) {
	cfgs := []OptimizerConfig{
		{Name: "sgd", LearningRate: 0.05},
		{Name: "momentum", LearningRate: 0.05, Momentum: 0.8},
		{Name: "adam", LearningRate: 0.01},
		{Name: "adam"}, // defaults: η = 1e-3
		{Name: "rmsprop", LearningRate: 0.01, Rho: 0.95},
	}
	// 37 elements: one chunk; 3·parallelMin + 5 (fewer steps): split across goroutines when
	// GOMAXPROCS > 1 (the chunks must not change a bit).
	for _, size := range []struct{ n, steps int }{{37, 25}, {3*parallelMin + 5, 3}} {
		for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
			testOptimizerMatchesGorgonia(t, size.n, size.steps, dt, cfgs)
		}
	}
}

func testOptimizerMatchesGorgonia(t *testing.T, n, steps int, dt tensor.Dtype, cfgs []OptimizerConfig) {
	{
		tol := 1e-12
		if dt == tensor.Float32 {
			tol = 1e-6
		}
		for _, base := range cfgs {
			for _, reg := range []struct{ decay, clip float64 }{{0, 0}, {0.01, 0}, {0, 0.5}, {0.02, 0.3}} {
				cfg := base
				cfg.WeightDecay, cfg.Clip = reg.decay, reg.clip
				fast, err := NewOptimizer(cfg)
				if err != nil {
					t.Fatal(err)
				}
				ref := newGorgoniaOptimizer(cfg)
				rng := rand.New(rand.NewPCG(3, uint64(len(cfg.Name))))
				w0 := make([]float64, 2*n)
				for i := range w0 {
					w0[i] = rng.NormFloat64()
				}
				// Two parameters of different shapes, as a layer's W and b.
				mk := func(v []float64, r, c int) *tensor.Dense {
					d := tensor.New(tensor.Of(dt), tensor.WithShape(r, c))
					setData(d, v)
					return d
				}
				wf := []*tensor.Dense{mk(w0[:n], 1, n), mk(w0[n:], n, 1)}
				wr := []*tensor.Dense{mk(w0[:n], 1, n), mk(w0[n:], n, 1)}
				var worst float64
				for s := 0; s < steps; s++ {
					g := make([]float64, 2*n)
					for i := range g {
						g[i] = rng.NormFloat64() * 0.7
					}
					pf := []Param{{wf[0], mk(g[:n], 1, n)}, {wf[1], mk(g[n:], n, 1)}}
					pr := []Param{{wr[0], mk(g[:n], 1, n)}, {wr[1], mk(g[n:], n, 1)}}
					if err := fast.Step(pf); err != nil {
						t.Fatal(err)
					}
					if err := ref.Step(pr); err != nil {
						t.Fatal(err)
					}
				}
				got := (&Model{params: wf}).Weights()
				want := (&Model{params: wr}).Weights()
				for p := range got {
					for i := range got[p] {
						d := math.Abs(got[p][i]-want[p][i]) / (1e-3 + math.Abs(want[p][i]))
						worst = max(worst, d)
						if !(d <= tol) {
							t.Fatalf("n %d, %v %+v: after %d steps w%d[%d] = %v, Gorgonia's solver gives %v", n, dt, cfg, steps, p, i, got[p][i], want[p][i])
						}
					}
				}
				if worst != 0 {
					t.Logf("%v %+v: largest relative difference %.3g", dt, cfg, worst)
				}
			}
		}
	}
}

// TestTrainingMatchesGorgoniaSolvers trains the same small MLP (float32 and float64) for 3
// epochs with each optimiser of NewOptimizer and with the Gorgonia solver it replaced, as a
// Custom optimiser, and requires bit-identical weights: the trainer's results mean what they
// meant with Gorgonia's solvers.
func TestTrainingMatchesGorgoniaSolvers(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n, in, out = 300, 6, 3
	d := Data{N: n, D: in, X64: make([]float64, n*in), Labels: make([]int, n)}
	for i := range d.X64 {
		d.X64[i] = rng.NormFloat64()
	}
	for i := range d.Labels {
		d.Labels[i] = rng.IntN(out)
	}
	d32 := Data{N: n, D: in, X32: make([]float32, n*in), Labels: d.Labels}
	for i, v := range d.X64 {
		d32.X32[i] = float32(v)
	}
	for _, dtype := range []Dtype{Float32, Float64} {
		data := d
		if dtype == Float32 {
			data = d32
		}
		for _, cfg := range []OptimizerConfig{
			{Name: "sgd", LearningRate: 0.1, WeightDecay: 1e-3},
			{Name: "momentum", Clip: 0.05},
			{Name: "adam", LearningRate: 0.01, WeightDecay: 1e-4, Clip: 1},
			{Name: "rmsprop"},
		} {
			train := func(custom Optimizer) [][]float64 {
				a := MLP(in, []int{16, 8}, out, "tanh")
				a.Dtype = dtype
				r := rand.New(rand.NewPCG(5, 6))
				m, err := NewModel(a, He{}, r)
				if err != nil {
					t.Fatal(err)
				}
				tr, err := NewTrainer(m, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: cfg, Custom: custom, BatchSize: 32, Epochs: 3}, r)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tr.Fit(context.Background(), data, Data{}); err != nil {
					t.Fatal(err)
				}
				return m.Weights()
			}
			got, want := train(nil), train(newGorgoniaOptimizer(cfg))
			for p := range got {
				for i := range got[p] {
					if got[p][i] != want[p][i] {
						t.Fatalf("%v %+v: w%d[%d] = %v after 3 epochs, %v with Gorgonia's solver", dtype, cfg, p, i, got[p][i], want[p][i])
					}
				}
			}
		}
	}
}

// TestOptimizerStepAllocs: after the first step (which allocates the state), a step of every
// optimiser allocates nothing (testing.AllocsPerRun runs with GOMAXPROCS 1, the path of a sweep
// worker; with more threads the goroutines of large parameters cost a few small allocations).
func TestOptimizerStepAllocs(t *testing.T) {
	for _, name := range OptimizerNames() {
		o, err := NewOptimizer(OptimizerConfig{Name: name, WeightDecay: 1e-4, Clip: 1})
		if err != nil {
			t.Fatal(err)
		}
		ps := benchParams(tensor.Float32)
		if err := o.Step(ps); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(20, func() {
			if err := o.Step(ps); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations per step, want 0", name, n)
		}
	}
}
