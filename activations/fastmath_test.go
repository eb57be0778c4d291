package activations

import (
	"math"
	"testing"
)

// The fast float32-path functions against the math package (the reference), on dense sweeps
// (expFast only up to 709: math.Exp on amd64 already overflows at 709.44 < ln(MaxFloat64))
// of their ranges. Their documented bound is 1e-9 relative (the
// table-based softplusTail and its users: 1e-9 absolute); float32 resolves 6e-8.
func TestFastMath(t *testing.T) {
	cases := []struct {
		name    string
		fast    func(float64) float64
		ref     func(float64) float64
		lo, hi  float64
		relTol  float64
		absTol  float64
		samples int
	}{
		{"expFast", expFast, math.Exp, -708, 709, 1e-10, 0, 200001},
		{"expFast small", expFast, math.Exp, -2, 2, 1e-10, 0, 40001},
		{"logisticFast", logisticFast, logistic, -60, 60, 1e-9, 0, 120001},
		{"softplusTail", softplusTail, func(u float64) float64 { return math.Log1p(math.Exp(-u)) }, 0, 40, 0, 1e-9, 400001},
		{"ln cosh via softplusTail", func(z float64) float64 { return math.Abs(z) + softplusTail(2*math.Abs(z)) - math.Ln2 }, func(z float64) float64 { return math.Log(math.Cosh(z)) }, -300, 300, 1e-9, 1e-9, 60001},
		{"softplusTail far", softplusTail, func(u float64) float64 { return math.Log1p(math.Exp(-u)) }, 20, 700, 1e-9, 0, 100001},
	}
	for _, c := range cases {
		worst := 0.0
		for i := range c.samples {
			x := c.lo + (c.hi-c.lo)*float64(i)/float64(c.samples-1)
			got, want := c.fast(x), c.ref(x)
			err := math.Abs(got - want)
			if err > c.relTol*math.Abs(want)+c.absTol {
				t.Errorf("%s(%v) = %v, want %v (rel err %.3g)", c.name, x, got, want, err/math.Abs(want))
				break
			}
			if want != 0 {
				worst = max(worst, err/math.Abs(want))
			}
		}
		t.Logf("%s: worst relative error %.3g", c.name, worst)
	}
	// Limits and special values.
	specials := []struct {
		name      string
		got, want float64
	}{
		{"expFast(0)", expFast(0), 1},
		{"expFast(800)", expFast(800), math.Inf(1)},
		{"expFast(-800)", expFast(-800), 0},
		{"expFast(-Inf)", expFast(math.Inf(-1)), 0},
		{"logisticFast(-800)", logisticFast(-800), 0},
		{"logisticFast(800)", logisticFast(800), 1},
	}
	for _, s := range specials {
		if s.got != s.want {
			t.Errorf("%s = %v, want %v", s.name, s.got, s.want)
		}
	}
	if !math.IsNaN(expFast(math.NaN())) {
		t.Errorf("expFast(NaN) = %v, want NaN", expFast(math.NaN()))
	}
}

// TestExp2Table checks the table of 2^(j/64) against math.Exp2 (within one ulp).
func TestExp2Table(t *testing.T) {
	for j, v := range exp2Table {
		want := math.Exp2(float64(j) / 64)
		if math.Abs(v-want) > 0x1p-52*want {
			t.Errorf("exp2Table[%d] = %v, want %v", j, v, want)
		}
	}
}
