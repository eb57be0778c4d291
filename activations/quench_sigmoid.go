package activations

import (
	"math"

	"github.com/isingact/isingact/internal/vec"
	"github.com/isingact/isingact/physics"
)

// QuenchSigmoid is the spike count of a sigmoid fit to the magnetization (Sakthivadivel 2022,
// section 2.4, the last integral):
//
//	F(x) = ∫₀^x σ(u) du + c = softplus(x) − ln 2 + c = x + ln(1 + e^(−x)) − ln 2 + c,
//	DF(x) = σ(x) = 1/(1 + e^(−x)).
//
// It is softplus shifted so that F(0) = c: F → c − ln 2 for x → −∞, F ≈ x − ln 2 + c for x ≫ 1.
type QuenchSigmoid struct {
	// C is the integration constant c; default 0, range [−100, 100].
	C float64
}

var _ Activation = QuenchSigmoid{}

var quenchSigmoidParams = []Param{
	floatParam("c", 0, -100, 100, "integration constant (F(0) = c)"),
}

func newQuenchSigmoid(p args) (Activation, error) { return QuenchSigmoid{C: p.float("c")}, nil }

func (q QuenchSigmoid) String() string { return specOf("quench-sigmoid", "c", q.C) }

// F returns softplus(x) − ln 2 + c (physics.QuenchSigmoid, no cancellation near 0).
func (q QuenchSigmoid) F(x float64) float64 { return physics.QuenchSigmoid(x) + q.C }

// DF returns σ(x).
func (q QuenchSigmoid) DF(x float64) float64 { return logistic(x) }

// forward32 is F = max(x, 0) + ln(1 + e^(−|x|)) − ln 2 + c for float32 tensors, through
// softplusTail.
func (q QuenchSigmoid) forward32(dst, x []float32) {
	x = x[:len(dst)]
	g := tailTable{softplusTailTable()}
	for i, v := range x {
		u := float64(v)
		dst[i] = float32(max(u, 0) + g.at(math.Abs(u)) - math.Ln2 + q.C)
	}
}

// backward32 is g·DF = g·σ(x) for float32 tensors, through the fast exp.
func (q QuenchSigmoid) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	done := vec.LogisticTimes(dst, x, g, 1, 0) // the vector loop's prefix, then ours
	for i := done; i < len(x); i++ {
		dst[i] = float32(float64(g[i]) * logisticFast(float64(x[i])))
	}
}
