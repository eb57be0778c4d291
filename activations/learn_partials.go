package activations

import (
	"fmt"
	"math"
	"sync"

	"github.com/isingact/isingact/physics"
)

// The learnable parameters of the derived activations and their exact partial derivatives
// ∂F/∂θ (the Learnable interface). Every continuous physical parameter is learnable; maxslope
// is not (it clips a gradient, F does not depend on it), nor is the Onsager forms' x-scale.

var (
	_ Learnable = TanhFit{}
	_ Learnable = QuenchTanh{}
	_ Learnable = QuenchSigmoid{}
	_ Learnable = MFMagnetization{}
	_ Learnable = QuenchMF{}
	_ Learnable = Population{}
)

// Crossing h = 0. For x > 0 the mean-field forms are odd in h and discontinuous at h = 0: the
// ordered branch follows the sign of the field, so m(x, −h) = −m(x, h) and S(x, −h) =
// −S(x, h). The gradient does not see that jump: a learned h that crosses 0 flips the units it
// belongs to at once. Measured (MNIST, first 2000 training and validation images, MLP
// 784-256-10 float32, Adam 3e-3, batch 128, 3 epochs, seed 1; one shared run on this 2-core
// machine): mf-magnetization:h=0,learn=h,per=layer oscillated about h = 0 (−0.017, −0.011,
// +0.007) with validation accuracy 10.8%, 66.6%, 0.2%, against 85.2%, 88.0%, 90.0% for h fixed
// at 0; quench-mf:h=0,learn=h,per=layer dipped to 50.1% in epoch 1 and recovered (87.0%,
// h = +0.037) as h left 0; started at h = 0.05, quench-mf's h grew to 0.08 without trouble.

// fieldSlopeCap bounds |∂F/∂h| of quench-mf. The exact ∂S/∂h diverges as h → 0 like
// −(1/3)·ln|h| for x > 0 and (2/3)·ln|h| for x < 0 (physics.SpikeCounter), and is ±Inf at
// h = 0 itself, where a network with learn=h usually starts; the cap (the same 10 as
// mf-magnetization's default maxslope) keeps that first gradient finite. It binds only for
// |h| below about 1e-7·|x|^(3/2) (x < 0) or 1e-13 (x ≈ 0.5).
const fieldSlopeCap = 10

func checkTheta(name string, theta []float64, n int) error {
	if len(theta) != n {
		return fmt.Errorf("activations: %s: %d parameter values, want %d", name, len(theta), n)
	}
	for _, v := range theta {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("activations: %s: parameter value %v is not finite", name, v)
		}
	}
	return nil
}

// TanhFit learns a and θ:
//
//	∂F/∂a = (x − θ)/(2cosh²(a(x − θ))),   ∂F/∂θ = −a/(2cosh²(a(x − θ))) = −DF.
func (t TanhFit) LearnableParams() []string { return []string{"a", "theta"} }
func (t TanhFit) ParamValues() []float64    { return []float64{t.A, t.Theta} }
func (t TanhFit) AtParams(theta []float64) (ParamEval, error) {
	if err := checkTheta("tanh-fit", theta, 2); err != nil {
		return nil, err
	}
	return TanhFit{A: theta[0], Theta: theta[1]}, nil
}

// Eval implements ParamEval.
func (t TanhFit) Eval(x float64, d []float64) (f, df float64) {
	u := x - t.Theta
	c := math.Cosh(t.A * u)
	s := 0.5 / (c * c) // ½sech²; 0 once cosh overflows
	d[0], d[1] = u*s, -t.A*s
	return 0.5 + 0.5*math.Tanh(t.A*u), t.A * s
}

// QuenchTanh learns a and c. With z = a·x,
//
//	∂F/∂a = (z·tanh z − ln cosh z)/(2a²),   ∂F/∂c = 1,
//
// even in z, ≈ x²/4 for |z| ≪ 1 and → ln 2/(2a²) for |z| ≫ 1, evaluated without cancellation
// (lnCoshDefect).
func (q QuenchTanh) LearnableParams() []string { return []string{"a", "c"} }
func (q QuenchTanh) ParamValues() []float64    { return []float64{q.A, q.C} }
func (q QuenchTanh) AtParams(theta []float64) (ParamEval, error) {
	if err := checkTheta("quench-tanh", theta, 2); err != nil {
		return nil, err
	}
	return QuenchTanh{A: theta[0], C: theta[1]}, nil
}

// Eval implements ParamEval.
func (q QuenchTanh) Eval(x float64, d []float64) (f, df float64) {
	d[0] = lnCoshDefect(math.Abs(q.A*x)) / (2 * q.A * q.A)
	d[1] = 1
	return q.F(x), q.DF(x)
}

// lnCoshDefect returns z·tanh z − ln cosh z for z ≥ 0: z²/2 − z⁴/4 + … near 0 (the two terms
// differ by a factor 2, no cancellation; ln cosh z = log1p(2sinh²(z/2)) keeps its digits), and
// ln 2 − log1p(e^(−2z)) − z(1 − tanh z) with 1 − tanh z = 2e^(−2z)/(1 + e^(−2z)) for z ≥ 1.
func lnCoshDefect(z float64) float64 {
	if z < 1 {
		sh := math.Sinh(z / 2)
		return z*math.Tanh(z) - math.Log1p(2*sh*sh)
	}
	e := math.Exp(-2 * z)
	return math.Ln2 - math.Log1p(e) - z*2*e/(1+e)
}

