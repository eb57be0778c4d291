package signal

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// quenchTanhAct is quench-tanh with a = 1, c = 0: φ(x) = x/2 + ln(cosh x)/2, φ′ = (1 + tanh x)/2
// (ln cosh x = |x| + ln(1 + e^(−2|x|)) − ln 2, without overflow).
var quenchTanhAct = Activation{
	F: func(x float64) float64 {
		a := math.Abs(x)
		return x/2 + (a+math.Log1p(math.Exp(-2*a))-math.Ln2)/2
	},
	DF: func(x float64) float64 { return (1 + math.Tanh(x)) / 2 },
}

// TestStableBranchQuenchTanh checks the stable branch of quench-tanh at σ_b² = 0.05 against
// testdata/stable_ref.py (mpmath, 40 digits): the saddle-node where it ends, stable fixed
// points along it, and S(1), the σ_w² where the unstable root crosses q = 1 — the "q* diverges
// beyond σ_w² = 2.86" that iterating from Q0 = 1 reports.
func TestStableBranchQuenchTanh(t *testing.T) {
	th := mustNew(t, quenchTanhAct)
	const sb2 = 0.05
	end, err := th.StableBranchEnd(sb2)
	if err != nil {
		t.Fatal(err)
	}
	if e := relErr(end.SW2, 2.9460503764902315032); e > 1e-10 {
		t.Errorf("saddle-node σ_w² = %.15g, want 2.9460503764902315 (mpmath), rel. error %.2g", end.SW2, e)
	}
	if e := relErr(end.QStar, 0.48584969771462200211); e > 1e-5 {
		t.Errorf("saddle-node q* = %.15g, want 0.485849697714622 (mpmath), rel. error %.2g", end.QStar, e)
	}
	if e := relErr(th.FixedPointWeightVariance(1, sb2), 2.856996694694995918); e > 1e-12 {
		t.Errorf("S(1) = %.15g, want 2.856996694694996 (mpmath)", th.FixedPointWeightVariance(1, sb2))
	}
	for _, tc := range []struct{ sw2, want float64 }{
		{1, 0.067700960594672477948},
		{2, 0.10741111435557754859},
		{2.5, 0.15867884544389652065},
		{2.9, 0.32158799908699859273},
	} {
		q, err := th.StableFixedPoint(tc.sw2, sb2)
		if err != nil || relErr(q, tc.want) > 1e-10 {
			t.Errorf("StableFixedPoint(%v, %v) = %.15g, %v; want %.15g (mpmath)", tc.sw2, sb2, q, err, tc.want)
		}
	}
	// Iterating from Q0 = 1 loses the stable branch beyond S(1) = 2.857.
	if _, err := th.FixedPoint(2.9, sb2); !errors.Is(err, ErrNoFixedPoint) {
		t.Errorf("FixedPoint(2.9, 0.05) from Q0 = 1: %v, want divergence (above the unstable root)", err)
	}
	_, err = th.StableFixedPoint(2.95, sb2)
	if !errors.Is(err, ErrNoFixedPoint) || !strings.Contains(err.Error(), "2.94605037") {
		t.Errorf("StableFixedPoint(2.95, 0.05): %v, want ErrNoFixedPoint naming the saddle-node 2.94605037…", err)
	}
}

