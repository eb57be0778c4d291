package stats

import (
	"math"
	"testing"
)

// TestWilsonIntervalReference checks WilsonInterval against statsmodels 0.13.5
// proportion_confint(k, n, alpha=1−conf, method="wilson") via testdata/ref.py. Agreement 1e-12.
func TestWilsonIntervalReference(t *testing.T) {
	for _, tc := range []struct {
		k, n         int
		conf, lo, hi float64
	}{
		{0, 10, 0.95, 0.0, 0.2775327998628892},
		{1, 1, 0.95, 0.20654931437723745, 1.0},
		{0, 1, 0.95, 0.0, 0.7934506856227626},
		{7, 10, 0.95, 0.39677814746114537, 0.8922087325936989},
		{44, 100, 0.95, 0.34672026630160796, 0.5377189534832302},
		{100, 100, 0.95, 0.9630065017930143, 1.0},
		{55, 100, 0.95, 0.45244602997442135, 0.6438546202048803},
		{3, 7, 0.9, 0.186443190363956, 0.7105229089864071},
		{9812, 10000, 0.95, 0.9783473383077018, 0.983683101660359},
	} {
		iv := WilsonInterval(tc.k, tc.n, tc.conf)
		if !agrees(iv.Lo, tc.lo, 1e-12) || !agrees(iv.Hi, tc.hi, 1e-12) {
			t.Errorf("WilsonInterval(%d, %d, %v) = %v, want [%.17g, %.17g]", tc.k, tc.n, tc.conf, iv, tc.lo, tc.hi)
		}
		if iv.Lo < 0 || iv.Hi > 1 || iv.N != tc.n || iv.Method != "wilson" || !iv.Defined() {
			t.Errorf("WilsonInterval(%d, %d, %v) = %+v, want a defined interval in [0, 1]", tc.k, tc.n, tc.conf, iv)
		}
	}
	for _, tc := range []struct{ k, n int }{{0, 0}, {-1, 5}, {6, 5}} {
		if iv := WilsonInterval(tc.k, tc.n, 0.95); iv.Defined() {
			t.Errorf("WilsonInterval(%d, %d) = %v, want no interval", tc.k, tc.n, iv)
		}
	}
}

// TestClippedTReference checks ClippedT against testdata/ref.py's t interval computed with
// mpmath (40 digits; scipy 1.10.1 stats.t.interval agrees only to 1e-8 because its t.ppf is off
// by up to 2.3e-9), clipped here to [0, 1]. Agreement 1e-12.
func TestClippedTReference(t *testing.T) {
	for _, tc := range []struct {
		xs           []float64
		conf, lo, hi float64
	}{
		{[]float64{0.9, 0.95, 0.99}, 0.95, 0.8346506930397847, 1.0586826402935487},
		{[]float64{0.99, 0.999, 1.0, 0.998}, 0.95, 0.9894725818938687, 1.0040274181061313},
		{[]float64{0.1, 0.5}, 0.95, -2.241240947234939, 2.8412409472349385},
		{[]float64{0.6, 0.7, 0.65, 0.72, 0.68}, 0.9, 0.6252820045511501, 0.7147179954488498},
		{[]float64{0.0, 0.02, 0.01}, 0.95, -0.0148413771175033, 0.0348413771175033},
	} {
		iv := ClippedT(tc.xs, tc.conf)
		lo, hi := math.Max(0, tc.lo), math.Min(1, tc.hi)
		clipped := tc.lo < 0 || tc.hi > 1
		if !agrees(iv.Lo, lo, 1e-12) || !agrees(iv.Hi, hi, 1e-12) || iv.Clipped != clipped {
			t.Errorf("ClippedT(%v, %v) = %+v, want [%.17g, %.17g] clipped %v", tc.xs, tc.conf, iv, lo, hi, clipped)
		}
	}
}

// TestIntervalText: how a table prints intervals, including the n = 1 case of issue 11 (a t
// interval of one value is not [x, x]).
func TestIntervalText(t *testing.T) {
	for _, tc := range []struct {
		iv     Interval
		scale  float64
		digits int
		want   string
	}{
		{ClippedT([]float64{0.97}, 0.95), 100, 2, "n = 1, no interval"},
		{ClippedT(nil, 0.95), 100, 2, "n = 0, no interval"},
		{ClippedT([]float64{0.1, 0.5}, 0.95), 100, 2, "[0.00, 100.00] (clipped)"},
		{ClippedT([]float64{0.6, 0.7, 0.65, 0.72, 0.68}, 0.9), 100, 2, "[62.53, 71.47]"},
		{WilsonInterval(44, 100, 0.95), 1, 4, "[0.3467, 0.5377]"},
		{WilsonInterval(1, 1, 0.95), 100, 1, "[20.7, 100.0]"},
	} {
		if got := tc.iv.Text(tc.scale, tc.digits); got != tc.want {
			t.Errorf("%+v.Text(%v, %d) = %q, want %q", tc.iv, tc.scale, tc.digits, got, tc.want)
		}
	}
	if got := ClippedT([]float64{0.97, math.NaN()}, 0.95); got.Defined() {
		t.Errorf("ClippedT with a NaN value = %v, want no interval", got)
	}
}
