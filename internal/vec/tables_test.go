package vec

import (
	"math"
	"testing"

	"github.com/isingact/isingact/internal/rng"
)

// root8Ref is Root8Grid's value at x by its definition (reference: the Root8Grid comment),
// with the cubic's term scale for the tolerance.
func root8Ref(r *Root8Grid, x float64) (p, scale float64) {
	z := r.A * x
	xc := min(max(z, 0), r.XMax)
	if math.IsNaN(z) {
		xc = z
	}
	s := math.Sqrt(math.Sqrt(math.Sqrt(xc)))
	u := s * r.InvH
	j := min(max(int(u), 0), len(r.C)/4-1)
	return cubicTerms(r.C[4*j:4*j+4], u-float64(j))
}

// cubicTerms returns the cubic at u and the sum of its terms' magnitudes.
func cubicTerms(c []float64, u float64) (p, scale float64) {
	for m := range 4 {
		scale += math.Abs(c[m]) * math.Pow(math.Abs(u), float64(m))
	}
	return c[0] + u*(c[1]+u*(c[2]+u*c[3])), scale
}

// TestRoot8Loops checks the three x^(1/8)-grid loops against root8Ref on a random table at
// random points inside and outside [0, XMax], at 0, ±Inf and NaN. Tolerance as in
// TestCubicLoops (a float32 ulp of the terms' size), and 1e-12 relative for the quotient of the
// slope loop's inputs (three square roots and a division, each correctly rounded).
func TestRoot8Loops(t *testing.T) {
	r := rng.New(5, "vec-root8")
	const cells = 29
	grid := &Root8Grid{C: make([]float64, 4*cells), A: 1.7, XMax: 2.3}
	grid.InvH = cells / math.Pow(grid.XMax, 1.0/8)
	for i := range grid.C {
		grid.C[i] = r.NormFloat64()
	}
	xs := []float32{0, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-30, 2.3 / 1.7}
	for range 400 {
		xs = append(xs, float32(4*r.Float64()-1.5))
	}
	g := make([]float32, len(xs))
	for i := range g {
		g[i] = float32(r.NormFloat64())
	}
	const b, capv = 0.75, 3
	val, tim, slo, ramp := make([]float32, len(xs)), make([]float32, len(xs)), make([]float32, len(xs)), make([]float32, len(xs))
	n := Root8Cubic(val, xs, grid, b)
	Root8CubicRamp(ramp, xs, grid, b)
	Root8CubicTimes(tim, xs, g, grid, b)
	Root8SlopeTimes(slo, xs, g, grid, b, capv)
	t.Logf("vector loops took %d of %d", n, len(xs))
	for i := range n {
		x, gi := float64(xs[i]), float64(g[i])
		p, scale := root8Ref(grid, x)
		s := math.Sqrt(math.Sqrt(math.Sqrt(min(max(grid.A*x, 0), grid.XMax))))
		z := grid.A * x
		slope := 0.0
		if z > 0 && z < grid.XMax {
			slope = min(b*p*s/z, capv)
		}
		tol := 0x1p-23 * scale * b
		check := func(name string, got float32, want, tol float64) {
			t.Helper()
			if math.IsNaN(x) != math.IsNaN(float64(got)) || math.Abs(float64(got)-want) > tol {
				t.Fatalf("%s at x = %g: %g, want %g", name, x, got, want)
			}
		}
		check("Root8Cubic", val[i], b*p, tol)
		check("Root8CubicTimes", tim[i], gi*b*p, tol*math.Abs(gi))
		over := max(z-grid.XMax, 0)
		check("Root8CubicRamp", ramp[i], b*(p+over), tol+0x1p-23*b*over)
		stol := (0x1p-23*scale*b*s/z + 1e-12*math.Abs(slope)) * math.Abs(gi)
		if slope == capv || slope == 0 {
			stol = 0x1p-23 * math.Abs(gi*slope)
		}
		check("Root8SlopeTimes", slo[i], gi*slope, stol)
	}
}

// logRef is LogGrid's table value at xc by its definition (reference: the LogGrid comment),
// with the sum of the cubic's terms' magnitudes.
func logRef(l *LogGrid, xc float64) (p, scale float64) {
	b := math.Float64bits(xc)
	side := int(b >> 63)
	ab := b &^ (1 << 63)
	j := int(ab>>45) - l.K0[side]
	if j < 0 || j >= l.Cells[side] {
		return 0, 0
	}
	row := j + side*l.Cells[0]
	e := int(ab>>52) - 1023
	u := (math.Float64frombits(ab) - math.Float64frombits(ab&^(1<<45-1))) * math.Ldexp(1, 7-e)
	return cubicTerms(l.C[4*row:4*row+4], u)
}

