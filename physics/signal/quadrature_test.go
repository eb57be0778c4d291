package signal

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

func sq(f func(float64) float64) func(float64) float64 {
	return func(x float64) float64 { v := f(x); return v * v }
}

// TestExpect checks E[g(√q·z)] against closed forms and, for tanh, against mpmath
// (mp.dps = 30, mpmath.quad split at 0 and ±1/√q; /tmp script in the report of issue 6).
func TestExpect(t *testing.T) {
	relu, elu, ht := mustNew(t, reluAct), mustNew(t, eluAct), mustNew(t, hardTanhAct)
	th := mustNew(t, tanhAct)
	one := func(float64) float64 { return 1 }
	tests := []struct {
		name   string
		th     *Theory
		g      func(float64) float64
		q      float64
		want   float64
		tol    float64 // relative
		source string
	}{
		{"1", relu, one, 1, 1, 1e-14, "normalisation"},
		{"relu² q=1", relu, sq(reluAct.F), 1, 0.5, 1e-14, "q/2"},
		{"relu² q=0.3", relu, sq(reluAct.F), 0.3, 0.15, 1e-14, "q/2"},
		{"relu² q=50", relu, sq(reluAct.F), 50, 25, 1e-14, "q/2"},
		{"relu q=2", relu, reluAct.F, 2, math.Sqrt(2 / (2 * math.Pi)), 1e-14, "√(q/2π)"},
		{"relu′² q=1", relu, sq(reluAct.DF), 1, 0.5, 1e-14, "1/2"},
		{"relu′² q=1e-6", relu, sq(reluAct.DF), 1e-6, 0.5, 1e-14, "1/2"},
		{"elu² q=0.01", elu, sq(eluAct.F), 0.01, eluE2(0.01), 1e-12, "closed form"},
		{"elu² q=0.5", elu, sq(eluAct.F), 0.5, eluE2(0.5), 1e-13, "closed form"},
		{"elu² q=4", elu, sq(eluAct.F), 4, eluE2(4), 1e-13, "closed form"},
		{"elu² q=30", elu, sq(eluAct.F), 30, eluE2(30), 1e-13, "closed form"},
		{"elu′² q=0.01", elu, sq(eluAct.DF), 0.01, eluD2(0.01), 1e-13, "closed form"},
		{"elu′² q=1", elu, sq(eluAct.DF), 1, eluD2(1), 1e-13, "closed form"},
		{"elu′² q=30", elu, sq(eluAct.DF), 30, eluD2(30), 1e-13, "closed form"},
		{"elu′² q=1e4", elu, sq(eluAct.DF), 1e4, 0.5 + 1/(2*math.Sqrt(2*math.Pi*1e4)), 1e-6, "asymptotic 1/2 + 1/(2√(2πq))"},
		{"hardtanh² q=0.25", ht, sq(hardTanhAct.F), 0.25, hardTanhE2(0.25), 1e-13, "closed form"},
		{"hardtanh² q=1", ht, sq(hardTanhAct.F), 1, hardTanhE2(1), 1e-13, "closed form"},
		{"hardtanh² q=9", ht, sq(hardTanhAct.F), 9, hardTanhE2(9), 1e-13, "closed form"},
		{"hardtanh′² q=1", ht, sq(hardTanhAct.DF), 1, hardTanhD2(1), 1e-13, "closed form"},
		{"hardtanh′² q=9", ht, sq(hardTanhAct.DF), 9, hardTanhD2(9), 1e-13, "closed form"},
		{"tanh² q=0.01", th, sq(tanhAct.F), 0.01, 0.0098054687555324056, 1e-13, "mpmath"},
		{"tanh² q=0.57", th, sq(tanhAct.F), 0.57, 0.29530747557232245785, 1e-13, "mpmath"},
		{"tanh² q=1", th, sq(tanhAct.F), 1, 0.39429449039784117442, 1e-13, "mpmath"},
		{"tanh² q=4", th, sq(tanhAct.F), 4, 0.63526123425693992486, 1e-13, "mpmath"},
		{"tanh² q=100", th, sq(tanhAct.F), 100, 0.92053686343051667121, 1e-12, "mpmath"},
		{"tanh² q=1e4", th, sq(tanhAct.F), 1e4, 0.99202148248051304330, 1e-8, "mpmath"},
		{"tanh′² q=0.01", th, sq(tanhAct.DF), 0.01, 0.98067024346498151754, 1e-13, "mpmath"},
		{"tanh′² q=0.57", th, sq(tanhAct.DF), 0.57, 0.56788953358374464538, 1e-13, "mpmath"},
		{"tanh′² q=1", th, sq(tanhAct.DF), 1, 0.46440290244826824197, 1e-13, "mpmath"},
		{"tanh′² q=4", th, sq(tanhAct.DF), 4, 0.25595044322520891239, 1e-13, "mpmath"},
		{"tanh′² q=100", th, sq(tanhAct.DF), 100, 0.053106787748115834101, 1e-11, "mpmath"},
		{"tanh′² q=1e4", th, sq(tanhAct.DF), 1e4, 0.0053191446440146221396, 1e-6, "mpmath"},
	}
	for _, tc := range tests {
		got := tc.th.Expect(tc.g, tc.q)
		if e := relErr(got, tc.want); !(e <= tc.tol) {
			t.Errorf("%s: E = %.17g, want %.17g (%s), rel. error %.2g > %.0g", tc.name, got, tc.want, tc.source, e, tc.tol)
		}
	}
}

