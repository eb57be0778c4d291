package nn

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/isingact/isingact/internal/vec"
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
// works on the raw slices (as NewOptimizer's) needs nothing else from the trainer.
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

// NewOptimizer returns the optimiser named by c.Name. Weight decay and clipping are done the
// same way for every optimiser, on the gradient before the update:
//
//	g ← clamp(∇ + λw, −c, c)
//
// (not as Gorgonia's WithL2Reg and WithClip options, which differ between solvers in v0.9.18:
// Momentum adds λ times the velocity instead of the weights, RMSProp subtracts λw from the
// weights unscaled by η and accumulates the unclipped gradient). The updates are those of
// Gorgonia's solvers (v0.9.18, solvers.go: VanillaSolver, Momentum, AdamSolver, RMSPropSolver):
//
//	sgd:      w ← w − η g
//	momentum: v ← μ v − η g;  w ← w + v
//	adam:     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  w ← w − η m̂/(√v̂ + ε),
//	          m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (Kingma & Ba 2015)
//	rmsprop:  r ← ρ r + (1−ρ) g²;  w ← w − η g/√(r + ε), ε = 1e-8
//
// with t the step count (from 1) and ε outside the square root for Adam, inside for RMSProp,
// as Gorgonia places it. The step is one pass over each parameter's backing slice that reads
// w, ∇ and the state and writes w and the state, folding decay and clipping into the same pass;
// it allocates the state on the first step and leaves the gradient untouched. Parameters of
// 16 384 elements or more are updated in contiguous chunks on up to GOMAXPROCS goroutines
// (a few small allocations per step for the goroutines; none on a single thread). Each element is computed with the same floating-point operations in the same order
// and precision as Gorgonia's solver (float32 parameters in float32, the constants rounded as
// Gorgonia rounds them, no fused multiply-add), so the weights agree with the Gorgonia solvers
// to the last bit (optim_test.go checks it). The losses are batch means, so there is no
// division by the batch size (Gorgonia's batch option stays unset). An unknown name or a
// negative or non-finite setting is an error.
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
	o := &sliceOptimizer{decay: c.WeightDecay, clip: c.Clip, beta1: 0.9, beta2: 0.999, eps: 1e-8}
	lr := func(def float64) float64 {
		if c.LearningRate == 0 {
			return def
		}
		return c.LearningRate
	}
	switch c.Name {
	case "sgd":
		o.kind, o.eta = kindSGD, lr(0.01)
	case "momentum":
		o.kind, o.eta, o.mu = kindMomentum, lr(0.01), c.Momentum
		if o.mu == 0 {
			o.mu = 0.9
		}
	case "adam":
		o.kind, o.eta = kindAdam, lr(0.001)
	case "rmsprop":
		o.kind, o.eta, o.rho = kindRMSProp, lr(0.001), c.Rho
		if o.rho == 0 {
			o.rho = 0.9
		}
	default:
		return nil, fmt.Errorf("nn: unknown optimiser %q (valid: %s)", c.Name, strings.Join(OptimizerNames(), ", "))
	}
	return o, nil
}

type optKind int

const (
	kindSGD optKind = iota
	kindMomentum
	kindAdam
	kindRMSProp
)

// sliceOptimizer is every built-in optimiser, working on the tensors' backing slices.
type sliceOptimizer struct {
	kind              optKind
	eta               float64 // η
	decay, clip       float64 // λ, c (0: none)
	mu, rho           float64 // μ (momentum), ρ (rmsprop)
	beta1, beta2, eps float64 // Adam's β₁, β₂, ε; RMSProp's ε
	t                 int     // steps done (Adam's bias correction)
	state             []optState
}

// optState is the per-parameter state: the velocity (momentum), the running mean square
// (rmsprop) or the first moment (adam) in a, the second moment (adam) in b, in the parameter's
// dtype.
type optState struct {
	a32, b32 []float32
	a64, b64 []float64
}

