package signal

import (
	"math"
	"testing"
)

// TestCorrelationMapReLU: at q* the ReLU correlation map is the degree-1 arc-cosine kernel,
// C(c) = σ_w²·(√(1−c²) + (π − arccos c)·c)/(2π) + σ_b²/q* (Cho & Saul 2009), and its slope
// the degree-0 kernel, σ_w²·(π − arccos c)/(2π).
func TestCorrelationMapReLU(t *testing.T) {
	th := mustNew(t, reluAct)
	const sw2, sb2 = 1.5, 0.1
	q, err := th.FixedPoint(sw2, sb2)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []float64{-1, -0.6, 0, 0.3, 0.8, 1} {
		want := sw2*arcCos1(c) + sb2/q
		if got := th.CorrelationMap(c, q, sw2, sb2); math.Abs(got-want) > 1e-14 {
			t.Errorf("C(%v) = %.17g, want %.17g", c, got, want)
		}
		ws := sw2 * arcCos0(c)
		if got := th.CorrelationSlope(c, q, sw2); math.Abs(got-ws) > 1e-14 {
			t.Errorf("C′(%v) = %.17g, want %.17g", c, got, ws)
		}
	}
}

// TestCorrelationMapProperties: C(1) = 1 at q*, the slope (Price's theorem) matches central
// differences, the slope at c = 1 is χ₁.
func TestCorrelationMapProperties(t *testing.T) {
	for _, tc := range []struct {
		name     string
		a        Activation
		sw2, sb2 float64
	}{
		{"tanh ordered", tanhAct, 1.2, 0.05}, {"tanh chaotic", tanhAct, 4, 0.05},
		{"elu", eluAct, 1.7, 0.5}, {"hardtanh", hardTanhAct, 2, 0.1}, {"relu", reluAct, 1.9, 0.3},
	} {
		th := mustNew(t, tc.a)
		chi, q, err := th.Chi1(tc.sw2, tc.sb2)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := th.CorrelationMap(1, q, tc.sw2, tc.sb2); math.Abs(got-1) > 1e-11 {
			t.Errorf("%s: C(1) = %.15g at q*, want 1", tc.name, got)
		}
		if got := th.CorrelationSlope(1, q, tc.sw2); math.Abs(got-chi) > 1e-13 {
			t.Errorf("%s: C′(1) = %.15g, want χ₁ = %.15g", tc.name, got, chi)
		}
		for _, c := range []float64{-0.5, 0.2, 0.7} {
			const h = 1e-5
			fd := (th.CorrelationMap(c+h, q, tc.sw2, tc.sb2) - th.CorrelationMap(c-h, q, tc.sw2, tc.sb2)) / (2 * h)
			if got := th.CorrelationSlope(c, q, tc.sw2); math.Abs(got-fd) > 1e-7 {
				t.Errorf("%s: C′(%v) = %.12g, finite difference %.12g", tc.name, c, got, fd)
			}
		}
	}
}

func TestCorrelationFixedPoint(t *testing.T) {
	tests := []struct {
		name     string
		a        Activation
		sw2, sb2 float64
		want     float64 // NaN: check the residual and stability only
		source   string
	}{
		{"tanh ordered", tanhAct, 1.2, 0.05, 1, "χ₁ < 1: c* = 1"},
		{"relu ordered", reluAct, 1.5, 0.1, 1, "χ₁ = 0.75 < 1"},
		{"tanh odd chaotic", tanhAct, 2.5, 0, 0, "odd φ, σ_b = 0: C(0) = 0"},
		{"tanh chaotic", tanhAct, 4, 0.05, math.NaN(), "residual"},
		{"hardtanh chaotic", hardTanhAct, 6, 0.2, math.NaN(), "residual"},
	}
	for _, tc := range tests {
		th := mustNew(t, tc.a)
		q, err := th.FixedPoint(tc.sw2, tc.sb2)
		if err != nil {
			t.Fatal(err)
		}
		c, err := th.CorrelationFixedPoint(q, tc.sw2, tc.sb2)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !math.IsNaN(tc.want) {
			if math.Abs(c-tc.want) > 1e-10 {
				t.Errorf("%s: c* = %.15g, want %v (%s)", tc.name, c, tc.want, tc.source)
			}
			continue
		}
		if r := math.Abs(th.CorrelationMap(c, q, tc.sw2, tc.sb2) - c); !(c < 1) || r > 1e-10 {
			t.Errorf("%s: c* = %v, residual %.2g", tc.name, c, r)
		}
		if s := th.CorrelationSlope(c, q, tc.sw2); !(s >= 0 && s < 1) {
			t.Errorf("%s: C′(c*) = %v, want in [0, 1)", tc.name, s)
		}
	}
	if _, err := mustNew(t, tanhAct).CorrelationFixedPoint(-1, 1, 0); err == nil {
		t.Error("CorrelationFixedPoint(q = −1) succeeded")
	}
}

func TestDepthScales(t *testing.T) {
	// ReLU with σ_b = 0, σ_w² = 1.5: q* = 0, L′ = C′(1) = σ_w²/2, ξ = −1/ln(3/4).
	ds, err := mustNew(t, reluAct).DepthScales(1.5, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := -1 / math.Log(0.75)
	if relErr(ds.XiC, want) > 1e-13 || relErr(ds.XiQ, want) > 1e-13 || ds.CStar != 1 {
		t.Errorf("relu: %+v, want ξ_q = ξ_c = %v, c* = 1", ds, want)
	}
	// On the edge of chaos ξ_c diverges.
	th := mustNew(t, tanhAct)
	sw2, err := th.EOCWeightVariance(0.05)
	if err != nil {
		t.Fatal(err)
	}
	if ds, err = th.DepthScales(sw2, 0.05); err != nil || ds.XiC < 1e6 {
		t.Errorf("tanh at the EOC: ξ_c = %v (err %v), want ≥ 1e6", ds.XiC, err)
	}
	// ξ_c grows towards the EOC from both sides and is finite off it.
	prev := 0.0
	for _, s := range []float64{1.2, 1.5, 1.7} {
		ds, err := th.DepthScales(s, 0.05)
		if err != nil || !(ds.XiC > prev) || math.IsInf(ds.XiC, 0) {
			t.Errorf("tanh σ_w² = %v: ξ_c = %v (err %v), want finite and > %v", s, ds.XiC, err, prev)
		}
		prev = ds.XiC
	}
	prev = 0.0
	for _, s := range []float64{4, 2.5, 1.9} {
		ds, err := th.DepthScales(s, 0.05)
		if err != nil || !(ds.XiC > prev) || math.IsInf(ds.XiC, 0) || !(ds.CStar < 1) {
			t.Errorf("tanh σ_w² = %v: %+v (err %v), want c* < 1 and finite ξ_c > %v", s, ds, err, prev)
		}
		prev = ds.XiC
	}
	if _, err := mustNew(t, reluAct).DepthScales(3, 0.1); err == nil {
		t.Error("relu DepthScales(3, 0.1) succeeded without a fixed point")
	}
}
