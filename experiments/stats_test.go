package main

import (
	"math"
	"testing"
)

func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

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
		gt, gdf, gp := welch(tc.a, tc.b)
		if !near(gt, tc.t, tc.tolT) && !(math.IsInf(tc.t, 0) && gt == tc.t) || !near(gdf, tc.df, tc.tolT) || !near(gp, tc.p, tc.tolP) {
			t.Errorf("%s: welch = (%v, %v, %v), want (%v, %v, %v)", tc.name, gt, gdf, gp, tc.t, tc.df, tc.p)
		}
		// Symmetry: swapping the samples flips t and keeps df and p.
		st, sdf, sp := welch(tc.b, tc.a)
		if !(near(st, -gt, 1e-14) || st == -gt) || !near(sdf, gdf, 1e-14) || !near(sp, gp, 1e-14) {
			t.Errorf("%s: welch not symmetric: (%v, %v, %v) vs (%v, %v, %v)", tc.name, gt, gdf, gp, st, sdf, sp)
		}
	}
}

// Student t 0.975 quantiles, computed with mpmath (findroot on the incomplete-beta CDF); the
// df = 1 value is tan(0.475π) exactly.
func TestTQuantile(t *testing.T) {
	for _, tc := range []struct{ df, want float64 }{
		{1, 12.706204736174704646},
		{2, 4.3026527297494638523},
		{4, 2.7764451051977943578},
		{9, 2.2621571627982055426},
		{29, 2.0452296421327042982},
	} {
		if got := tQuantile(0.975, tc.df); !near(got, tc.want, 1e-9) {
			t.Errorf("tQuantile(0.975, %v) = %.15g, want %.15g", tc.df, got, tc.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	// {1..5}: mean 3, s = √2.5, half-width t₀.₉₇₅(4)·√2.5/√5 = 1.9632431614775577 (mpmath);
	// quartiles by type 7 (NumPy's default): 2, 3, 4.
	d := describe([]float64{5, 1, 4, 2, 3}, false)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean", d.Mean, 3}, {"std", d.Std, math.Sqrt(2.5)},
		{"lo", d.Lo, 3 - 1.9632431614775577}, {"hi", d.Hi, 3 + 1.9632431614775577},
		{"median", d.Median, 3}, {"q1", d.Q1, 2}, {"q3", d.Q3, 4}, {"min", d.Min, 1}, {"max", d.Max, 5},
	} {
		if !near(c.got, c.want, 1e-12) {
			t.Errorf("describe: %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if d.N != 5 {
		t.Errorf("n = %d", d.N)
	}
	// Type-7 quartiles of {1, 2, 3, 4}: 1.75, 2.5, 3.25 (numpy.quantile).
	q := describe([]float64{4, 3, 2, 1}, false)
	if q.Q1 != 1.75 || q.Median != 2.5 || q.Q3 != 3.25 {
		t.Errorf("quartiles of 1..4 = %v %v %v", q.Q1, q.Median, q.Q3)
	}
	one := describe([]float64{7}, false)
	if one.Mean != 7 || one.Std != 0 || one.Lo != 7 || one.Hi != 7 {
		t.Errorf("n = 1: %+v", one)
	}
	if e := describe(nil, false); !math.IsNaN(e.Mean) || e.N != 0 {
		t.Errorf("n = 0: %+v", e)
	}
	if nan := describe([]float64{1, math.NaN()}, false); !math.IsNaN(nan.Mean) {
		t.Errorf("NaN value vanished: mean %v", nan.Mean)
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
		d := describe(xs, true)
		if !near(d.Lo, tc.lo, 1e-12) || !near(d.Hi, tc.hi, 1e-12) {
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
	z, p := twoProportions(a, b)
	if !near(z, -2.1908902300206645, 1e-12) || !near(p, 0.028459736916310577, 1e-10) {
		t.Errorf("twoProportions = %v, %v", z, p)
	}
	if _, p := twoProportions(make([]float64, 10), make([]float64, 5)); p != 1 {
		t.Errorf("0/10 vs 0/5: p = %v, want 1", p)
	}
}
