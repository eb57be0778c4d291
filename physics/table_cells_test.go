package physics

import (
	"math"
	"testing"
)

// TestMeanFieldCells evaluates M, D and S from the layout exactly as MeanFieldCells documents
// it and compares with the table's methods (the same arithmetic: equal to rounding) at random
// points of both signs over many octaves, at cell edges and just below x = 1, for h = 0 (empty
// negative side) and h ≠ 0 of both signs.
func TestMeanFieldCells(t *testing.T) {
	for _, h := range []float64{0, 0.1, -0.3} {
		tb, err := NewMeanFieldTable(h)
		if err != nil {
			t.Fatal(err)
		}
		c := tb.Cells()
		var xs []float64
		for e := -19; e <= 13; e++ {
			for _, f := range []float64{1, 1.3, 1.77, 1.999} {
				xs = append(xs, math.Ldexp(f, e), -math.Ldexp(f, e))
			}
		}
		xs = append(xs, math.Nextafter(1, 0), -math.Nextafter(1, 0))
		for _, x := range xs {
			if math.Abs(x) < c.XMin || x <= -c.XFar || x >= 1 {
				continue
			}
			b := math.Float64bits(math.Abs(x))
			side := 0
			if x < 0 {
				side = 1
			}
			cell := int(b>>45) - c.K0[side]
			for _, q := range []struct {
				name  string
				coef  []float64
				exact float64
			}{{"M", c.M[side], tb.Magnetization(x)}, {"D", c.D[side], tb.DMagnetization(x)}, {"S", c.S[side], tb.SpikeCount(x)}} {
				got := 0.0
				if cell >= 0 && cell < len(q.coef)/4 {
					u := (math.Abs(x) - math.Float64frombits(b&^(1<<45-1))) * math.Ldexp(1, 7-(int(b>>52)-1023))
					k := q.coef[4*cell : 4*cell+4]
					got = c.Sign * (k[0] + u*(k[1]+u*(k[2]+u*k[3])))
				}
				if math.Abs(got-q.exact) > 1e-15*(1+math.Abs(q.exact)) {
					t.Errorf("h = %g: %s(%g) from the cells %.17g, method %.17g", h, q.name, x, got, q.exact)
				}
			}
		}
	}
}

// TestOnsagerCells evaluates M, S and dM/dx from the layout as OnsagerCells documents it and
// compares with the table's methods at points across (0, Tc).
func TestOnsagerCells(t *testing.T) {
	tb, err := NewOnsagerTable()
	if err != nil {
		t.Fatal(err)
	}
	c := tb.Cells()
	cubic := func(k []float64, s float64) float64 {
		u := s * c.InvH
		j := min(int(u), len(k)/4-1)
		u -= float64(j)
		k = k[4*j : 4*j+4]
		return k[0] + u*(k[1]+u*(k[2]+u*k[3]))
	}
	for _, x := range []float64{1e-12, 1e-6, 0.001, 0.1, 0.5, 1, 2, 2.2, math.Nextafter(OnsagerTc, 0)} {
		s := math.Sqrt(math.Sqrt(math.Sqrt(x)))
		for _, q := range []struct {
			name       string
			got, exact float64
		}{{"M", cubic(c.M, s), tb.Magnetization(x)}, {"S", cubic(c.S, s), tb.SpikeCount(x)},
			{"D", cubic(c.G, s) * s / (8 * x), tb.DMagnetization(x)}} {
			if math.Abs(q.got-q.exact) > 1e-15*(1+math.Abs(q.exact)) {
				t.Errorf("%s(%g) from the cells %.17g, method %.17g", q.name, x, q.got, q.exact)
			}
		}
	}
	if s := c.SpikeTc; math.Abs(s-tb.SpikeCount(OnsagerTc)) > 0 {
		t.Errorf("SpikeTc %v, SpikeCount(Tc) %v", s, tb.SpikeCount(OnsagerTc))
	}
}