// TestExpectKinkBeatsGaussHermite documents why the rule splits at kinks: plain
// Gauss–Hermite with as many nodes converges only algebraically for E[relu(z)] = 1/√(2π).
func TestExpectKinkBeatsGaussHermite(t *testing.T) {
	th := mustNew(t, reluAct)
	n := len(th.z)
	x, w := make([]float64, n), make([]float64, n)
	quad.Hermite{}.FixedLocations(x, w, math.Inf(-1), math.Inf(1))
	var gh float64
	for i := range x {
		gh += w[i] * reluAct.F(math.Sqrt2*x[i]) / math.Sqrt(math.Pi)
	}
	want := invSqrt2Pi
	ours := th.Expect(reluAct.F, 1)
	t.Logf("E[relu(z)] with %d nodes: composite rel. error %.2g, Gauss–Hermite %.2g", n, relErr(ours, want), relErr(gh, want))
	if relErr(ours, want) > 1e-14 || relErr(ours, want) >= relErr(gh, want) {
		t.Errorf("composite rule error %.2g not below 1e-14 and Gauss–Hermite's %.2g", relErr(ours, want), relErr(gh, want))
	}
}

// TestExpect2 checks E[g(u₁)h(u₂)] against the arc-cosine kernels (Cho & Saul 2009) and
// mpmath (mp.dps = 20, nested mpmath.quad split at the kinks).
func TestExpect2(t *testing.T) {
	relu, th := mustNew(t, reluAct), mustNew(t, tanhAct)
	tests := []struct {
		name   string
		th     *Theory
		g, h   func(float64) float64
		c, q   float64
		want   float64
		tol    float64 // absolute
		source string
	}{
		{"tanh c=-0.5", th, tanhAct.F, tanhAct.F, -0.5, 1, -0.18632441320344808611, 1e-13, "mpmath"},
		{"tanh c=0.3", th, tanhAct.F, tanhAct.F, 0.3, 1, 0.11066838554744633328, 1e-13, "mpmath"},
		{"tanh c=0.9", th, tanhAct.F, tanhAct.F, 0.9, 1, 0.34920335058192518927, 1e-13, "mpmath"},
		{"tanh c=1", th, tanhAct.F, tanhAct.F, 1, 1, 0.39429449039784117442, 1e-13, "mpmath (1D)"},
		{"tanh′ c=0.3", th, tanhAct.DF, tanhAct.DF, 0.3, 1, 0.37299191234191516928, 1e-13, "mpmath"},
	}
	// Near c = 1 the inner integral varies on the scale √(1−c²) around z₁ = 0, resolved by
	// the geometric refinement to about 1e-10.
	tolNear1 := func(c, tol float64) float64 {
		if c > 0.999 && c < 1 {
			return 1e-10
		}
		return tol
	}
	for _, q := range []float64{1, 3} {
		for _, c := range []float64{-1, -0.9, -0.3, 0, 0.5, 0.99, 0.999999, 1} {
			tests = append(tests,
				struct {
					name   string
					th     *Theory
					g, h   func(float64) float64
					c, q   float64
					want   float64
					tol    float64
					source string
				}{"relu", relu, reluAct.F, reluAct.F, c, q, q * arcCos1(c), tolNear1(c, 1e-14*q), "arc-cosine degree 1"},
				struct {
					name   string
					th     *Theory
					g, h   func(float64) float64
					c, q   float64
					want   float64
					tol    float64
					source string
				}{"relu′", relu, reluAct.DF, reluAct.DF, c, q, arcCos0(c), tolNear1(c, 1e-14), "arc-cosine degree 0"})
		}
	}
	for _, tc := range tests {
		got := tc.th.Expect2(tc.g, tc.h, tc.c, tc.q)
		if e := math.Abs(got - tc.want); !(e <= tc.tol) {
			t.Errorf("%s c=%v q=%v: E = %.17g, want %.17g (%s), error %.2g > %.0g", tc.name, tc.c, tc.q, got, tc.want, tc.source, e, tc.tol)
		}
	}
}

