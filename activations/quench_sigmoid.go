package activations

import "math"

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

// F returns softplus(x) − ln 2 + c.
func (q QuenchSigmoid) F(x float64) float64 { return softplus(x) - math.Ln2 + q.C }

// DF returns σ(x).
func (q QuenchSigmoid) DF(x float64) float64 { return logistic(x) }

// fastF is F through the fast exp and log1p.
func (q QuenchSigmoid) fastF(x float64) float64 { return softplusFast(x) - math.Ln2 + q.C }

// fastDF is DF = σ(x) through the fast exp.
func (q QuenchSigmoid) fastDF(x float64) float64 { return logisticFast(x) }

func (q QuenchSigmoid) forward32(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(q.fastF(float64(v)))
	}
}

func (q QuenchSigmoid) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	for i, v := range x {
		dst[i] = float32(float64(g[i]) * q.fastDF(float64(v)))
	}
}
