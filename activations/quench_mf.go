package activations

import (
	"math"

	"github.com/isingact/isingact/internal/vec"
	"github.com/isingact/isingact/physics"
)

// QuenchMF is the exact mean-field spike count: the paper's quench integral done on the
// mean-field magnetization itself instead of its tanh fit (Sakthivadivel 2022, section 2.4),
// with T = 1 − x (zJ = k_B = 1, Tc = 1):
//
//	F(x) = S(x, h) = ∫₀^x m(1 − u, h) du,   DF(x) = m(1 − x, h).
//
// For h = 0 it is a smooth rectifier: F = 0 for x ≤ 0, F ≈ (2/√3)·x^(3/2) just above the
// threshold (the square-root onset of m), F = S(1) + (x − 1) for x ≥ 1. For h > 0 it is also
// nonzero below the threshold (F ≈ −h·ln|x| + const for x → −∞). The derivative is bounded
// (|DF| ≤ 1) and needs no clipping. Values come from physics.MeanFieldTable (|ΔF| ≤ 1e-7).
type QuenchMF struct {
	// H is the external field h in units of zJ; default 0, range [−5, 5].
	H float64

	table *physics.MeanFieldTable // nil: evaluate physics.SpikeCount directly (about 100 µs)
	grids *mfGrids                // the table's cells for the float32 loops (nil with table)
}

var _ Activation = QuenchMF{}

var quenchMFParams = []Param{fieldParam}

func newQuenchMF(p args) (Activation, error) {
	t, err := physics.NewMeanFieldTable(p.float("h"))
	if err != nil {
		return nil, err
	}
	return QuenchMF{H: p.float("h"), table: t, grids: newMFGrids(t)}, nil
}

func (q QuenchMF) String() string { return specOf("quench-mf", "h", q.H) }

// F returns ∫₀^x m(1 − u, h) du.
func (q QuenchMF) F(x float64) float64 {
	if q.table == nil {
		return physics.SpikeCount(x, q.H)
	}
	return q.table.SpikeCount(x)
}

// DF returns m(1 − x, h).
func (q QuenchMF) DF(x float64) float64 {
	if q.table == nil {
		return physics.Magnetization(1-x, q.H)
	}
	return q.table.Magnetization(x)
}

// forward32 and backward32 are the float32 loops (kernel32): the table's cells by vec's
// log-grid loops (table_kernels.go; S continues with slope M = sign(h) above x = 1), F and DF
// for the points those leave.
func (q QuenchMF) forward32(dst, x []float32) {
	x = x[:len(dst)]
	done := 0
	if g := q.grids; g != nil {
		done = vec.LogCubic(dst, x, &g.s, g.sign, g.sign, math.Inf(1))
		for i, v := range x[:done] {
			if g.redo(v) {
				dst[i] = float32(q.F(float64(v)))
			}
		}
	}
	scalar32(q, dst, x, done)
}

func (q QuenchMF) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	done := 0
	if gr := q.grids; gr != nil {
		done = vec.LogCubicTimes(dst, x, g, &gr.m, gr.sign, 0, math.Inf(1))
		for i, v := range x[:done] {
			if gr.redo(v) {
				dst[i] = float32(float64(g[i]) * q.DF(float64(v)))
			}
		}
	}
	scalarTimes32(q, dst, x, g, done)
}