func (o *sliceOptimizer) Step(params []Param) error {
	if len(o.state) != len(params) {
		o.state = make([]optState, len(params))
	}
	for i, p := range params {
		if p.Value == nil || p.Grad == nil || !p.Value.Shape().Eq(p.Grad.Shape()) || p.Value.Dtype() != p.Grad.Dtype() {
			return fmt.Errorf("nn: optimiser step: parameter %d has no gradient of its shape and dtype", i)
		}
		if dt := p.Value.Dtype(); dt != tensor.Float32 && dt != tensor.Float64 {
			return fmt.Errorf("nn: optimiser step: parameter %d has dtype %v (want float32 or float64)", i, p.Value.Dtype())
		}
	}
	o.t++
	// As Gorgonia's AdamSolver: the corrections 1 − βᵗ in float64, their reciprocals in the
	// parameter's dtype.
	c1 := 1 - math.Pow(o.beta1, float64(o.t))
	c2 := 1 - math.Pow(o.beta2, float64(o.t))
	for i, p := range params {
		// Float32s and Float64s give the backing slices without allocating (Data would box
		// them in an interface).
		st := &o.state[i]
		switch p.Value.Dtype() {
		case tensor.Float32:
			w, g := p.Value.Float32s(), p.Grad.Float32s()
			st.a32, st.b32 = grow(st.a32, len(w), o.kind != kindSGD), grow(st.b32, len(w), o.kind == kindAdam)
			o.step32(w, g, st.a32, st.b32, float32(1)/float32(c1), float32(1)/float32(c2))
		case tensor.Float64:
			w, g := p.Value.Float64s(), p.Grad.Float64s()
			st.a64, st.b64 = grow(st.a64, len(w), o.kind != kindSGD), grow(st.b64, len(w), o.kind == kindAdam)
			o.step64(w, g, st.a64, st.b64, 1/c1, 1/c2)
		}
	}
	return nil
}

// grow returns s if it has n elements, else n zeros (nil when the state is not needed).
func grow[T float32 | float64](s []T, n int, need bool) []T {
	if !need {
		return nil
	}
	if len(s) != n {
		return make([]T, n)
	}
	return s
}

// stepConsts are the constants of a step in the parameter's dtype, rounded as Gorgonia's
// solvers round them.
type stepConsts[T float32 | float64] struct {
	decay, clip, negClip T
	negEta               T
	mu                   T // momentum
	rho, omRho, eps      T // rmsprop: ρ, float(1 − ρ) (rounded after subtracting), ε
	b1, omB1, b2, omB2   T // adam: β₁, 1 − β₁ (subtracted after rounding), β₂, 1 − β₂
	c1, c2               T // adam: 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ)
	reg, doClip          bool
}

func (o *sliceOptimizer) step32(w, g, a, b []float32, c1, c2 float32) {
	k := stepConsts[float32]{decay: float32(o.decay), clip: float32(o.clip), negClip: -float32(o.clip),
		negEta: -float32(o.eta), mu: float32(o.mu), rho: float32(o.rho), omRho: float32(1 - o.rho), eps: float32(o.eps),
		b1: float32(o.beta1), omB1: float32(1) - float32(o.beta1), b2: float32(o.beta2), omB2: float32(1) - float32(o.beta2),
		c1: c1, c2: c2, reg: o.decay > 0 || o.clip > 0, doClip: o.clip > 0}
	dispatch(o.kind, w, g, a, b, &k)
}

func (o *sliceOptimizer) step64(w, g, a, b []float64, c1, c2 float64) {
	k := stepConsts[float64]{decay: o.decay, clip: o.clip, negClip: -o.clip,
		negEta: -o.eta, mu: o.mu, rho: o.rho, omRho: 1 - o.rho, eps: o.eps,
		b1: o.beta1, omB1: 1 - o.beta1, b2: o.beta2, omB2: 1 - o.beta2,
		c1: c1, c2: c2, reg: o.decay > 0 || o.clip > 0, doClip: o.clip > 0}
	dispatch(o.kind, w, g, a, b, &k)
}

// parallelMin is the smallest parameter (in elements) whose step is split across goroutines:
// below it a goroutine's start costs more than it saves.
const parallelMin = 1 << 14

// dispatch runs the kernel of kind on the parameter, split into contiguous chunks on up to
// GOMAXPROCS goroutines when it is large. Every element's update depends on that element
// alone, so the result is the same for any split.
func dispatch[T float32 | float64](kind optKind, w, g, a, b []T, k *stepConsts[T]) {
	parts := min(runtime.GOMAXPROCS(0), len(w)/parallelMin)
	if parts <= 1 {
		kernel(kind, w, g, a, b, k)
		return
	}
	var wg sync.WaitGroup
	chunk := (len(w) + parts - 1) / parts
	kc := *k // a copy for the goroutines, so that k does not escape on the single-thread path
	for lo := chunk; lo < len(w); lo += chunk {
		hi := min(lo+chunk, len(w))
		wg.Go(func() { kernel(kind, w[lo:hi], g[lo:hi], part(a, lo, hi), part(b, lo, hi), &kc) })
	}
	kernel(kind, w[:chunk], g[:chunk], part(a, 0, chunk), part(b, 0, chunk), k)
	wg.Wait()
}

// part returns s[lo:hi], or nil for an unused (nil) state.
func part[T float32 | float64](s []T, lo, hi int) []T {
	if s == nil {
		return nil
	}
	return s[lo:hi]
}

