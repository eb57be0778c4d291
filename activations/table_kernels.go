package activations

import (
	"math"

	"github.com/isingact/isingact/internal/vec"
	"github.com/isingact/isingact/physics"
)

// The float32 loops of the table-backed activations (mf-magnetization, quench-mf,
// onsager-magnetization, quench-onsager): the physics tables' cells (physics.MeanFieldCells,
// physics.OnsagerCells) evaluated by vec's AVX2 loops, 4 elements at a time, with the same
// cubics as the tables' methods (results equal up to the rounding of fused multiply-adds, far
// below the tables' errors and float32's resolution; TestKernel32), except that values below
// float32's smallest normal number come out as 0 (vec's loops flush them: denormals slow down
// every later product that reads them). The points the loops leave
// to the methods — the mean-field table's core and far field, NaN — and the tail that is not a
// multiple of 4 (or every element, without AVX2) go through F and DF.

// mfGrids are a MeanFieldTable's cells as vec's log-indexed grids.
type mfGrids struct {
	m, d, s    vec.LogGrid
	sign       float64 // the sign of h
	xMin, xFar float64 // the core radius and the far-field threshold (+Inf for h = 0)
}

// newMFGrids lays out t's cells for vec.LogCubic: side 0's rows then side 1's, and the
// continuation from just below x = 1, where the tables' last cell ends.
func newMFGrids(t *physics.MeanFieldTable) *mfGrids {
	c := t.Cells()
	grid := func(sides [2][]float64) vec.LogGrid {
		return vec.LogGrid{
			C:     append(append([]float64(nil), sides[0]...), sides[1]...),
			K0:    c.K0,
			Cells: [2]int{len(sides[0]) / 4, len(sides[1]) / 4},
			XHi:   math.Nextafter(1, 0),
		}
	}
	return &mfGrids{m: grid(c.M), d: grid(c.D), s: grid(c.S), sign: c.Sign, xMin: c.XMin, xFar: c.XFar}
}

// redo reports whether the loops leave x to the table's methods: |x| < xMin (the core),
// x ≤ −xFar (the far field), ±Inf or NaN.
func (g *mfGrids) redo(x float32) bool {
	v := float64(x)
	a := math.Abs(v)
	return !(a >= g.xMin) || a > math.MaxFloat32 || v <= -g.xFar
}

// onsagerGrid returns the cubic c of an OnsagerTable (M, G or S) as vec's x^(1/8) grid for an
// activation whose x is scale·(the table's x).
func onsagerGrid(cells *physics.OnsagerCells, c []float64, scale float64) vec.Root8Grid {
	return vec.Root8Grid{C: c, A: scale, XMax: physics.OnsagerTc, InvH: cells.InvH}
}

// scalar32 finishes a forward loop from element done on: dst[i] = F(x[i]).
func scalar32[A interface{ F(float64) float64 }](a A, dst, x []float32, done int) {
	for i := done; i < len(dst); i++ {
		dst[i] = float32(a.F(float64(x[i])))
	}
}

// scalarTimes32 finishes a backward loop from element done on: dst[i] = g[i]·DF(x[i]).
func scalarTimes32[A interface{ DF(float64) float64 }](a A, dst, x, g []float32, done int) {
	for i := done; i < len(dst); i++ {
		dst[i] = float32(float64(g[i]) * a.DF(float64(x[i])))
	}
}
