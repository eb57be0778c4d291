package activations

import (
	"fmt"
	"math"
)

// hermiteTable interpolates a function and its derivative on a uniform grid over [lo, hi] by
// piecewise cubic Hermite polynomials: F from the node values of (F, F′), and F′ separately
// from (F′, F″), so that both are C¹ and accurate to O(h⁴) where F is smooth. It is immutable
// after construction.
type hermiteTable struct {
	lo, hi, invH float64
	f, df        []float64 // 4 coefficients per cell, t ∈ [0, 1]: c0 + c1·t + c2·t² + c3·t³
}

// newHermiteTable tabulates eval (which returns F, F′, F″ at x) at n+1 nodes on [lo, hi].
func newHermiteTable(eval func(x float64) (f, df, ddf float64), lo, hi float64, n int) (*hermiteTable, error) {
	if !(hi > lo) || n < 1 {
		return nil, fmt.Errorf("activations: bad table range [%v, %v] with %d cells", lo, hi, n)
	}
	h := (hi - lo) / float64(n)
	t := &hermiteTable{lo: lo, hi: hi, invH: 1 / h, f: make([]float64, 4*n), df: make([]float64, 4*n)}
	f0, d0, dd0 := eval(lo)
	for i := range n {
		x1 := lo + float64(i+1)*h
		if i == n-1 {
			x1 = hi
		}
		f1, d1, dd1 := eval(x1)
		for _, v := range [...]float64{f1, d1, dd1} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("activations: table value at x = %v is %v", x1, v)
			}
		}
		hermiteCoeffs(t.f[4*i:4*i+4], f0, f1, d0*h, d1*h)
		hermiteCoeffs(t.df[4*i:4*i+4], d0, d1, dd0*h, dd1*h)
		f0, d0, dd0 = f1, d1, dd1
	}
	return t, nil
}

// hermiteCoeffs sets c to the cubic on t ∈ [0, 1] with values y0, y1 and t-derivatives
// s0, s1 at the ends.
func hermiteCoeffs(c []float64, y0, y1, s0, s1 float64) {
	c[0] = y0
	c[1] = s0
	c[2] = 3*(y1-y0) - 2*s0 - s1
	c[3] = 2*(y0-y1) + s0 + s1
}

// in reports whether x lies inside the table's range.
func (t *hermiteTable) in(x float64) bool { return x >= t.lo && x <= t.hi }

// eval returns the interpolated value of the coefficient table c (t.f or t.df) at x in
// [lo, hi].
func (t *hermiteTable) eval(c []float64, x float64) float64 {
	u := (x - t.lo) * t.invH
	i := int(u)
	if n := len(c)/4 - 1; i > n {
		i = n
	}
	s := u - float64(i)
	c = c[4*i : 4*i+4 : 4*i+4]
	return c[0] + s*(c[1]+s*(c[2]+s*c[3]))
}
