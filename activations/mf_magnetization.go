package activations

import (
	"math"

	"github.com/isingact/isingact/internal/vec"
	"github.com/isingact/isingact/physics"
)

// MFMagnetization is the paper's Eq. 1 exactly: the mean-field magnetization, the stable root
// of m = tanh((m + h)/T) (zJ = k_B = 1, Tc = 1), read on the quench axis T = 1 − x so the
// threshold is at x = 0 (Sakthivadivel 2022, section 2.3, Eq. 1 and figure 1):
//
//	F(x) = m(1 − x, h),   DF(x) = min(dm/dx, s),   dm/dx = −∂m/∂T,   s = MaxSlope.
//
// For h = 0: F = 0 for x ≤ 0, F ≈ √(3x)·(1 − 2x/5) just above the threshold, F → 1 as x → 1
// (F = 1 for x ≥ 1, T ≤ 0 fully ordered). The exact derivative √3/(2√x) diverges at x = 0⁺, so
// DF is clipped at MaxSlope (default 10, reached at x ≈ 0.0075 for h = 0) to keep gradients
// finite; DF is exact (to the table's 1e-6 relative) wherever dm/dx ≤ MaxSlope, and F is not
// clipped. For h ≠ 0 the curve is smooth with a peak slope that grows as h → 0; m has the sign
// of h (m(x, −h) = −m(x, h)). Values come from physics.MeanFieldTable (|ΔF| ≤ 1e-7).
type MFMagnetization struct {
	// H is the external field h in units of zJ; default 0, range [−5, 5].
	H float64
	// MaxSlope caps DF near the critical point; default 10, range [1, 1e6].
	MaxSlope float64

	table *physics.MeanFieldTable // nil: evaluate physics.Magnetization directly (slow)
	grids *mfGrids                // the table's cells for the float32 loops (nil with table)
}

var _ Activation = MFMagnetization{}

var fieldParam = floatParam("h", 0, -5, 5, "external field in units of zJ")

var mfMagnetizationParams = []Param{fieldParam, maxSlopeParam}

func newMFMagnetization(p args) (Activation, error) {
	t, err := physics.NewMeanFieldTable(p.float("h"))
	if err != nil {
		return nil, err
	}
	return MFMagnetization{H: p.float("h"), MaxSlope: p.float("maxslope"), table: t, grids: newMFGrids(t)}, nil
}

func (m MFMagnetization) String() string {
	return specOf("mf-magnetization", "h", m.H, "maxslope", m.MaxSlope)
}

// F returns m(1 − x, h).
func (m MFMagnetization) F(x float64) float64 {
	if m.table == nil {
		return physics.Magnetization(1-x, m.H)
	}
	return m.table.Magnetization(x)
}

// DF returns min(dm/dx, MaxSlope).
func (m MFMagnetization) DF(x float64) float64 {
	var d float64
	if m.table == nil {
		dt, _ := physics.MagnetizationPartials(1-x, m.H)
		d = -dt
	} else {
		d = m.table.DMagnetization(x)
	}
	if d > m.MaxSlope { // not math.Min: its NaN/±0 rules cost a call per element
		d = m.MaxSlope
	}
	return d
}

// forward32 and backward32 are the float32 loops (kernel32): the table's cells by vec's
// log-grid loops (table_kernels.go), F and DF for the points those leave.
func (m MFMagnetization) forward32(dst, x []float32) {
	x = x[:len(dst)]
	done := 0
	if g := m.grids; g != nil {
		done = vec.LogCubic(dst, x, &g.m, g.sign, 0, math.Inf(1))
		for i, v := range x[:done] {
			if g.redo(v) {
				dst[i] = float32(m.F(float64(v)))
			}
		}
	}
	scalar32(m, dst, x, done)
}

func (m MFMagnetization) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	done := 0
	if gr := m.grids; gr != nil {
		done = vec.LogCubicTimes(dst, x, g, &gr.d, gr.sign, 0, m.MaxSlope)
		for i, v := range x[:done] {
			if gr.redo(v) {
				dst[i] = float32(float64(g[i]) * m.DF(float64(v)))
			}
		}
	}
	scalarTimes32(m, dst, x, g, done)
}