func kernel[T float32 | float64](kind optKind, w, g, a, b []T, k *stepConsts[T]) {
	switch kind {
	case kindSGD:
		sgdStep(w, g, k)
	case kindMomentum:
		momentumStep(w, g, a, k)
	case kindAdam:
		if !adamVec(w, g, a, b, k) {
			adamStep(w, g, a, b, k)
		}
	case kindRMSProp:
		rmspropStep(w, g, a, k)
	}
}

// The kernels below spell out every rounding: an explicit conversion T(x*y) rounds the product
// and forbids the compiler to fuse it with the following addition (Go spec, "Arithmetic
// operators"), as Gorgonia's separate passes over the tensors never fuse. Each follows the
// order of operations of the Gorgonia solver it replaces.

// regGrad returns clamp(g + λw, −c, c), the gradient that the update sees (g itself without
// decay or clipping).
func regGrad[T float32 | float64](g, w T, k *stepConsts[T]) T {
	if !k.reg {
		return g
	}
	g += T(k.decay * w)
	if k.doClip {
		g = min(max(g, k.negClip), k.clip)
	}
	return g
}

// sgdStep: w ← w + (−η)·g (VanillaSolver: g *= −η; w += g).
func sgdStep[T float32 | float64](w, g []T, kp *stepConsts[T]) {
	k := *kp
	negEta := k.negEta
	g = g[:len(w)]
	for i := range w {
		w[i] += T(regGrad(g[i], w[i], &k) * negEta)
	}
}

// momentumStep: v ← v·μ + (−η)·g; w ← w + v (Momentum: g *= −η; v *= μ; v += g; w += v).
func momentumStep[T float32 | float64](w, g, v []T, kp *stepConsts[T]) {
	k := *kp
	mu, negEta := k.mu, k.negEta
	g, v = g[:len(w)], v[:len(w)]
	for i := range w {
		gi := regGrad(g[i], w[i], &k)
		vi := T(v[i]*mu) + T(gi*negEta)
		v[i] = vi
		w[i] += vi
	}
}

// adamStep (AdamSolver: t1 = g·(1−β₁); m = t1 + m·β₁; g2 = g·g·(1−β₂); v = g2 + v·β₂;
// m̂ = m·c₁; v̂ = √(v·c₂) + ε; w += (m̂·(−η))/v̂).
func adamStep[T float32 | float64](w, g, m, v []T, kp *stepConsts[T]) {
	k := *kp
	b1, omB1, b2, omB2, c1, c2, eps, negEta := k.b1, k.omB1, k.b2, k.omB2, k.c1, k.c2, k.eps, k.negEta
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i := range w {
		gi := regGrad(g[i], w[i], &k)
		mi := T(gi*omB1) + T(m[i]*b1)
		vi := T(T(gi*gi)*omB2) + T(v[i]*b2)
		m[i], v[i] = mi, vi
		den := T(math.Sqrt(float64(T(vi*c2)))) + eps
		w[i] += T(T(mi*c1)*negEta) / den
	}
}

// adamVec runs a float32 Adam step without decay or clipping on internal/vec's vector loop,
// which rounds every operation as adamStep does (bit-identical results, about 4× faster: the
// scalar loop waits on its square roots and divisions), and reports whether it did; float64
// and regularised steps stay on adamStep.
func adamVec[T float32 | float64](w, g, m, v []T, kp *stepConsts[T]) bool {
	w32, ok := any(w).([]float32)
	if !ok || kp.reg {
		return false
	}
	k := any(kp).(*stepConsts[float32])
	a := vec.Adam32{B1: k.b1, OmB1: k.omB1, B2: k.b2, OmB2: k.omB2, C1: k.c1, C2: k.c2, Eps: k.eps, NegEta: k.negEta}
	a.Step(w32, any(g).([]float32), any(m).([]float32), any(v).([]float32))
	return true
}

// rmspropStep (RMSPropSolver: r = r·ρ + (g·g)·(1−ρ); u = 1/√(r + ε); w += u·(g·(−η))).
func rmspropStep[T float32 | float64](w, g, r []T, kp *stepConsts[T]) {
	k := *kp
	rho, omRho, eps, negEta := k.rho, k.omRho, k.eps, k.negEta
	g, r = g[:len(w)], r[:len(w)]
	for i := range w {
		gi := regGrad(g[i], w[i], &k)
		ri := T(r[i]*rho) + T(T(gi*gi)*omRho)
		r[i] = ri
		u := 1 / T(math.Sqrt(float64(ri+eps)))
		w[i] += T(u * T(gi*negEta))
	}
}
