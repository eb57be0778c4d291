package stats

import (
	"math"
	"testing"
)

func descNear(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
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
		if got := TQuantile(0.975, tc.df); !descNear(got, tc.want, 1e-9) {
			t.Errorf("TQuantile(0.975, %v) = %.15g, want %.15g", tc.df, got, tc.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	// {1..5}: mean 3, s = √2.5, half-width t₀.₉₇₅(4)·√2.5/√5 = 1.9632431614775577 (mpmath);
	// quartiles by type 7 (NumPy's default): 2, 3, 4.
	d := Describe([]float64{5, 1, 4, 2, 3}, false)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean", d.Mean, 3}, {"std", d.Std, math.Sqrt(2.5)},
		{"lo", d.Lo, 3 - 1.9632431614775577}, {"hi", d.Hi, 3 + 1.9632431614775577},
		{"median", d.Median, 3}, {"q1", d.Q1, 2}, {"q3", d.Q3, 4}, {"min", d.Min, 1}, {"max", d.Max, 5},
	} {
		if !descNear(c.got, c.want, 1e-12) {
			t.Errorf("describe: %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if d.N != 5 {
		t.Errorf("n = %d", d.N)
	}
	// Type-7 quartiles of {1, 2, 3, 4}: 1.75, 2.5, 3.25 (numpy.quantile).
	q := Describe([]float64{4, 3, 2, 1}, false)
	if q.Q1 != 1.75 || q.Median != 2.5 || q.Q3 != 3.25 {
		t.Errorf("quartiles of 1..4 = %v %v %v", q.Q1, q.Median, q.Q3)
	}
	one := Describe([]float64{7}, false)
	if one.Mean != 7 || one.Std != 0 || one.Lo != 7 || one.Hi != 7 {
		t.Errorf("n = 1: %+v", one)
	}
	if e := Describe(nil, false); !math.IsNaN(e.Mean) || e.N != 0 {
		t.Errorf("n = 0: %+v", e)
	}
	if nan := Describe([]float64{1, math.NaN()}, false); !math.IsNaN(nan.Mean) {
		t.Errorf("NaN value vanished: mean %v", nan.Mean)
	}
}