// TestLogCubicLoops checks LogCubic and LogCubicTimes against logRef on a random two-sided
// table (and one whose negative side is empty) at random points of both signs over many
// octaves, inside and outside the cells, at the cell edges, 0, ±Inf and NaN. Tolerance as in
// TestCubicLoops, plus a float32 ulp of the linear continuation.
func TestLogCubicLoops(t *testing.T) {
	r := rng.New(7, "vec-logcubic")
	key := func(x float64) int { return int(math.Float64bits(x) >> 45) }
	for _, cells := range [][2]int{{300, 500}, {300, 0}} {
		l := &LogGrid{K0: [2]int{key(0x1p-6), key(0x1p-3)}, Cells: cells, XHi: 0.99}
		l.C = make([]float64, 4*(cells[0]+cells[1]))
		for i := range l.C {
			l.C[i] = r.NormFloat64()
		}
		xs := []float32{0, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 0x1p-6, -0x1p-3, 1, 0.99}
		for range 2000 {
			v := math.Ldexp(1+r.Float64(), -12+r.IntN(16))
			if r.IntN(2) == 0 {
				v = -v
			}
			xs = append(xs, float32(v))
		}
		g := make([]float32, len(xs))
		for i := range g {
			g[i] = float32(r.NormFloat64())
		}
		const sc, e, capv = -0.5, 0.25, 1.5
		val, tim := make([]float32, len(xs)), make([]float32, len(xs))
		n := LogCubic(val, xs, l, sc, e, capv)
		LogCubicTimes(tim, xs, g, l, sc, e, capv)
		t.Logf("cells %v: vector loops took %d of %d", cells, n, len(xs))
		for i := range n {
			x, gi := float64(xs[i]), float64(g[i])
			xc := min(x, l.XHi)
			p, scale := logRef(l, xc)
			want := min(sc*p+e*(x-xc), capv)
			tol := 0x1p-23 * (math.Abs(sc)*scale + math.Abs(e*(x-xc)))
			if math.IsNaN(x) {
				want = x
			}
			for _, c := range []struct {
				name      string
				got       float32
				want, tol float64
			}{{"LogCubic", val[i], want, tol}, {"LogCubicTimes", tim[i], gi * want, tol * math.Abs(gi)}} {
				if math.IsNaN(c.want) != math.IsNaN(float64(c.got)) || math.Abs(float64(c.got)-c.want) > c.tol {
					t.Fatalf("cells %v: %s at x = %g: %g, want %g", cells, c.name, x, c.got, c.want)
				}
			}
		}
	}
}

// TestTableLoopsFlushTiny: results below the smallest normal float32 (2⁻¹²⁶) in magnitude come
// out as 0, never as denormals; the smallest normal itself and NaN pass.
func TestTableLoopsFlushTiny(t *testing.T) {
	xs := []float32{0.5, 0.5, 0.5, float32(math.NaN())}
	g := []float32{1, 1, 1, 1}
	for _, c := range []struct {
		c0   float64
		want float32
	}{{1e-39, 0}, {-1e-40, 0}, {0x1p-126, 0x1p-126}, {-3e-38, -3e-38}} {
		cells := []float64{c.c0, 0, 0, 0}
		root := &Root8Grid{C: cells, A: 1, XMax: 1, InvH: 1}
		l := &LogGrid{C: cells, K0: [2]int{int(math.Float64bits(0.25) >> 45), 0}, Cells: [2]int{1 << 10, 0}, XHi: 0.99}
		l.C = make([]float64, 4<<10)
		for i := 0; i < len(l.C); i += 4 {
			l.C[i] = c.c0
		}
		outs := make([][]float32, 5)
		for i := range outs {
			outs[i] = make([]float32, len(xs))
		}
		n := Root8Cubic(outs[0], xs, root, 1)
		Root8CubicTimes(outs[1], xs, g, root, 1)
		Root8CubicRamp(outs[2], xs, root, 1)
		LogCubic(outs[3], xs, l, 1, 0, 1)
		LogCubicTimes(outs[4], xs, g, l, 1, 0, 1)
		if n == 0 {
			t.Skip("no vector loops on this machine")
		}
		for k, out := range outs {
			if out[0] != c.want || out[1] != c.want || out[2] != c.want || !math.IsNaN(float64(out[3])) {
				t.Errorf("loop %d with value %g: %v, want %g and NaN", k, c.c0, out, c.want)
			}
		}
	}
}