// TestStableBranchClosedForms: ReLU (q* = σ_b²/(1 − σ_w²/2), the branch ends at σ_w² = 2 with
// q* → ∞), tanh (bounded: the branch never ends; q* = 0 below σ_w² = 1 at σ_b = 0), and
// quench-tanh at σ_b = 0 (q* = 0 is stable until σ_w²·φ′(0)² = 1, i.e. σ_w² = 4, and S falls
// from there: no stable positive branch).
func TestStableBranchClosedForms(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		a    Activation
		sb2  float64
		want BranchEnd
	}{
		{"relu σ_b²=0.1", reluAct, 0.1, BranchEnd{SW2: 2, QStar: inf}},
		{"relu σ_b=0", reluAct, 0, BranchEnd{SW2: 2, QStar: inf}},
		{"tanh σ_b²=0.05", tanhAct, 0.05, BranchEnd{SW2: inf, QStar: inf}},
		{"tanh σ_b=0", tanhAct, 0, BranchEnd{SW2: inf, QStar: inf}},
		{"quench-tanh σ_b=0", quenchTanhAct, 0, BranchEnd{SW2: 4, QStar: 0}},
	} {
		end, err := mustNew(t, tc.a).StableBranchEnd(tc.sb2)
		if err != nil || relErr(end.SW2, tc.want.SW2) > 1e-9 && !(math.IsInf(end.SW2, 1) && math.IsInf(tc.want.SW2, 1)) ||
			end.QStar != tc.want.QStar {
			t.Errorf("%s: StableBranchEnd = %+v, %v; want %+v", tc.name, end, err, tc.want)
		}
	}
	for _, tc := range []struct {
		name     string
		a        Activation
		sw2, sb2 float64
		want     float64
	}{
		{"relu", reluAct, 1.5, 0.1, 0.1 / (1 - 0.75)},
		{"relu near 2", reluAct, 1.999, 0.01, 0.01 / (1 - 1.999/2)},
		{"relu σ_b=0", reluAct, 1.5, 0, 0},
		{"tanh ordered σ_b=0", tanhAct, 0.8, 0, 0},
		{"tanh σ_w=0", tanhAct, 0, 0.3, 0.3},
		{"tanh EOC σ_b²=0.05", tanhAct, 1.7609546396067391, 0.05, 0.57004788164076417},
		{"quench-tanh σ_b=0", quenchTanhAct, 3.9, 0, 0},
	} {
		q, err := mustNew(t, tc.a).StableFixedPoint(tc.sw2, tc.sb2)
		if err != nil || relErr(q, tc.want) > 1e-10 {
			t.Errorf("%s: StableFixedPoint(%v, %v) = %.15g, %v; want %.15g", tc.name, tc.sw2, tc.sb2, q, err, tc.want)
		}
	}
	for _, tc := range []struct {
		a        Activation
		sw2, sb2 float64
	}{{reluAct, 2.1, 0.1}, {reluAct, 2.1, 0}, {quenchTanhAct, 4.1, 0}} {
		if _, err := mustNew(t, tc.a).StableFixedPoint(tc.sw2, tc.sb2); !errors.Is(err, ErrNoFixedPoint) {
			t.Errorf("StableFixedPoint(%v, %v): %v, want ErrNoFixedPoint", tc.sw2, tc.sb2, err)
		}
	}
}

// TestStableFixedPointProperties: the result is a fixed point with dL/dq ≤ 1, it agrees with
// FixedPoint wherever the map has a single stable fixed point, and it is continuous along the
// branch (no jump between neighbouring σ_w²).
func TestStableFixedPointProperties(t *testing.T) {
	for _, tc := range []struct {
		name   string
		a      Activation
		sw2s   []float64
		single bool // one stable fixed point: FixedPoint from Q0 = 1 finds the same
	}{
		{"tanh", tanhAct, []float64{0.3, 1, 1.7, 3, 8, 30}, true},
		{"elu", eluAct, []float64{0.3, 1, 1.7, 1.95}, true},
		{"hardtanh", hardTanhAct, []float64{0.3, 1, 2, 6}, true},
		{"quench-tanh", quenchTanhAct, []float64{0.5, 1.5, 2.2, 2.6, 2.8}, false},
	} {
		th := mustNew(t, tc.a)
		for _, sb2 := range []float64{0.01, 0.1, 1} {
			prev := math.NaN()
			for _, sw2 := range tc.sw2s {
				q, err := th.StableFixedPoint(sw2, sb2)
				if errors.Is(err, ErrNoFixedPoint) && !tc.single {
					continue // beyond quench-tanh's saddle-node for this σ_b²
				}
				if err != nil {
					t.Errorf("%s (%v, %v): %v", tc.name, sw2, sb2, err)
					continue
				}
				if r := math.Abs(th.LengthMap(q, sw2, sb2) - q); r > 1e-11*q {
					t.Errorf("%s (%v, %v): residual %.2g at q* = %v", tc.name, sw2, sb2, r, q)
				}
				if s := th.LengthMapSlope(q, sw2, sb2); !(s <= 1+1e-9) {
					t.Errorf("%s (%v, %v): dL/dq(q*) = %v > 1: not stable", tc.name, sw2, sb2, s)
				}
				if tc.single {
					if qf, err := th.FixedPoint(sw2, sb2); err != nil || relErr(q, qf) > 1e-10 {
						t.Errorf("%s (%v, %v): StableFixedPoint %v, FixedPoint %v, %v", tc.name, sw2, sb2, q, qf, err)
					}
				}
				if q < prev {
					t.Errorf("%s σ_b² = %v: q* fell from %v to %v as σ_w² grew to %v", tc.name, sb2, prev, q, sw2)
				}
				prev = q
			}
		}
	}
}
