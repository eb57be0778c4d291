package activations

import "math"

// QuenchTanh is the spike count of Eq. 2: the time spent magnetized after a quench x, the
// integral of the tanh fit over the quench (Sakthivadivel 2022, section 2.4):
//
//	F(x) = ∫₀^x ½(1 + tanh(a·u)) du + c = x/2 + ln cosh(a·x)/(2a) + c,
//	DF(x) = ½(1 + tanh(a·x)).
//
// F → c for x → −∞ (up to ln 2/(2a)) and F ≈ x + c − ln 2/(2a) for x ≫ 1/a: ReLU-like for c = 0
// and the ELU-like form the paper names for c = −α. (The paper writes the integral as
// Q + ½ln 2 + ½ln(1 + e^(−2Q)) + C; with the lower limit 0 the constant is −½ln 2 instead, which
// this form absorbs into c.) ln cosh is evaluated as |z| + log1p(e^(−2|z|)) − ln 2, so there is
// no overflow for any x.
type QuenchTanh struct {
	// A is the steepness a of the fitted magnetization; default 1, range [0.001, 1000].
	A float64
	// C is the integration constant c; c = 0 is ReLU-like, c = −α ELU-like. Default 0, range
	// [−100, 100].
	C float64
}

var _ Activation = QuenchTanh{}

var quenchTanhParams = []Param{
	floatParam("a", 1, 1e-3, 1e3, "steepness of the fitted magnetization"),
	floatParam("c", 0, -100, 100, "integration constant: 0 ReLU-like, −α ELU-like"),
}

func newQuenchTanh(p args) (Activation, error) {
	return QuenchTanh{A: p.float("a"), C: p.float("c")}, nil
}

func (q QuenchTanh) String() string { return specOf("quench-tanh", "a", q.A, "c", q.C) }

// F returns x/2 + ln cosh(a·x)/(2a) + c.
func (q QuenchTanh) F(x float64) float64 {
	return 0.5*x + logCosh(q.A*x)/(2*q.A) + q.C
}

// DF returns ½(1 + tanh(a·x)).
func (q QuenchTanh) DF(x float64) float64 { return 0.5 + 0.5*math.Tanh(q.A*x) }

// logCosh returns ln cosh(z) = |z| + log1p(e^(−2|z|)) − ln 2 without overflow.
func logCosh(z float64) float64 {
	z = math.Abs(z)
	return z + math.Log1p(math.Exp(-2*z)) - math.Ln2
}

// fastF is F through the fast exp and log1p.
func (q QuenchTanh) fastF(x float64) float64 {
	return 0.5*x + logCoshFast(q.A*x)/(2*q.A) + q.C
}

// fastDF is DF = σ(2a·x) through the fast exp.
func (q QuenchTanh) fastDF(x float64) float64 { return logisticFast(2 * q.A * x) }

func (q QuenchTanh) forward32(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(q.fastF(float64(v)))
	}
}

func (q QuenchTanh) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	for i, v := range x {
		dst[i] = float32(float64(g[i]) * q.fastDF(float64(v)))
	}
}
