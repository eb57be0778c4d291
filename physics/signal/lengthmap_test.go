package signal

import (
	"errors"
	"math"
	"testing"
)

// TestLengthMapClosedForms: ReLU L(q) = σ_w²·q/2 + σ_b²; ELU and hard tanh from the closed
// forms in helpers_test.go.
func TestLengthMapClosedForms(t *testing.T) {
	tests := []struct {
		name        string
		a           Activation
		q, sw2, sb2 float64
		want        float64
		tol         float64 // relative
	}{
		{"relu", reluAct, 0.7, 1.5, 0.1, 1.5*0.35 + 0.1, 1e-14},
		{"relu q=0", reluAct, 0, 1.5, 0.1, 0.1, 0},
		{"elu", eluAct, 2, 1.8, 1, 1.8*eluE2(2) + 1, 1e-13},
		{"elu q=0", eluAct, 0, 1.8, 1, 1, 0},
		{"hardtanh", hardTanhAct, 3, 2, 0.2, 2*hardTanhE2(3) + 0.2, 1e-13},
		{"tanh σ_w=0", tanhAct, 3, 0, 0.2, 0.2, 0},
	}
	for _, tc := range tests {
		got := mustNew(t, tc.a).LengthMap(tc.q, tc.sw2, tc.sb2)
		if e := relErr(got, tc.want); !(e <= tc.tol) {
			t.Errorf("%s: L = %.17g, want %.17g, rel. error %.2g", tc.name, got, tc.want, e)
		}
	}
	th := mustNew(t, tanhAct)
	for _, bad := range [][3]float64{{-1, 1, 0}, {1, -1, 0}, {1, 1, -0.1}, {math.NaN(), 1, 0}, {1, math.Inf(1), 0}} {
		if v := th.LengthMap(bad[0], bad[1], bad[2]); !math.IsNaN(v) {
			t.Errorf("LengthMap%v = %v, want NaN", bad, v)
		}
	}
}

// TestLengthMapSlope compares dL/dq (Stein's-lemma form) with central differences.
func TestLengthMapSlope(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Activation
	}{{"tanh", tanhAct}, {"relu", reluAct}, {"elu", eluAct}, {"hardtanh", hardTanhAct}} {
		th := mustNew(t, tc.a)
		for _, q := range []float64{0.05, 0.8, 5} {
			h := 1e-5 * q
			fd := (th.LengthMap(q+h, 1.7, 0.1) - th.LengthMap(q-h, 1.7, 0.1)) / (2 * h)
			if got := th.LengthMapSlope(q, 1.7, 0.1); math.Abs(got-fd) > 1e-7 {
				t.Errorf("%s q=%v: dL/dq = %.12g, finite difference %.12g", tc.name, q, got, fd)
			}
		}
	}
	// Limit q → 0⁺: tanh ≈ x, so dL/dq → σ_w².
	if got := mustNew(t, tanhAct).LengthMapSlope(0, 1.7, 0.1); math.Abs(got-1.7) > 1e-12 {
		t.Errorf("tanh dL/dq(0) = %v, want σ_w² = 1.7", got)
	}
}

func TestFixedPoint(t *testing.T) {
	tests := []struct {
		name     string
		a        Activation
		sw2, sb2 float64
		want     float64
		tol      float64 // relative
		source   string
	}{
		{"relu ordered", reluAct, 1.5, 0.1, 0.1 / (1 - 0.75), 1e-12, "σ_b²/(1 − σ_w²/2)"},
		{"relu near 2", reluAct, 1.999, 0.01, 0.01 / (1 - 1.999/2), 1e-12, "σ_b²/(1 − σ_w²/2)"},
		{"relu σ_b=0", reluAct, 1.5, 0, 0, 0, "q* = 0 for σ_w² < 2"},
		{"relu EOC", reluAct, 2, 0, 1, 0, "every q is fixed; iteration stays at Q0 = 1"},
		{"tanh σ_b=0 ordered", tanhAct, 0.5, 0, 0, 0, "L(q) < q for all q > 0"},
		{"tanh σ_w=0", tanhAct, 0, 0.3, 0.3, 1e-15, "L ≡ σ_b²"},
		{"tanh EOC σ_b²=0.05", tanhAct, 1.7609546396067391, 0.05, 0.57004788164076417, 1e-10, "mpmath, Schoenholz et al. 2017 (q* ≈ 0.57)"},
		{"elu EOC σ_b=1", eluAct, 1.8441020137248567, 1, 21.777549922291420, 1e-10, "mpmath with closed-form ELU expectations"},
		{"elu EOC σ_b=0.2", eluAct, 1.5110583261925856, 0.04, 1.1069305403461101, 1e-10, "mpmath with closed-form ELU expectations"},
	}
	for _, tc := range tests {
		got, err := mustNew(t, tc.a).FixedPoint(tc.sw2, tc.sb2)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if e := relErr(got, tc.want); !(e <= tc.tol) {
			t.Errorf("%s: q* = %.17g, want %.17g (%s), rel. error %.2g", tc.name, got, tc.want, tc.source, e)
		}
	}
}

