package activations

import (
	"math"

	"github.com/isingact/isingact/internal/vec"
	"github.com/isingact/isingact/physics"
)

// QuenchTanh is the spike count of Eq. 2: the time spent magnetized after a quench x, the
// integral of the tanh fit over the quench (Sakthivadivel 2022, section 2.4):
//
//	F(x) = ∫₀^x ½(1 + tanh(a·u)) du + c = x/2 + ln cosh(a·x)/(2a) + c,
//	DF(x) = ½(1 + tanh(a·x)).
//
// F → c for x → −∞ (up to ln 2/(2a)) and F ≈ x + c − ln 2/(2a) for x ≫ 1/a: ReLU-like for c = 0
// and the ELU-like form the paper names for c = −α. (The paper writes the integral as
// Q + ½ln 2 + ½ln(1 + e^(−2Q)) + C; with the lower limit 0 the constant is −½ln 2 instead, which
// this form absorbs into c.) F is physics.QuenchTanh plus c: no overflow or cancellation for
// any x.
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

// F returns x/2 + ln cosh(a·x)/(2a) + c (physics.QuenchTanh, accurate to a few ulps).
func (q QuenchTanh) F(x float64) float64 { return physics.QuenchTanh(x, q.A) + q.C }

// DF returns ½(1 + tanh(a·x)).
func (q QuenchTanh) DF(x float64) float64 { return 0.5 + 0.5*math.Tanh(q.A*x) }

// forward32 is F for float32 tensors, through the fast ln cosh (softplusTail) and with 1/(2a)
// hoisted out of the loop; x = −∞ takes F's limit.
func (q QuenchTanh) forward32(dst, x []float32) {
	x = x[:len(dst)]
	g := tailTable{softplusTailTable()}
	inv := 0.5 / q.A
	for i, v := range x {
		if math.IsInf(float64(v), -1) { // −∞ + ∞ below; F has the finite limit −ln 2/(2a) + c
			dst[i] = float32(q.F(float64(v)))
			continue
		}
		z := math.Abs(q.A * float64(v))
		dst[i] = float32(0.5*float64(v) + (z+g.at(2*z)-math.Ln2)*inv + q.C)
	}
}

// backward32 is g·DF = g·σ(2a·x) for float32 tensors, through the fast exp.
func (q QuenchTanh) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	done := vec.LogisticTimes(dst, x, g, 2*q.A, 0) // the vector loop's prefix, then ours
	for i := done; i < len(x); i++ {
		dst[i] = float32(float64(g[i]) * logisticFast(2*q.A*float64(x[i])))
	}
}
