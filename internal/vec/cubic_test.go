package vec

import (
	"math"
	"testing"

	"github.com/isingact/isingact/internal/rng"
)

// cubicRef evaluates the table as the activations' hermiteTable.eval does, in float64
// (reference: the definition in Cubic's comment), clamping j below as well.
func cubicRef(c []float64, lo, invH, x float64) float64 {
	u := (x - lo) * invH
	j := min(max(int(u), 0), len(c)/4-1)
	s := u - float64(j)
	k := c[4*j : 4*j+4]
	return k[0] + s*(k[1]+s*(k[2]+s*k[3]))
}

// TestCubicLoops checks Cubic and CubicTimes against cubicRef on a random table, at points
// inside it (random and at the cell edges, including the last edge, hi) and outside (clamped
// cells). Tolerance: both evaluate in float64 (the loop with FMAs), so they agree to about
// 1e-15 relative to the terms' size before rounding to float32; the results are the same
// float32 or neighbours: one float32 ulp of the terms' size.
func TestCubicLoops(t *testing.T) {
	r := rng.New(3, "vec-cubic")
	const cells, lo, h = 37, -2.5, 0.125
	c := make([]float64, 4*cells)
	for i := range c {
		c[i] = r.NormFloat64()
	}
	var xs []float32
	for i := 0; i <= cells; i++ {
		xs = append(xs, float32(lo+float64(i)*h))
	}
	for range 400 {
		xs = append(xs, float32(lo-1+r.Float64()*(cells*h+2)))
	}
	for len(xs)%4 != 0 {
		xs = append(xs, 0)
	}
	g := make([]float32, len(xs))
	for i := range g {
		g[i] = float32(r.NormFloat64())
	}
	got, gotT := make([]float32, len(xs)), make([]float32, len(xs))
	n, nT := Cubic(got, xs, c, lo, 1/h), CubicTimes(gotT, xs, g, c, lo, 1/h)
	t.Logf("vector loops took %d, %d of %d", n, nT, len(xs))
	for i := range n {
		x := float64(xs[i])
		u := (x - lo) / h
		j := min(max(int(u), 0), cells-1)
		s := math.Abs(u - float64(j))
		scale := 0.0 // the size of the polynomial's terms
		for m := range 4 {
			scale += math.Abs(c[4*j+m]) * math.Pow(s, float64(m))
		}
		want := cubicRef(c, lo, 1/h, x)
		if d := math.Abs(float64(got[i]) - want); !(d <= 0x1p-23*scale) {
			t.Fatalf("Cubic at %g: %g, want %g", x, got[i], want)
		}
		wantT := float64(g[i]) * want
		if d := math.Abs(float64(gotT[i]) - wantT); !(d <= 0x1p-23*scale*math.Abs(float64(g[i]))) {
			t.Fatalf("CubicTimes at %g: %g, want %g", x, gotT[i], wantT)
		}
	}
}
