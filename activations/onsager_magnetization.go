package activations

import "github.com/isingact/isingact/physics"

// OnsagerMagnetization is the exact spontaneous magnetization of the 2D square-lattice Ising
// model (Yang 1952) as an activation, read on the quench axis T = Tc − x (J = k_B = 1,
// Tc = 2/ln(1 + √2) = 2.269185…), so the threshold is at x = 0:
//
//	F(x) = M(Tc − x) = (1 − sinh(2/(Tc − x))^(−4))^(1/8)   for 0 < x < Tc,
//	F(x) = 0 for x ≤ 0,   F(x) = 1 for x ≥ Tc (T ≤ 0, fully ordered),
//	DF(x) = min(dM/dx, s),   s = MaxSlope.
//
// It is the mean-field curve of mf-magnetization with the true 2D critical exponent β = 1/8:
// F ≈ (8√2·x/Tc²)^(1/8) just above the threshold. The exact derivative diverges there like
// x^(−7/8), so DF is clipped at MaxSlope (default 10, reached at x ≈ 0.0076) to keep gradients
// finite; DF is exact (to the table's 1e-7) wherever dM/dx ≤ MaxSlope, and F is not clipped.
// DF = 0 for x ≤ 0 and x ≥ Tc. Values come from physics.OnsagerTable (|ΔF| ≤ 1e-9).
type OnsagerMagnetization struct {
	// MaxSlope caps DF near the critical point; default 10, range [1, 1e6].
	MaxSlope float64

	table *physics.OnsagerTable // nil: evaluate physics.OnsagerMagnetization directly (slow)
}

var _ Activation = OnsagerMagnetization{}

var maxSlopeParam = floatParam("maxslope", 10, 1, 1e6, "cap on DF near the critical point, where dM/dx diverges")

var onsagerMagnetizationParams = []Param{maxSlopeParam}

func newOnsagerMagnetization(p args) (Activation, error) {
	t, err := physics.NewOnsagerTable()
	if err != nil {
		return nil, err
	}
	return OnsagerMagnetization{MaxSlope: p.float("maxslope"), table: t}, nil
}

func (o OnsagerMagnetization) String() string {
	return specOf("onsager-magnetization", "maxslope", o.MaxSlope)
}

// F returns M(Tc − x).
func (o OnsagerMagnetization) F(x float64) float64 {
	if o.table == nil {
		return physics.OnsagerMagnetization(physics.OnsagerTc - x)
	}
	return o.table.Magnetization(x)
}

// DF returns min(dM/dx, MaxSlope).
func (o OnsagerMagnetization) DF(x float64) float64 {
	var d float64
	if o.table == nil {
		d = -physics.OnsagerMagnetizationDeriv(physics.OnsagerTc - x)
	} else {
		d = o.table.DMagnetization(x)
	}
	if d > o.MaxSlope { // not math.Min: its NaN/±0 rules cost a call per element
		d = o.MaxSlope
	}
	return d
}

// forward32 and backward32 are the float32 loops (kernel32): the same F and DF, called on the
// concrete type so that the per-element call is direct.
func (o OnsagerMagnetization) forward32(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(o.F(float64(v)))
	}
}

func (o OnsagerMagnetization) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	for i, v := range x {
		dst[i] = float32(float64(g[i]) * o.DF(float64(v)))
	}
}