// QuenchSigmoid learns c: ∂F/∂c = 1.
func (q QuenchSigmoid) LearnableParams() []string { return []string{"c"} }
func (q QuenchSigmoid) ParamValues() []float64    { return []float64{q.C} }
func (q QuenchSigmoid) AtParams(theta []float64) (ParamEval, error) {
	if err := checkTheta("quench-sigmoid", theta, 1); err != nil {
		return nil, err
	}
	return QuenchSigmoid{C: theta[0]}, nil
}

// Eval implements ParamEval.
func (q QuenchSigmoid) Eval(x float64, d []float64) (f, df float64) {
	d[0] = 1
	return q.F(x), q.DF(x)
}

// MFMagnetization learns h: ∂F/∂h = ∂m/∂h = χ, the susceptibility, from the implicit-function
// theorem (physics.QuenchMagnetization), clipped at MaxSlope like DF (χ diverges at the
// critical point x = 0, h = 0). At h = 0 and x > 0 it is the derivative of the m > 0 branch:
// for h < 0 the ordered phase follows the field and F jumps to −F (first-order transition).
// The learned DF is clipped to [−MaxSlope, MaxSlope]: for h < 0 near the threshold dm/dx is
// large and negative (−(3|h|)^(−1/3) at the threshold), which a learned h near 0⁻ reaches,
// while the fixed activation's DF clips from above only (there dm/dx < 0 for h < 0).
// The learned evaluation solves the mean-field equation per element (about 0.1 µs) instead of
// reading the fixed-h table, so it agrees with F to the table's 1e-10 rather than bitwise.
func (m MFMagnetization) LearnableParams() []string { return []string{"h"} }
func (m MFMagnetization) ParamValues() []float64    { return []float64{m.H} }
func (m MFMagnetization) AtParams(theta []float64) (ParamEval, error) {
	if err := checkTheta("mf-magnetization", theta, 1); err != nil {
		return nil, err
	}
	return mfEval{h: theta[0], maxSlope: m.MaxSlope}, nil
}

type mfEval struct{ h, maxSlope float64 }

func (e mfEval) Eval(x float64, d []float64) (f, df float64) {
	m, dx, dh := physics.QuenchMagnetization(x, e.h)
	d[0] = math.Min(dh, e.maxSlope) // χ ≥ 0
	return m, math.Max(-e.maxSlope, math.Min(dx, e.maxSlope))
}

// QuenchMF learns h: ∂F/∂h = ∂S/∂h = ∫₀^x ∂m/∂h(1 − u, h) du in closed form
// (physics.SpikeCounter: ln(m_x/m₁) plus a tabulated universal function), clipped to
// ±fieldSlopeCap near h = 0 where it diverges. The learned evaluation costs one mean-field solve
// per element (about 0.2 µs) and agrees with the fixed-h table F to 1e-9.
func (q QuenchMF) LearnableParams() []string { return []string{"h"} }
func (q QuenchMF) ParamValues() []float64    { return []float64{q.H} }
func (q QuenchMF) AtParams(theta []float64) (ParamEval, error) {
	if err := checkTheta("quench-mf", theta, 1); err != nil {
		return nil, err
	}
	sc, err := spikeCounter()
	if err != nil {
		return nil, err
	}
	return quenchMFEval{sc.At(theta[0])}, nil
}

// spikeCounter is the universal table of physics.SpikeCounter, built on first use (about a
// millisecond) and read-only after.
var spikeCounter = sync.OnceValues(physics.NewSpikeCounter)

type quenchMFEval struct{ at physics.SpikeCountAt }

func (e quenchMFEval) Eval(x float64, d []float64) (f, df float64) {
	s, m, dh := e.at.Eval(x)
	d[0] = math.Max(-fieldSlopeCap, math.Min(dh, fieldSlopeCap))
	return s, m
}

// Population learns σ. F solves the heat equation in σ, so
//
//	∂F/∂σ = E[ξ·f′(x + σξ)] = σ·F″(x) = E[(ξ² − 1)·f(x + σξ)]/σ,
//
// exact for any inner f (Gaussian integration by parts, as DF). The learned evaluation
// computes the three moments by the panel quadrature directly (about 500 evaluations of f per
// element, several µs), since the table is built for one σ.
func (p Population) LearnableParams() []string { return []string{"sigma"} }
func (p Population) ParamValues() []float64    { return []float64{p.Sigma} }
func (p Population) AtParams(theta []float64) (ParamEval, error) {
	if err := checkTheta("population", theta, 1); err != nil {
		return nil, err
	}
	if p.Of == nil || !(theta[0] > 0) {
		return nil, fmt.Errorf("activations: population: needs an inner activation and σ > 0 (got %v, %v)", p.Of, theta[0])
	}
	return popEval{of: p.Of, sigma: theta[0], q: newGaussPanels()}, nil
}

type popEval struct {
	of    Activation
	sigma float64
	q     *gaussPanels // read-only
}

func (e popEval) Eval(x float64, d []float64) (f, df float64) {
	m0, m1, m2 := e.q.moments(e.of, x, e.sigma)
	d[0] = e.sigma * m2
	return m0, m1
}
