package activations

import (
	"github.com/isingact/isingact/internal/vec"
	"github.com/isingact/isingact/physics"
)

// OnsagerMagnetization is the exact spontaneous magnetization of the 2D square-lattice Ising
// model (Yang 1952) as an activation, read on the quench axis with x in units of the lattice's
// Tc (J = k_B = 1, Tc = 2/ln(1 + √2) = 2.269185…): the reduced temperature is t = T/Tc = 1 − x,
// so the threshold is at x = 0 and the unit is fully ordered at x = 1, as mf-magnetization is:
//
//	F(x) = M(Tc·(1 − x)) = (1 − sinh(2/(Tc·(1 − x)))^(−4))^(1/8)   for 0 < x < 1,
//	F(x) = 0 for x ≤ 0,   F(x) = 1 for x ≥ 1 (T ≤ 0, fully ordered),
//	DF(x) = min(dF/dx, s) = min(−Tc·M′(Tc·(1 − x)), s),   s = MaxSlope.
//
// It is the mean-field curve of mf-magnetization with the true 2D critical exponent β = 1/8:
// F ≈ (8√2·x/Tc)^(1/8) = 1.2224·x^(1/8) just above the threshold. The exact derivative diverges
// there like x^(−7/8), so DF is clipped at MaxSlope (default 10, reached at x ≈ 0.0082) to keep
// gradients finite; DF is exact (to the table's 1e-7) wherever dF/dx ≤ MaxSlope, and F is not
// clipped. DF = 0 for x ≤ 0 and x ≥ 1. Values come from physics.OnsagerTable (|ΔF| ≤ 1e-9).
//
// With Units = UnitsJ (spec units=j) x is in units of J instead, the scale used before the
// comparison protocol v2: F(x) = M(Tc − x), ordered at x = Tc, DF = min(−M′(Tc − x), s) (the
// clip reached at x ≈ 0.0074). Spec: "onsager-magnetization:maxslope=10,units=tc".
type OnsagerMagnetization struct {
	// MaxSlope caps DF near the critical point; default 10, range [1, 1e6].
	MaxSlope float64
	// Units is the unit of x; the zero value UnitsTc (x in units of Tc) is the default.
	Units Units

	table *physics.OnsagerTable // nil: evaluate physics.OnsagerMagnetization directly (slow)
	cells *physics.OnsagerCells // the table's cells for the float32 loops (nil with table)
}

var _ Activation = OnsagerMagnetization{}

var maxSlopeParam = floatParam("maxslope", 10, 1, 1e6, "cap on DF near the critical point, where dM/dx diverges")

var onsagerMagnetizationParams = []Param{maxSlopeParam, unitsParam}

func newOnsagerMagnetization(p args) (Activation, error) {
	t, err := physics.NewOnsagerTable()
	if err != nil {
		return nil, err
	}
	c := t.Cells()
	return OnsagerMagnetization{MaxSlope: p.float("maxslope"), Units: unitsOf(p), table: t, cells: &c}, nil
}

func (o OnsagerMagnetization) String() string {
	return specOf("onsager-magnetization", "maxslope", o.MaxSlope, "units", o.Units)
}

// F returns M(Tc − s·x), s = Tc (UnitsTc) or 1 (UnitsJ).
func (o OnsagerMagnetization) F(x float64) float64 {
	u := o.Units.scale() * x
	if o.table == nil {
		return physics.OnsagerMagnetization(physics.OnsagerTc - u)
	}
	return o.table.Magnetization(u)
}

// DF returns min(−s·M′(Tc − s·x), MaxSlope).
func (o OnsagerMagnetization) DF(x float64) float64 {
	s := o.Units.scale()
	var d float64
	if o.table == nil {
		d = -s * physics.OnsagerMagnetizationDeriv(physics.OnsagerTc-s*x)
	} else {
		d = s * o.table.DMagnetization(s*x)
	}
	if d > o.MaxSlope { // not math.Min: its NaN/±0 rules cost a call per element
		d = o.MaxSlope
	}
	return d
}

// forward32 and backward32 are the float32 loops (kernel32): the table's cells by vec's
// x^(1/8)-grid loops (table_kernels.go), which give M = 0 for x ≤ 0, M = 1 for x ≥ 1 and keep
// NaN; DF = (dM/ds)·s/(8x) scaled and clipped as DF, 0 outside (0, 1).
func (o OnsagerMagnetization) forward32(dst, x []float32) {
	x = x[:len(dst)]
	done := 0
	if o.cells != nil {
		grid := onsagerGrid(o.cells, o.cells.M, o.Units.scale())
		done = vec.Root8Cubic(dst, x, &grid, 1)
	}
	scalar32(o, dst, x, done)
}

func (o OnsagerMagnetization) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	done := 0
	if o.cells != nil {
		s := o.Units.scale()
		grid := onsagerGrid(o.cells, o.cells.G, s)
		done = vec.Root8SlopeTimes(dst, x, g, &grid, s/8, o.MaxSlope)
	}
	scalarTimes32(o, dst, x, g, done)
}