// TestExpect2Properties: symmetry in (g, h), factorisation at c = 0, reduction to 1D at c = 1.
func TestExpect2Properties(t *testing.T) {
	for _, a := range []Activation{eluAct, hardTanhAct, tanhAct} {
		th := mustNew(t, a)
		for _, q := range []float64{0.2, 2} {
			for _, c := range []float64{-0.7, 0.4, 0.95} {
				gh, hg := th.Expect2(a.F, a.DF, c, q), th.Expect2(a.DF, a.F, c, q)
				if math.Abs(gh-hg) > 1e-13 {
					t.Errorf("E[φφ′] = %v ≠ E[φ′φ] = %v at c=%v q=%v", gh, hg, c, q)
				}
			}
			prod := th.Expect(a.F, q) * th.Expect(a.DF, q)
			if got := th.Expect2(a.F, a.DF, 0, q); math.Abs(got-prod) > 1e-13 {
				t.Errorf("c=0: E[φφ′] = %v, want E[φ]E[φ′] = %v", got, prod)
			}
			one := th.Expect(func(x float64) float64 { return a.F(x) * a.DF(x) }, q)
			if got := th.Expect2(a.F, a.DF, 1, q); math.Abs(got-one) > 1e-14 {
				t.Errorf("c=1: E = %v, want 1D %v", got, one)
			}
		}
	}
}

func TestExpectInvalid(t *testing.T) {
	th := mustNew(t, tanhAct)
	for _, q := range []float64{-1, math.NaN(), math.Inf(1)} {
		if v := th.Expect(math.Tanh, q); !math.IsNaN(v) {
			t.Errorf("Expect(q=%v) = %v, want NaN", q, v)
		}
	}
	for _, c := range []float64{-1.1, 2, math.NaN()} {
		if v := th.Expect2(math.Tanh, math.Tanh, c, 1); !math.IsNaN(v) {
			t.Errorf("Expect2(c=%v) = %v, want NaN", c, v)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		a    Activation
		opt  *Options
	}{
		{"no F", Activation{DF: math.Tanh}, nil},
		{"no DF", Activation{F: math.Tanh}, nil},
		{"NaN kink", Activation{F: math.Tanh, DF: math.Tanh, Kinks: []float64{math.NaN()}}, nil},
		{"too many kinks", Activation{F: math.Tanh, DF: math.Tanh, Kinks: []float64{1, 2, 3, 4, 5, 6, 7}}, nil},
		{"order", tanhAct, &Options{Order: 1}},
		{"panels", tanhAct, &Options{Panels: -1}},
		{"half width", tanhAct, &Options{HalfWidth: 2}},
		{"Q0", tanhAct, &Options{Q0: -1}},
		{"range", tanhAct, &Options{MinWeightVariance: 5, MaxWeightVariance: 4}},
	}
	for _, tc := range tests {
		if _, err := New(tc.a, tc.opt); err == nil {
			t.Errorf("%s: New succeeded, want an error", tc.name)
		} else if err.Error()[:8] != "signal: " {
			t.Errorf("%s: error %q lacks the package prefix", tc.name, err)
		}
	}
}
