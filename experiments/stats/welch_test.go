package stats

import (
	"math"
	"testing"
)

// The three examples of Wikipedia's "Welch's t-test" article (data sets A1/A2, B1/B2, C1/C2),
// whose published answers are t = −2.46, df = 24.9, p = 0.021; t = −1.57, df = 9.9, p = 0.149;
// t = −2.22, df = 24.5, p = 0.036. The full-precision references were computed independently with
// mpmath (30 digits; p from the regularized incomplete beta I_{df/(df+t²)}(df/2, 1/2)).
func TestWelch(t *testing.T) {
	for _, tc := range []struct {
		name       string
		a, b       []float64
		t, df, p   float64
		tolT, tolP float64
	}{
		{"A", []float64{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4},
			[]float64{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4},
			-2.4553563982860050625, 24.988529290231414357, 0.021378001462867032492, 1e-12, 1e-9},
		{"B", []float64{17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8},
			[]float64{21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8},
			-1.5654335235985052123, 9.9047412486508288651, 0.14884169660532798508, 1e-12, 1e-9},
		{"C", []float64{19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0},
			[]float64{28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3},
			-2.2255120399698532143, 24.524634944257348051, 0.035484530830010218456, 1e-12, 1e-9},
		// Edge cases by the documented rules.
		{"n=1", []float64{1}, []float64{1, 2}, math.NaN(), math.NaN(), math.NaN(), 0, 0},
		{"zero variance, equal", []float64{3, 3}, []float64{3, 3, 3}, 0, math.NaN(), 1, 0, 0},
		{"zero variance, different", []float64{3, 3}, []float64{4, 4}, math.Inf(-1), math.NaN(), 0, 0, 0},
	} {
		gt, gdf, gp := Welch(tc.a, tc.b)
		if !descNear(gt, tc.t, tc.tolT) && !(math.IsInf(tc.t, 0) && gt == tc.t) || !descNear(gdf, tc.df, tc.tolT) || !descNear(gp, tc.p, tc.tolP) {
			t.Errorf("%s: welch = (%v, %v, %v), want (%v, %v, %v)", tc.name, gt, gdf, gp, tc.t, tc.df, tc.p)
		}
		// Symmetry: swapping the samples flips t and keeps df and p.
		st, sdf, sp := Welch(tc.b, tc.a)
		if !(descNear(st, -gt, 1e-14) || st == -gt) || !descNear(sdf, gdf, 1e-14) || !descNear(sp, gp, 1e-14) {
			t.Errorf("%s: welch not symmetric: (%v, %v, %v) vs (%v, %v, %v)", tc.name, gt, gdf, gp, st, sdf, sp)
		}
	}
}

// Wilson score intervals computed with mpmath from the formula in describe's doc comment; the
// 0/20 upper bound 0.1611 is the textbook "rule of three"-like example (Newcombe 1998, Table I).
func TestWilsonAndProportions(t *testing.T) {
	for _, tc := range []struct {
		succ, n int
		lo, hi  float64
	}{
		{5, 10, 0.23659309051256400056, 0.76340690948743599944},
		{0, 20, 0, 0.16112515805281935466},
		{20, 20, 0.83887484194718064534, 1},
	} {
		xs := make([]float64, tc.n)
		for i := range tc.succ {
			xs[i] = 1
		}
		d := Describe(xs, true)
		if !descNear(d.Lo, tc.lo, 1e-12) || !descNear(d.Hi, tc.hi, 1e-12) {
			t.Errorf("Wilson %d/%d = [%v, %v], want [%v, %v]", tc.succ, tc.n, d.Lo, d.Hi, tc.lo, tc.hi)
		}
	}
	// 30/100 against 45/100: z = −2.1908902300206645, p = 0.028459736916310577 (mpmath).
	a, b := make([]float64, 100), make([]float64, 100)
	for i := range 30 {
		a[i] = 1
	}
	for i := range 45 {
		b[i] = 1
	}
	z, p := TwoProportions(a, b)
	if !descNear(z, -2.1908902300206645, 1e-12) || !descNear(p, 0.028459736916310577, 1e-10) {
		t.Errorf("twoProportions = %v, %v", z, p)
	}
	if _, p := TwoProportions(make([]float64, 10), make([]float64, 5)); p != 1 {
		t.Errorf("0/10 vs 0/5: p = %v, want 1", p)
	}
}
