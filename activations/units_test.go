package activations

import (
	"math"
	"testing"

	"github.com/isingact/isingact/physics"
)

// TestOrderedAtOne: with x in units of each model's Tc, every magnetization-shaped derived
// activation fires at x = 0 and is fully ordered at x = 1 (F = 1, and DF = 1 for its quench
// integral), mean-field and 2D Ising alike; with units=j the 2D forms order at x = Tc instead.
func TestOrderedAtOne(t *testing.T) {
	tests := []struct {
		spec    string
		ordered float64 // x where the magnetization reaches 1
		quench  bool    // the spike count: DF is the magnetization
	}{
		{"mf-magnetization", 1, false},
		{"onsager-magnetization", 1, false},
		{"quench-mf", 1, true},
		{"quench-onsager", 1, true},
		{"onsager-magnetization:units=j", physics.OnsagerTc, false},
		{"quench-onsager:units=j", physics.OnsagerTc, true},
	}
	for _, tc := range tests {
		a, err := Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		m := a.F
		if tc.quench {
			m = a.DF
		}
		if got := m(0); got != 0 {
			t.Errorf("%s: magnetization at x = 0 is %v, want 0", tc.spec, got)
		}
		// 0.2·ordered below the end: t = 0.2, m = 1 − O(e^(−8/(0.2·Tc))) < 1 in float64.
		if got := m(0.8 * tc.ordered); !(got > 0.9 && got < 1) {
			t.Errorf("%s: magnetization at x = %v is %v, want in (0.9, 1)", tc.spec, 0.8*tc.ordered, got)
		}
		for _, x := range []float64{tc.ordered, 1.5 * tc.ordered, 40} {
			if got := m(x); got != 1 {
				t.Errorf("%s: magnetization at x = %v is %v, want 1", tc.spec, x, got)
			}
		}
	}
}

// TestUnitsRescale: the two scales of the 2D Ising forms are the same function with x
// rescaled by Tc: for the magnetization F_tc(x) = F_j(Tc·x) and DF_tc(x) = Tc·DF_j(Tc·x)
// (unclipped), for the spike count F_tc(x) = F_j(Tc·x)/Tc (substitute v = Tc·u in
// ∫₀^(Tc·x) M(Tc − v) dv) and DF_tc(x) = DF_j(Tc·x).
func TestUnitsRescale(t *testing.T) {
	parse := func(s string) Activation {
		a, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	const tc = physics.OnsagerTc
	magTc, magJ := parse("onsager-magnetization:maxslope=1e6"), parse("onsager-magnetization:maxslope=1e6,units=j")
	qTc, qJ := parse("quench-onsager"), parse("quench-onsager:units=j")
	for _, x := range []float64{-0.3, 1e-6, 0.004, 0.1, 0.45, 0.9, 0.999, 1.2} {
		close := func(what string, got, want, tol float64) {
			if math.Abs(got-want) > tol*(1+math.Abs(want)) {
				t.Errorf("%s at x = %v: %.15g, want %.15g", what, x, got, want)
			}
		}
		close("onsager-magnetization F", magTc.F(x), magJ.F(tc*x), 1e-9)
		close("onsager-magnetization DF", magTc.DF(x), tc*magJ.DF(tc*x), 1e-7)
		close("quench-onsager F", qTc.F(x), qJ.F(tc*x)/tc, 1e-9)
		close("quench-onsager DF", qTc.DF(x), qJ.DF(tc*x), 1e-9)
	}
}
