package activations

import (
	"math"

	"github.com/isingact/isingact/internal/vec"
)

// TanhFit is the paper's Eq. 2, the tanh fit to the mean-field magnetization, read with the
// temperature T = Tc − x (the pre-activation x is the quench, so the threshold sits at x = θ):
//
//	m(T) = ½ − ½·tanh(a(T − Tc))   ⇒   F(x) = ½ + ½·tanh(a(x − θ)),
//	DF(x) = a / (2·cosh²(a(x − θ))).
//
// F rises from 0 to 1 through ½ at x = θ with slope a/2 there. The paper's figure 2 uses
// a = 6 (Sakthivadivel 2022, section 2.4, Eq. 2 and figure 2).
type TanhFit struct {
	// A is the steepness a; default 6 (the paper's figure 2), range [0.001, 1000].
	A float64
	// Theta is the threshold θ (the paper's Tc moved to the quench axis); default 0,
	// range [−100, 100].
	Theta float64
}

var _ Activation = TanhFit{}

var tanhFitParams = []Param{
	floatParam("a", 6, 1e-3, 1e3, "steepness; the paper's figure 2 uses a = 6"),
	floatParam("theta", 0, -100, 100, "threshold on the quench axis"),
}

func newTanhFit(p args) (Activation, error) {
	return TanhFit{A: p.float("a"), Theta: p.float("theta")}, nil
}

func (t TanhFit) String() string { return specOf("tanh-fit", "a", t.A, "theta", t.Theta) }

// F returns ½ + ½·tanh(a(x − θ)).
func (t TanhFit) F(x float64) float64 { return 0.5 + 0.5*math.Tanh(t.A*(x-t.Theta)) }

// DF returns a/(2cosh²(a(x − θ))), which underflows to 0 for |a(x − θ)| > 710.
func (t TanhFit) DF(x float64) float64 {
	c := math.Cosh(t.A * (x - t.Theta))
	return 0.5 * t.A / (c * c)
}

// fastF is F through the fast exp: ½ + ½·tanh(w) = σ(2w), w = a(x − θ).
func (t TanhFit) fastF(x float64) float64 { return logisticFast(2 * t.A * (x - t.Theta)) }

// fastDF is DF through the fast exp: a/(2cosh²(w)) = 2a·e/(1 + e)², e = e^(−2|w|).
func (t TanhFit) fastDF(x float64) float64 {
	e := expFast(-2 * t.A * math.Abs(x-t.Theta))
	return 2 * t.A * e / ((1 + e) * (1 + e))
}

func (t TanhFit) forward32(dst, x []float32) {
	x = x[:len(dst)]
	done := vec.Logistic(dst, x, 2*t.A, t.Theta) // the vector loop's prefix, then ours
	for i := done; i < len(x); i++ {
		dst[i] = float32(t.fastF(float64(x[i])))
	}
}

func (t TanhFit) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	// fastDF = 2a·σ'(2a(x − θ)): the vector loop's prefix, then ours.
	done := vec.LogisticSlopeTimes(dst, x, g, 2*t.A, t.Theta, 2*t.A)
	for i := done; i < len(x); i++ {
		dst[i] = float32(float64(g[i]) * t.fastDF(float64(x[i])))
	}
}

// kinks: tanh-fit is smooth, but for large a it is nearly a step at θ; population refines its
// Gaussian average there.
func (t TanhFit) kinks() []float64 { return []float64{t.Theta} }
