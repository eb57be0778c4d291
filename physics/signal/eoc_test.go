package signal

import (
	"errors"
	"math"
	"testing"
)

// TestEOCReference reproduces the published edge-of-chaos points (1% tolerance, as quoted)
// and, more tightly, our independent mpmath computations (30 digits: mpmath.quad for tanh,
// closed-form ELU expectations E[e^{a·x}; x < 0] = e^{a²q/2}Φ(−a√q) with findroot).
func TestEOCReference(t *testing.T) {
	tests := []struct {
		name      string
		a         Activation
		sb2       float64
		paperSw2  float64 // σ_w² on the EOC as published
		paperQ    float64 // q* there as published, 0 if not given
		source    string
		precise   float64 // σ_w² from mpmath or a closed form
		preciseQ  float64 // q* from mpmath, NaN if not checked
		preciseTo float64 // relative tolerance for precise
	}{
		{"tanh σ_b²=0.05", tanhAct, 0.05, 1.76, 0.57, "Schoenholz et al. 2017, Sec. 3 / Fig. 1",
			1.7609546396067391, 0.57004788164076417, 1e-9},
		{"tanh σ_b²=0", tanhAct, 0, 1, 0, "Schoenholz et al. 2017; χ₁ = σ_w²·tanh′(0)² at q* = 0",
			1, math.NaN(), 1e-9},
		{"relu σ_b=0", reluAct, 0, 2, 0, "Hayou et al. 2019, Prop. 1: (σ_b, σ_w) = (0, √2)",
			2, math.NaN(), 1e-12},
		{"elu σ_b=1", eluAct, 1, 1.358 * 1.358, 0, "Hayou et al. 2019, Sec. 4: σ_w ≈ 1.358 (σ, not σ²)",
			1.8441020137248567, 21.777549922291420, 1e-9},
		{"elu σ_b=0.2", eluAct, 0.04, 1.229 * 1.229, 0, "Hayou et al. 2019, Sec. 4: σ_w ≈ 1.229",
			1.5110583261925856, 1.1069305403461101, 1e-9},
	}
	for _, tc := range tests {
		th := mustNew(t, tc.a)
		sw2, err := th.EOCWeightVariance(tc.sb2)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		q, err := th.FixedPoint(sw2, tc.sb2)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		t.Logf("%s: σ_w² = %.10g (σ_w = %.10g), q* = %.6g; published σ_w² %.4g [%s]", tc.name, sw2, math.Sqrt(sw2), q, tc.paperSw2, tc.source)
		if e := relErr(sw2, tc.paperSw2); e > 0.01 {
			t.Errorf("%s: σ_w² = %.6g, published %.6g (%s): rel. error %.2g > 1%%", tc.name, sw2, tc.paperSw2, tc.source, e)
		}
		if tc.paperQ != 0 {
			if e := relErr(q, tc.paperQ); e > 0.01 {
				t.Errorf("%s: q* = %.6g, published %.6g: rel. error %.2g > 1%%", tc.name, q, tc.paperQ, e)
			}
		}
		if e := relErr(sw2, tc.precise); e > tc.preciseTo {
			t.Errorf("%s: σ_w² = %.17g, mpmath %.17g: rel. error %.2g", tc.name, sw2, tc.precise, e)
		}
		if !math.IsNaN(tc.preciseQ) {
			if e := relErr(q, tc.preciseQ); e > tc.preciseTo {
				t.Errorf("%s: q* = %.17g, mpmath %.17g: rel. error %.2g", tc.name, q, tc.preciseQ, e)
			}
		}
		if chi, _, _ := th.Chi1(sw2, tc.sb2); math.Abs(chi-1) > 1e-9 {
			t.Errorf("%s: χ₁ = %.15g at the returned σ_w²", tc.name, chi)
		}
	}
}

