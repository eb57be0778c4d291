package nn

import (
	"fmt"
	"strings"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Param is one learnable tensor and its gradient for the current batch. Both are the tensors the
// graphs compute with: an Optimizer updates Value in place (every graph of the model sees the
// update) and may overwrite Grad.
type Param struct {
	Value, Grad *tensor.Dense
}

// Optimizer updates the parameters in place from their gradients, once per batch. The order of
// params is the same at every call (W₀, b₀, W₁, b₁, …), so an optimizer may key its state (Adam's
// moments) by position. The trainer only needs this interface: a faster implementation that
// works on the raw slices can replace the Gorgonia solvers without touching the trainer.
type Optimizer interface {
	Step(params []Param) error
}

// OptimizerConfig chooses and tunes an optimiser. Zero fields take the documented defaults.
type OptimizerConfig struct {
	// Name is one of OptimizerNames: "sgd", "momentum", "adam", "rmsprop".
	Name string
	// LearningRate η (default 0.01 for sgd and momentum, 0.001 for adam and rmsprop).
	LearningRate float64
	// WeightDecay λ ≥ 0 adds λ·w to every gradient before the update (coupled L2
	// regularisation, the gradient of (λ/2)‖w‖²; applied to biases as well). 0 disables it.
	WeightDecay float64
	// Clip c > 0 clamps every gradient component to [−c, c] (elementwise value clipping, as
	// Gorgonia's WithClip; not norm clipping). 0 disables it.
	Clip float64
	// Momentum μ of "momentum" (default 0.9): v ← μv − η∇, w ← w + v.
	Momentum float64
	// Rho ρ of "rmsprop", the decay of the running mean square (default 0.9, Hinton's lecture 6e;
	// Gorgonia's own default is 0.999).
	Rho float64
}

// OptimizerNames lists the valid optimiser names.
func OptimizerNames() []string { return []string{"adam", "momentum", "rmsprop", "sgd"} }

// NewOptimizer returns the Gorgonia solver named by c.Name, wrapped as an Optimizer. Weight decay
// and clipping are done by the wrapper, before the solver sees the gradient, the same way for
// every solver:
//
//	g ← clamp(∇ + λw, −c, c)
//
// rather than by Gorgonia's WithL2Reg and WithClip options, which differ between solvers in
// v0.9.18: Momentum adds λ times the velocity instead of the weights, RMSProp subtracts λw from
// the weights unscaled by η and accumulates the unclipped gradient. The updates (Gorgonia
// v0.9.18, solvers.go) are then:
//
//	sgd:      w ← w − η g
//	momentum: v ← μ v − η g;  w ← w + v
//	adam:     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − η m̂/(√v̂ + ε),
//	          m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (Kingma & Ba 2015)
//	rmsprop:  r ← ρ r + (1−ρ) g²;  w ← w − η g/√(r + ε), ε = 1e-8
//
// The losses are batch means, so the solvers' batch-size option stays unset (Gorgonia's Adam
// would divide the gradient by it once more). An unknown name or a negative or non-finite
// setting is an error.
func NewOptimizer(c OptimizerConfig) (Optimizer, error) {
	for _, f := range []struct {
		name string
		v    float64
	}{{"learning rate", c.LearningRate}, {"weight decay", c.WeightDecay}, {"clip", c.Clip}, {"momentum", c.Momentum}, {"rho", c.Rho}} {
		if !(f.v >= 0 && f.v < 1e300) {
			return nil, fmt.Errorf("nn: optimiser %s = %v (want a finite value ≥ 0)", f.name, f.v)
		}
	}
	if c.Momentum >= 1 || c.Rho >= 1 {
		return nil, fmt.Errorf("nn: optimiser momentum = %v, rho = %v (want < 1)", c.Momentum, c.Rho)
	}
	lr := func(def float64) float64 {
		if c.LearningRate == 0 {
			return def
		}
		return c.LearningRate
	}
	var s gorgonia.Solver
	switch c.Name {
	case "sgd":
		s = gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(lr(0.01)))
	case "momentum":
		mu := c.Momentum
		if mu == 0 {
			mu = 0.9
		}
		s = gorgonia.NewMomentum(gorgonia.WithLearnRate(lr(0.01)), gorgonia.WithMomentum(mu))
	case "adam":
		s = gorgonia.NewAdamSolver(gorgonia.WithLearnRate(lr(0.001)))
	case "rmsprop":
		rho := c.Rho
		if rho == 0 {
			rho = 0.9
		}
		s = gorgonia.NewRMSPropSolver(gorgonia.WithLearnRate(lr(0.001)), gorgonia.WithRho(rho))
	default:
		return nil, fmt.Errorf("nn: unknown optimiser %q (valid: %s)", c.Name, strings.Join(OptimizerNames(), ", "))
	}
	return &solverOptimizer{s: s, decay: c.WeightDecay, clip: c.Clip}, nil
}

// solverOptimizer adapts a gorgonia.Solver to Optimizer without allocating per step.
type solverOptimizer struct {
	s     gorgonia.Solver
	decay float64 // λ
	clip  float64 // c (0: none)
	vgs   []paramVG
	ifs   []gorgonia.ValueGrad
}

func (o *solverOptimizer) Step(params []Param) error {
	if len(o.vgs) != len(params) {
		o.vgs = make([]paramVG, len(params))
		o.ifs = make([]gorgonia.ValueGrad, len(params))
		for i := range o.vgs {
			o.ifs[i] = &o.vgs[i]
		}
	}
	for i, p := range params {
		if p.Value == nil || p.Grad == nil || !p.Value.Shape().Eq(p.Grad.Shape()) || p.Value.Dtype() != p.Grad.Dtype() {
			return fmt.Errorf("nn: optimiser step: parameter %d has no gradient of its shape and dtype", i)
		}
		if o.decay > 0 || o.clip > 0 {
			switch g := p.Grad.Data().(type) {
			case []float32:
				decayClip(g, p.Value.Data().([]float32), o.decay, o.clip)
			case []float64:
				decayClip(g, p.Value.Data().([]float64), o.decay, o.clip)
			}
		}
		o.vgs[i] = paramVG{p.Value, p.Grad}
	}
	if err := o.s.Step(o.ifs); err != nil {
		return fmt.Errorf("nn: optimiser step: %w", err)
	}
	return nil
}

// paramVG is a Param seen as a gorgonia.ValueGrad.
type paramVG struct{ v, g *tensor.Dense }

func (p *paramVG) Value() gorgonia.Value         { return p.v }
func (p *paramVG) Grad() (gorgonia.Value, error) { return p.g, nil }

// decayClip sets g ← clamp(g + λw, −c, c) (no clamp when c = 0).
func decayClip[T float32 | float64](g, w []T, decay, clip float64) {
	l, c := T(decay), T(clip)
	for i := range g {
		v := g[i] + l*w[i]
		if clip > 0 {
			v = min(max(v, -c), c)
		}
		g[i] = v
	}
}
