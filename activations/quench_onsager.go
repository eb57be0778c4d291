package activations

import "github.com/isingact/isingact/physics"

// QuenchOnsager is the spike count of the exact 2D Ising magnetization: the quench integral
// of onsager-magnetization, with T = Tc − x (J = k_B = 1, Tc = 2/ln(1 + √2)):
//
//	F(x) = S(x) = ∫₀^x M(Tc − u) du,   DF(x) = M(Tc − x),
//
// so F = 0 for x ≤ 0, F ≈ (8/9)·(8√2/Tc²)^(1/8)·x^(9/8) just above the threshold (the x^(9/8)
// onset of β = 1/8) and F = S(Tc) + (x − Tc) for x ≥ Tc: a ReLU-like unit whose derivative is
// continuous but rises steeply from 0. Values come from physics.OnsagerTable (|ΔF|, |ΔDF| ≤
// 1e-9); the derivative is bounded (0 ≤ DF ≤ 1) and needs no clipping.
type QuenchOnsager struct {
	table *physics.OnsagerTable // nil: evaluate physics directly (slow)
}

var _ Activation = QuenchOnsager{}

func newQuenchOnsager(args) (Activation, error) {
	t, err := physics.NewOnsagerTable()
	if err != nil {
		return nil, err
	}
	return QuenchOnsager{table: t}, nil
}

func (QuenchOnsager) String() string { return "quench-onsager" }

// F returns ∫₀^x M(Tc − u) du.
func (q QuenchOnsager) F(x float64) float64 {
	if q.table == nil {
		return physics.OnsagerSpikeCount(x)
	}
	return q.table.SpikeCount(x)
}

// DF returns M(Tc − x).
func (q QuenchOnsager) DF(x float64) float64 {
	if q.table == nil {
		return physics.OnsagerMagnetization(physics.OnsagerTc - x)
	}
	return q.table.Magnetization(x)
}

// forward32 and backward32 are the float32 loops (kernel32): the same F and DF, called on the
// concrete type so that the per-element call is direct.
func (q QuenchOnsager) forward32(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(q.F(float64(v)))
	}
}

func (q QuenchOnsager) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	for i, v := range x {
		dst[i] = float32(float64(g[i]) * q.DF(float64(v)))
	}
}
