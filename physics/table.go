package physics

import (
	"errors"
	"fmt"
	"math"
)

// Table is a cubic Hermite interpolant of a function f on a uniform grid of n nodes on
// [lo, hi], built from the values f and derivatives df at the nodes. On each cell
// [x_i, x_i + w] it is the cubic p(u) = c0 + c1·u + c2·u² + c3·u³, u = (x − x_i)/w, with
//
//	c0 = f_i, c1 = w·f'_i, c2 = 3(f_{i+1} − f_i) − w(2f'_i + f'_{i+1}), c3 = 2(f_i − f_{i+1}) + w(f'_i + f'_{i+1}),
//
// so the interpolant and its derivative are continuous, and its error is at most
// w⁴·max|f⁽⁴⁾|/384. The cell is found by one multiplication (no search) and Eval allocates
// nothing.
//
// Outside [lo, hi] Eval continues linearly from the end point's value and slope:
// f(hi) + f'(hi)·(x − hi) above, f(lo) + f'(lo)·(x − lo) below. That is exact where f is
// affine beyond the grid (the spike count once m has saturated to 1) and otherwise a first-order
// extrapolation: callers that need more must keep x inside the grid or handle the outside
// themselves (MeanFieldTable does). NaN in gives NaN out.
type Table struct {
	lo, hi, inv float64
	coef        [][4]float64 // per cell
	yLo, dLo    float64
	yHi, dHi    float64
}

// NewTable tabulates f and its derivative df at n ≥ 2 uniformly spaced nodes on [lo, hi]
// (both finite, lo < hi). It is an error if f or df is nil, n < 2 or n > 2²⁶, or any value or
// derivative at a node is not finite.
func NewTable(f, df func(float64) float64, lo, hi float64, n int) (*Table, error) {
	if f == nil || df == nil {
		return nil, errors.New("physics: NewTable needs both f and df")
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
		return nil, fmt.Errorf("physics: NewTable: need finite lo < hi, got [%g, %g]", lo, hi)
	}
	if n < 2 || n > 1<<26 {
		return nil, fmt.Errorf("physics: NewTable: need 2 ≤ n ≤ 2^26 nodes, got %d", n)
	}
	w := (hi - lo) / float64(n-1)
	ys := make([]float64, n)
	ds := make([]float64, n)
	for i := range n {
		x := lo + float64(i)*w
		if i == n-1 {
			x = hi
		}
		ys[i], ds[i] = f(x), df(x)
		if math.IsNaN(ys[i]) || math.IsInf(ys[i], 0) || math.IsNaN(ds[i]) || math.IsInf(ds[i], 0) {
			return nil, fmt.Errorf("physics: NewTable: f(%g) = %g, f'(%g) = %g: not finite", x, ys[i], x, ds[i])
		}
	}
	t := &Table{lo: lo, hi: hi, inv: 1 / w, coef: make([][4]float64, n-1)}
	for i := range t.coef {
		t.coef[i] = hermite(ys[i], ys[i+1], w*ds[i], w*ds[i+1])
	}
	t.yLo, t.dLo, t.yHi, t.dHi = ys[0], ds[0], ys[n-1], ds[n-1]
	return t, nil
}

// Eval returns the interpolant and its derivative at x (linear continuation outside [lo, hi]).
func (t *Table) Eval(x float64) (y, dy float64) {
	u := (x - t.lo) * t.inv
	if u >= 0 && u < float64(len(t.coef)) {
		i := int(u)
		s := u - float64(i)
		c := &t.coef[i]
		y = c[0] + s*(c[1]+s*(c[2]+s*c[3]))
		dy = (c[1] + s*(2*c[2]+3*s*c[3])) * t.inv
		return y, dy
	}
	switch {
	case x >= t.hi:
		return t.yHi + t.dHi*(x-t.hi), t.dHi
	case x < t.lo:
		return t.yLo + t.dLo*(x-t.lo), t.dLo
	}
	return math.NaN(), math.NaN()
}

// Domain returns the interval [lo, hi] on which Eval interpolates.
func (t *Table) Domain() (lo, hi float64) { return t.lo, t.hi }

// hermite returns the coefficients in u ∈ [0, 1] of the cubic with values y0, y1 and
// u-derivatives s0, s1 at the ends.
func hermite(y0, y1, s0, s1 float64) [4]float64 {
	return [4]float64{y0, s0, 3*(y1-y0) - 2*s0 - s1, 2*(y0-y1) + s0 + s1}
}
