package stats

import (
	"math"
	"testing"
)

// TestMinDetectableReference checks the standardized effect MinDetectable(1, n, α, power)
// against the root of power(e) = 0.8 found by scipy 1.10.1 brentq (xtol 1e-15) on statsmodels
// 0.13.5 TTestPower().power's formula nct.sf(c) + nct.cdf(−c), with c from mpmath (scipy's
// t.ppf is off by up to 2.3e-9), via testdata/ref.py. Tolerance 1e-9 relative: scipy's
// noncentral t (Boost) is itself good to about 1e-11 in power (its power at e = 0 is
// 0.0500000000047, not 0.05). statsmodels' own solve_power stops early (it differs from the
// root by up to 9e-7, shown in the comments), so it is not the reference.
func TestMinDetectableReference(t *testing.T) {
	for _, tc := range []struct {
		n            int
		alpha, power float64
		want         float64
	}{
		{2, 0.05, 0.8, 11.549888435882337},   // solve_power 11.549889755210659
		{3, 0.05, 0.8, 3.2640435496995712},   // solve_power 3.264043553217225
		{5, 0.05, 0.8, 1.681996965955555},    // solve_power 1.6819969613308459
		{10, 0.05, 0.8, 0.9960013714554438},  // solve_power 0.9960019107432067
		{20, 0.05, 0.8, 0.6604416546230265},  // solve_power 0.6604416544380204
		{100, 0.05, 0.8, 0.2829126327813866}, // solve_power 0.28291171196126147
	} {
		if got := MinDetectable(1, tc.n, tc.alpha, tc.power); !agrees(got, tc.want, 1e-9) {
			t.Errorf("MinDetectable(1, %d, %v, %v) = %.17g, want %.17g", tc.n, tc.alpha, tc.power, got, tc.want)
		}
		// It scales with sd.
		if got := MinDetectable(0.003, tc.n, tc.alpha, tc.power); !agrees(got, 0.003*tc.want, 1e-9) {
			t.Errorf("MinDetectable(0.003, %d, …) = %.17g, want %.17g", tc.n, got, 0.003*tc.want)
		}
	}
}

// TestPairedPowerReference checks PairedPower against statsmodels 0.13.5 TTestPower().power's
// formula with an mpmath critical value (via testdata/ref.py, which asserts that TTestPower
// agrees to 1e-8), to 1e-9: the reference's own error is about 5e-12 (see above).
func TestPairedPowerReference(t *testing.T) {
	for _, tc := range []struct {
		e     float64
		n     int
		alpha float64
		want  float64
	}{
		{0.5, 10, 0.05, 0.2931756065140767},
		{1.0, 5, 0.05, 0.40138991737179486},
		{0.2, 100, 0.01, 0.271185614020132},
		{2.0, 3, 0.05, 0.47074943127843466},
		{0.0, 10, 0.05, 0.05},
	} {
		if got := PairedPower(tc.e, tc.n, tc.alpha); !agrees(got, tc.want, 1e-9) {
			t.Errorf("PairedPower(%v, %d, %v) = %.17g, want %.17g", tc.e, tc.n, tc.alpha, got, tc.want)
		}
	}
}

// TestNoncentralTCDFReference checks the AS 243 series against scipy 1.10.1 stats.nct.cdf (Boost)
// via testdata/ref.py, to 1e-10 absolute (both are series with error bounds near 1e-12).
func TestNoncentralTCDFReference(t *testing.T) {
	for _, tc := range []struct{ t, df, nc, want float64 }{
		{2.262, 9, 3.0, 0.23879985868711995},
		{-2.262, 9, 3.0, 1.3599781993889337e-06},
		{1.0, 1, 0.5, 0.5927477364400293},
		{12.7, 1, 16.0, 0.20913226139033828},
		{-4.3, 2, 5.6, 3.1891267404660084e-11},
		{0.5, 30, -1.0, 0.9322523603316912},
		{3.0, 99, 2.8, 0.5746050267719771},
	} {
		if got := noncentralTCDF(tc.t, tc.df, tc.nc); math.Abs(got-tc.want) > 1e-10 {
			t.Errorf("noncentralTCDF(%v, %v, %v) = %.17g, want %.17g", tc.t, tc.df, tc.nc, got, tc.want)
		}
	}
}

// TestMinDetectableProperties: above the normal approximation (z_{1−α/2} + z_{power})·sd/√n and
// approaching it as n grows; decreasing in n; NaN for undefined inputs, 0 for sd = 0.
func TestMinDetectableProperties(t *testing.T) {
	normal := 1.959963984540054 + 0.8416212335729143 // Φ⁻¹(0.975) + Φ⁻¹(0.8), from mpmath
	prev := math.Inf(1)
	for _, n := range []int{2, 3, 4, 6, 10, 30, 100, 1000, 10000} {
		got := MinDetectable(1, n, 0.05, 0.8)
		approx := normal / math.Sqrt(float64(n))
		if got <= approx || got >= prev {
			t.Errorf("n = %d: MinDetectable = %v, want above the normal %v and below n−1's %v", n, got, approx, prev)
		}
		prev = got
		if n == 10000 && got/approx-1 > 1e-3 {
			t.Errorf("n = 10000: MinDetectable/normal = %v, want → 1", got/approx)
		}
	}
	for _, tc := range []struct {
		sd           float64
		n            int
		alpha, power float64
	}{{1, 1, 0.05, 0.8}, {math.NaN(), 10, 0.05, 0.8}, {-1, 10, 0.05, 0.8}, {1, 10, 0.9, 0.8}, {1, 10, 0.05, 1}} {
		if got := MinDetectable(tc.sd, tc.n, tc.alpha, tc.power); !math.IsNaN(got) {
			t.Errorf("MinDetectable(%v, %d, %v, %v) = %v, want NaN", tc.sd, tc.n, tc.alpha, tc.power, got)
		}
	}
	if got := MinDetectable(0, 10, 0.05, 0.8); got != 0 {
		t.Errorf("MinDetectable(0, …) = %v, want 0", got)
	}
}