// TestFixedPointProperties: residual and stability over a grid.
func TestFixedPointProperties(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Activation
		sw2s []float64
	}{
		{"tanh", tanhAct, []float64{0.3, 1, 1.7, 3, 8, 30}},
		{"elu", eluAct, []float64{0.3, 1, 1.7, 1.95}},
		{"hardtanh", hardTanhAct, []float64{0.3, 1, 2, 6}},
	} {
		th := mustNew(t, tc.a)
		for _, sw2 := range tc.sw2s {
			for _, sb2 := range []float64{0.01, 0.1, 1} {
				q, err := th.FixedPoint(sw2, sb2)
				if err != nil {
					t.Errorf("%s (%v, %v): %v", tc.name, sw2, sb2, err)
					continue
				}
				if r := math.Abs(th.LengthMap(q, sw2, sb2) - q); r > 1e-11*q {
					t.Errorf("%s (%v, %v): residual |L(q*) − q*| = %.2g at q* = %v", tc.name, sw2, sb2, r, q)
				}
				if s := th.LengthMapSlope(q, sw2, sb2); !(s >= 0 && s < 1) {
					t.Errorf("%s (%v, %v): dL/dq(q*) = %v, want in [0, 1) for a stable fixed point", tc.name, sw2, sb2, s)
				}
			}
		}
	}
}

func TestFixedPointErrors(t *testing.T) {
	relu := mustNew(t, reluAct)
	for _, c := range [][2]float64{{2.5, 0}, {2.5, 0.1}, {2.01, 1}, {100, 0}} {
		if _, err := relu.FixedPoint(c[0], c[1]); !errors.Is(err, ErrNoFixedPoint) {
			t.Errorf("relu FixedPoint%v: err = %v, want ErrNoFixedPoint", c, err)
		}
	}
	if _, err := mustNew(t, eluAct).FixedPoint(2.2, 0.5); !errors.Is(err, ErrNoFixedPoint) {
		t.Errorf("elu σ_w² = 2.2: err = %v, want ErrNoFixedPoint", err)
	}
	th := mustNew(t, tanhAct)
	for _, c := range [][2]float64{{-1, 0}, {1, -1}, {math.NaN(), 0}, {1, math.Inf(1)}} {
		if _, err := th.FixedPoint(c[0], c[1]); err == nil || err.Error()[:8] != "signal: " {
			t.Errorf("FixedPoint%v: err = %v, want a signal: error", c, err)
		}
	}
	nan := mustNew(t, Activation{F: func(float64) float64 { return math.NaN() }, DF: math.Tanh})
	if _, err := nan.FixedPoint(1, 0.1); err == nil {
		t.Error("FixedPoint of a NaN activation succeeded")
	}
}

func TestChi1(t *testing.T) {
	tests := []struct {
		name     string
		a        Activation
		sw2, sb2 float64
		want     float64
		tol      float64
		source   string
	}{
		{"relu", reluAct, 1.5, 0.1, 0.75, 1e-14, "σ_w²/2"},
		{"relu σ_b=0", reluAct, 1.2, 0, 0.6, 1e-14, "σ_w²/2 (limit q → 0⁺)"},
		{"tanh σ_b=0 ordered", tanhAct, 0.8, 0, 0.8, 1e-14, "σ_w²·tanh′(0)² at q* = 0"},
		{"elu", eluAct, 1.5, 0.5, 0, 1e-12, "σ_w²·eluD2(q*)"},
	}
	for _, tc := range tests {
		chi, q, err := mustNew(t, tc.a).Chi1(tc.sw2, tc.sb2)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want := tc.want
		if tc.name == "elu" {
			want = tc.sw2 * eluD2(q)
		}
		if e := relErr(chi, want); !(e <= tc.tol) {
			t.Errorf("%s: χ₁ = %.17g, want %.17g (%s)", tc.name, chi, want, tc.source)
		}
	}
	if _, _, err := mustNew(t, reluAct).Chi1(3, 0.1); !errors.Is(err, ErrNoFixedPoint) {
		t.Errorf("relu χ₁(3, 0.1): err = %v, want ErrNoFixedPoint", err)
	}
}
