package activations

import (
	"github.com/isingact/isingact/internal/vec"
	"github.com/isingact/isingact/physics"
)

// QuenchOnsager is the spike count of the exact 2D Ising magnetization: the quench integral
// of onsager-magnetization, with x in units of the lattice's Tc (J = k_B = 1,
// Tc = 2/ln(1 + √2)), so t = T/Tc = 1 − x and the integrand reaches 1 at x = 1:
//
//	F(x) = ∫₀^x M(Tc·(1 − u)) du = S₂D(Tc·x)/Tc,   DF(x) = M(Tc·(1 − x)),
//
// with S₂D(q) = ∫₀^q M(Tc − v) dv (physics.OnsagerSpikeCount). So F = 0 for x ≤ 0,
// F ≈ (8/9)·(8√2/Tc)^(1/8)·x^(9/8) just above the threshold (the x^(9/8) onset of β = 1/8) and
// F = S₁ + (x − 1) for x ≥ 1, S₁ = S₂D(Tc)/Tc = 0.96859219863950935: a ReLU-like unit whose
// derivative is continuous but rises steeply from 0. Values come from physics.OnsagerTable
// (|ΔF|, |ΔDF| ≤ 1e-9); the derivative is bounded (0 ≤ DF ≤ 1) and needs no clipping.
//
// With Units = UnitsJ (spec units=j) x is in units of J instead, the scale used before the
// comparison protocol v2: F(x) = S₂D(x), DF(x) = M(Tc − x), F = S₂D(Tc) + (x − Tc) for x ≥ Tc.
// Spec: "quench-onsager:units=tc".
type QuenchOnsager struct {
	// Units is the unit of x; the zero value UnitsTc (x in units of Tc) is the default.
	Units Units

	table *physics.OnsagerTable // nil: evaluate physics directly (slow)
	cells *physics.OnsagerCells // the table's cells for the float32 loops (nil with table)
}

var _ Activation = QuenchOnsager{}

var quenchOnsagerParams = []Param{unitsParam}

func newQuenchOnsager(p args) (Activation, error) {
	t, err := physics.NewOnsagerTable()
	if err != nil {
		return nil, err
	}
	c := t.Cells()
	return QuenchOnsager{Units: unitsOf(p), table: t, cells: &c}, nil
}

func (q QuenchOnsager) String() string { return specOf("quench-onsager", "units", q.Units) }

// F returns S₂D(s·x)/s = ∫₀^x M(Tc − s·u) du, s = Tc (UnitsTc) or 1 (UnitsJ).
func (q QuenchOnsager) F(x float64) float64 {
	s := q.Units.scale()
	if q.table == nil {
		return physics.OnsagerSpikeCount(s*x) / s
	}
	return q.table.SpikeCount(s*x) / s
}

// DF returns M(Tc − s·x).
func (q QuenchOnsager) DF(x float64) float64 {
	u := q.Units.scale() * x
	if q.table == nil {
		return physics.OnsagerMagnetization(physics.OnsagerTc - u)
	}
	return q.table.Magnetization(u)
}

// forward32 and backward32 are the float32 loops (kernel32): the table's cells by vec's
// x^(1/8)-grid loops (table_kernels.go), F continued with slope 1 beyond the ordered end.
func (q QuenchOnsager) forward32(dst, x []float32) {
	x = x[:len(dst)]
	done := 0
	if q.cells != nil {
		s := q.Units.scale()
		grid := onsagerGrid(q.cells, q.cells.S, s)
		done = vec.Root8CubicRamp(dst, x, &grid, 1/s)
	}
	scalar32(q, dst, x, done)
}

func (q QuenchOnsager) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	done := 0
	if q.cells != nil {
		grid := onsagerGrid(q.cells, q.cells.M, q.Units.scale())
		done = vec.Root8CubicTimes(dst, x, g, &grid, 1)
	}
	scalarTimes32(q, dst, x, g, done)
}
