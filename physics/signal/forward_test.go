package signal

import (
	"math"
	"testing"

	"github.com/isingact/isingact/physics"
)

// The clipped magnetizations, built from package physics directly (signal must not import
// activations): F exact, DF clipped at 10, x in units of each model's Tc.
var (
	mfMagAct = Activation{
		F: func(x float64) float64 { return physics.Magnetization(1-x, 0) },
		DF: func(x float64) float64 {
			dt, _ := physics.MagnetizationPartials(1-x, 0)
			return math.Min(-dt, 10)
		},
	}
	onsagerMagAct = Activation{
		F: func(x float64) float64 { return physics.OnsagerMagnetization(physics.OnsagerTc * (1 - x)) },
		DF: func(x float64) float64 {
			return math.Min(-physics.OnsagerTc*physics.OnsagerMagnetizationDeriv(physics.OnsagerTc*(1-x)), 10)
		},
	}
)

// reluSecant is the exact secant slope of ReLU's correlation map over [1 − δ, 1] from the
// arc-cosine kernel (Cho & Saul 2009), C(1) − C(c) = σ_w²·(1/2 − k₁(c)), written without
// cancellation: with θ = arccos(1 − δ) = 2·asin(√(δ/2)),
// (1/2 − k₁(1 − δ))/δ = (π − θ + (θ − sin θ)/δ)/(2π).
func reluSecant(delta, sw2 float64) float64 {
	th := 2 * math.Asin(math.Sqrt(delta/2))
	t3 := th * th * th
	thMinusSin := t3/6 - t3*th*th/120 + t3*th*th*th*th/5040 // θ ≤ 0.02: next term < 1e-20
	return sw2 * (math.Pi - th + thMinusSin/delta) / (2 * math.Pi)
}

func TestSecantSlopeReLU(t *testing.T) {
	th := mustNew(t, reluAct)
	for _, delta := range forwardDeltas {
		for _, q := range []float64{0.3, 2} {
			got, want := th.SecantSlope(delta, q, 1.7), reluSecant(delta, 1.7)
			if e := relErr(got, want); e > 1e-9 {
				t.Errorf("SecantSlope(%v, %v, 1.7) = %.15g, arc-cosine kernel %.15g, rel. error %.2g", delta, q, got, want, e)
			}
		}
	}
	for _, bad := range [][3]float64{{0, 1, 1}, {3, 1, 1}, {1e-4, -1, 1}, {1e-4, 1, math.NaN()}} {
		if v := th.SecantSlope(bad[0], bad[1], bad[2]); !math.IsNaN(v) {
			t.Errorf("SecantSlope%v = %v, want NaN", bad, v)
		}
	}
}

// TestForwardStability: where DF is the exact derivative the forward slope at c = 1 is the χ₁
// of Chi1 (tanh, ReLU, ELU), stable below the edge of chaos and not above; for the
// magnetizations with a divergent derivative it is infinite at every σ_w², even where the
// backward χ₁ with the clipped DF is below 1.
func TestForwardStability(t *testing.T) {
	for _, tc := range []struct {
		name     string
		a        Activation
		sw2, sb2 float64
		stable   bool
	}{
		{"tanh 0.8·EOC", tanhAct, 0.8 * 1.7609546396067391, 0.05, true},
		{"tanh 1.2·EOC", tanhAct, 1.2 * 1.7609546396067391, 0.05, false},
		{"tanh σ_b=0 ordered", tanhAct, 0.8, 0, true},
		{"relu", reluAct, 1.5, 0.1, true},
		{"relu edge", reluAct, 2, 0, true},
		{"elu", eluAct, 1.6, 1, true},
	} {
		th := mustNew(t, tc.a)
		fs, err := th.ForwardStability(tc.sw2, tc.sb2)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		chi := th.chi1At(fs.QStar, tc.sw2)
		if e := relErr(fs.Chi1, chi); e > 1e-8 || fs.Stable != tc.stable {
			t.Errorf("%s: forward χ₁ = %.12g (stable %v), σ_w²·E[φ′²] = %.12g (want stable %v), secants %v",
				tc.name, fs.Chi1, fs.Stable, chi, tc.stable, fs.Secants)
		}
	}
	for _, tc := range []struct {
		name string
		a    Activation
	}{{"mf-magnetization", mfMagAct}, {"onsager-magnetization", onsagerMagAct}} {
		th := mustNew(t, tc.a)
		eoc, err := th.EOCWeightVariance(0.05)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, f := range []float64{0.5, 0.8} {
			fs, err := th.ForwardStability(f*eoc, 0.05)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			back := th.chi1At(fs.QStar, f*eoc)
			if !math.IsInf(fs.Chi1, 1) || fs.Stable || !(back < 1) {
				t.Errorf("%s at %v·EOC: forward χ₁ = %v (stable %v), backward χ₁ = %v; want +Inf, false, < 1",
					tc.name, f, fs.Chi1, fs.Stable, back)
			}
			t.Logf("%s at %.1f·EOC (σ_w² = %.4f): q* = %.4g, backward χ₁ = %.4f, secants %.4g",
				tc.name, f, f*eoc, fs.QStar, back, fs.Secants)
		}
	}
}