// TestNoEOC: ReLU has no EOC for σ_b > 0 (Hayou et al. 2019, Prop. 1): χ₁ = σ_w²/2 reaches 1
// only where q* = σ_b²/(1 − σ_w²/2) diverges. A search range that excludes the root also
// reports ErrNoEOC.
func TestNoEOC(t *testing.T) {
	relu := mustNew(t, reluAct)
	for _, sb2 := range []float64{1e-12, 1e-6, 0.01, 1, 10} {
		if sw2, err := relu.EOCWeightVariance(sb2); !errors.Is(err, ErrNoEOC) {
			t.Errorf("relu σ_b² = %v: σ_w² = %v, err = %v, want ErrNoEOC", sb2, sw2, err)
		}
	}
	narrow, err := New(tanhAct, &Options{MinWeightVariance: 0.1, MaxWeightVariance: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	if sw2, err := narrow.EOCWeightVariance(0.05); !errors.Is(err, ErrNoEOC) {
		t.Errorf("tanh in [0.1, 1.5]: σ_w² = %v, err = %v, want ErrNoEOC", sw2, err)
	}
	if _, err := relu.EOCWeightVariance(-1); err == nil || errors.Is(err, ErrNoEOC) {
		t.Errorf("σ_b² = −1: err = %v, want an invalid-argument error", err)
	}
}

// TestEOCCurve: along the EOC χ₁ = 1 and σ_w² grows with σ_b² (tanh, ELU, hard tanh).
func TestEOCCurve(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Activation
	}{{"tanh", tanhAct}, {"elu", eluAct}, {"hardtanh", hardTanhAct}} {
		th := mustNew(t, tc.a)
		prev := 0.0
		for _, sb2 := range []float64{0, 0.01, 0.05, 0.2, 0.5, 1, 2} {
			sw2, err := th.EOCWeightVariance(sb2)
			if err != nil {
				t.Errorf("%s σ_b² = %v: %v", tc.name, sb2, err)
				continue
			}
			chi, _, err := th.Chi1(sw2, sb2)
			if err != nil || math.Abs(chi-1) > 1e-9 {
				t.Errorf("%s σ_b² = %v: χ₁(%v) = %v (err %v), want 1", tc.name, sb2, sw2, chi, err)
			}
			if !(sw2 >= prev) {
				t.Errorf("%s σ_b² = %v: σ_w² = %v below %v at the smaller σ_b²", tc.name, sb2, sw2, prev)
			}
			prev = sw2
		}
	}
}

// TestPhaseDiagram: shape, agreement with Chi1, NaN where q* diverges, ordered below and
// chaotic above the EOC.
func TestPhaseDiagram(t *testing.T) {
	th := mustNew(t, tanhAct)
	sw2s := []float64{0.5, 1.5, 2.5, 4}
	sb2s := []float64{0, 0.05, 0.3}
	g := th.PhaseDiagram(sw2s, sb2s)
	if len(g) != len(sb2s) || len(g[0]) != len(sw2s) {
		t.Fatalf("grid is %d×%d, want %d×%d", len(g), len(g[0]), len(sb2s), len(sw2s))
	}
	for i, sb2 := range sb2s {
		eoc, err := th.EOCWeightVariance(sb2)
		if err != nil {
			t.Fatal(err)
		}
		for j, sw2 := range sw2s {
			chi, _, _ := th.Chi1(sw2, sb2)
			if g[i][j] != chi {
				t.Errorf("grid[%d][%d] = %v, Chi1 = %v", i, j, g[i][j], chi)
			}
			if (sw2 < eoc) != (chi < 1) {
				t.Errorf("σ_w² = %v, σ_b² = %v: χ₁ = %v on the wrong side of the EOC %v", sw2, sb2, chi, eoc)
			}
		}
	}
	gr := mustNew(t, reluAct).PhaseDiagram([]float64{1, 3}, []float64{0.1})
	if math.Abs(gr[0][0]-0.5) > 1e-14 || !math.IsNaN(gr[0][1]) {
		t.Errorf("relu grid = %v, want [[0.5 NaN]]", gr)
	}
}

// TestEOCSwishBranches: Swish is bistable for small σ_b (q = small and q = ∞ both attract),
// so the EOC depends on the input variance Q0. With σ_b = 0 and Q0 → 0 the fixed point is
// q* = 0 and χ₁ = σ_w²·φ′(0)² = σ_w²/4, so the EOC is σ_w² = 4 (closed form); from Q0 = 1 the
// signal diverges (above the unstable fixed point) before χ₁ reaches 1. For σ_b² = 1 the
// fixed point is unique and the EOC does not depend on Q0.
func TestEOCSwishBranches(t *testing.T) {
	small, err := New(swishAct, &Options{Q0: 1e-9})
	if err != nil {
		t.Fatal(err)
	}
	unit := mustNew(t, swishAct)
	// Q0 itself shifts the boundary by O(Q0): the basin of q* = 0 shrinks to [0, q_u),
	// q_u ∝ 1 − σ_w²/4, as σ_w² → 4.
	if sw2, err := small.EOCWeightVariance(0); err != nil || math.Abs(sw2-4) > 1e-6 {
		t.Errorf("swish σ_b = 0, Q0 = 1e-9: σ_w² = %v (err %v), want 4", sw2, err)
	}
	if sw2, err := unit.EOCWeightVariance(0); !errors.Is(err, ErrNoEOC) {
		t.Errorf("swish σ_b = 0, Q0 = 1: σ_w² = %v, err = %v, want ErrNoEOC", sw2, err)
	}
	a, errA := small.EOCWeightVariance(1)
	b, errB := unit.EOCWeightVariance(1)
	if errA != nil || errB != nil || math.Abs(a-b) > 1e-9*b {
		t.Errorf("swish σ_b² = 1: σ_w² = %v (Q0 = 1e-9, err %v) and %v (Q0 = 1, err %v), want equal", a, errA, b, errB)
	}
	if chi, _, err := unit.Chi1(b, 1); err != nil || math.Abs(chi-1) > 1e-9 {
		t.Errorf("swish σ_b² = 1: χ₁(%v) = %v (err %v), want 1", b, chi, err)
	}
}
