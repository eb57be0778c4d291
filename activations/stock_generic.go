package activations

import "math"

// The stock activations that Gorgonia lacks; Apply runs them through the package's generic op.

// ELU is the exponential linear unit (Clevert, Unterthiner & Hochreiter 2015,
// arXiv:1511.07289):
//
//	F = x            for x > 0,   F = α(e^x − 1)  for x ≤ 0,
//	DF = 1           for x > 0,   DF = α·e^x      for x ≤ 0.
//
// F is continuous; DF is continuous only for α = 1 (the default).
type ELU struct {
	// Alpha is the negative saturation value −α; default 1, range [0.01, 10].
	Alpha float64
}

var _ Activation = ELU{}

var eluParams = []Param{floatParam("alpha", 1, 0.01, 10, "negative saturation: F → −α as x → −∞")}

func newELU(p args) (Activation, error) { return ELU{Alpha: p.float("alpha")}, nil }

func (e ELU) String() string { return specOf("elu", "alpha", e.Alpha) }

// F returns x for x > 0 and α·expm1(x) otherwise.
func (e ELU) F(x float64) float64 {
	if x > 0 {
		return x
	}
	return e.Alpha * math.Expm1(x)
}

// DF returns 1 for x > 0 and α·e^x otherwise.
func (e ELU) DF(x float64) float64 {
	if x > 0 {
		return 1
	}
	return e.Alpha * math.Exp(x)
}

// GELU is the Gaussian error linear unit in its exact erf form (Hendrycks & Gimpel 2016,
// arXiv:1606.08415), not the tanh approximation:
//
//	F = x·Φ(x) = ½x·erfc(−x/√2),   DF = Φ(x) + x·φ(x),   φ(x) = e^(−x²/2)/√(2π).
type GELU struct{}

var _ Activation = GELU{}

func (GELU) String() string { return "gelu" }

// F returns x·Φ(x), with Φ from erfc so the negative tail keeps its relative precision.
func (GELU) F(x float64) float64 { return 0.5 * x * math.Erfc(-x/math.Sqrt2) }

// DF returns Φ(x) + x·φ(x).
func (GELU) DF(x float64) float64 {
	return 0.5*math.Erfc(-x/math.Sqrt2) + x*math.Exp(-0.5*x*x)/math.Sqrt(2*math.Pi)
}

// Swish is SiLU, the sigmoid-weighted linear unit with β = 1 (Ramachandran, Zoph & Le 2017,
// arXiv:1710.05941; Elfwing et al. 2018):
//
//	F = x·σ(x),   DF = σ(x)·(1 + x·(1 − σ(x))).
type Swish struct{}

var _ Activation = Swish{}

func (Swish) String() string { return "swish" }

// F returns x·σ(x).
func (Swish) F(x float64) float64 { return x * logistic(x) }

// DF returns σ(x) + x·σ(x)·σ(−x).
func (Swish) DF(x float64) float64 { return logistic(x) + x*logistic(x)*logistic(-x) }

// fastF is F through the fast exp.
func (e ELU) fastF(x float64) float64 {
	if x > 0 {
		return x
	}
	return e.Alpha * (expFast(x) - 1)
}

// fastDF is DF through the fast exp.
func (e ELU) fastDF(x float64) float64 {
	if x > 0 {
		return 1
	}
	return e.Alpha * expFast(x)
}

// fastF is F through the fast exp.
func (w Swish) fastF(x float64) float64 { return x * logisticFast(x) }

// fastDF is DF through the fast exp.
func (w Swish) fastDF(x float64) float64 {
	s := logisticFast(x)
	return s * (1 + x*(1-s))
}

func (e ELU) forward32(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(e.fastF(float64(v)))
	}
}

func (e ELU) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	for i, v := range x {
		dst[i] = float32(float64(g[i]) * e.fastDF(float64(v)))
	}
}

func (w Swish) forward32(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(w.fastF(float64(v)))
	}
}

func (w Swish) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	for i, v := range x {
		dst[i] = float32(float64(g[i]) * w.fastDF(float64(v)))
	}
}
