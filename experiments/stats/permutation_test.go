package stats

import (
	"fmt"
	"math"
	"testing"

	"github.com/isingact/isingact/internal/rng"
)

// bruteSignFlip enumerates the 2ⁿ sign vectors one by one (the definition, independent of the
// meet-in-the-middle counting of SignFlipP).
func bruteSignFlip(d []float64) float64 {
	var obs, abs float64
	for _, x := range d {
		obs += x
		abs += math.Abs(x)
	}
	count := 0
	for mask := 0; mask < 1<<len(d); mask++ {
		var s float64
		for i, x := range d {
			if mask>>i&1 == 1 {
				x = -x
			}
			s += x
		}
		if math.Abs(s) >= math.Abs(obs)-1e-12*abs {
			count++
		}
	}
	return float64(count) / math.Ldexp(1, len(d))
}

// randomDiffs draws n differences quantised to 1e-4 (accuracy differences on 10 000 images), so
// ties between sign vectors are common.
func randomDiffs(r interface{ IntN(int) int }, n int) []float64 {
	d := make([]float64, n)
	for i := range d {
		d[i] = float64(r.IntN(41)-18) * 1e-4
	}
	return d
}

// TestSignFlipProperties: SignFlipP equals brute-force enumeration, lies in [1/2ⁿ, 1], and is the
// same for x − y and y − x (swapping the samples).
func TestSignFlipProperties(t *testing.T) {
	r := rng.New(2, "sign-flip-properties")
	for trial := range 300 {
		n := 1 + r.IntN(14)
		d := randomDiffs(r, n)
		p := SignFlipP(d)
		if want := bruteSignFlip(d); p != want {
			t.Errorf("trial %d: SignFlipP(%v) = %v, brute force %v", trial, d, p, want)
		}
		if p < math.Ldexp(1, -n) || p > 1 {
			t.Errorf("trial %d: p = %v outside [1/2^%d, 1]", trial, p, n)
		}
		neg := make([]float64, n)
		for i, x := range d {
			neg[i] = -x
		}
		if q := SignFlipP(neg); q != p {
			t.Errorf("trial %d: p(x − y) = %v but p(y − x) = %v", trial, p, q)
		}
	}
}

// TestSignFlipSpecialCases: the smallest possible p, all-zero differences, empty and NaN input.
func TestSignFlipSpecialCases(t *testing.T) {
	d := make([]float64, 20)
	for i := range d {
		d[i] = 0.001 * float64(i+1)
	}
	// All positive: only σ = 1 and σ = −1 reach |Σd|.
	if p := SignFlipP(d); p != 2/math.Ldexp(1, 20) {
		t.Errorf("all-positive n = 20: p = %v, want 2/2^20", p)
	}
	if p := SignFlipP([]float64{0, 0, 0}); p != 1 {
		t.Errorf("zero differences: p = %v, want 1", p)
	}
	for _, d := range [][]float64{nil, {0.1, math.NaN()}} {
		if p := SignFlipP(d); !math.IsNaN(p) {
			t.Errorf("SignFlipP(%v) = %v, want NaN", d, p)
		}
	}
}

// TestSignFlipMC: the Monte Carlo p-value agrees with the exact one within 5 Monte Carlo standard
// errors at n = 20, is reproducible for a seed, and SignFlipP switches to it above
// ExactSignFlipMax with the documented draws and seed.
func TestSignFlipMC(t *testing.T) {
	r := rng.New(3, "sign-flip-mc")
	for trial := range 5 {
		d := randomDiffs(r, 20)
		exact := SignFlipP(d)
		const draws = 20000
		mc := SignFlipMC(d, draws, uint64(trial))
		se := math.Sqrt(exact*(1-exact)/draws) + 1.0/draws
		if math.Abs(mc-exact) > 5*se {
			t.Errorf("trial %d: Monte Carlo p = %v, exact %v (se %v)", trial, mc, exact, se)
		}
		if again := SignFlipMC(d, draws, uint64(trial)); again != mc {
			t.Errorf("trial %d: Monte Carlo p not reproducible: %v then %v", trial, mc, again)
		}
	}
	d := randomDiffs(r, ExactSignFlipMax+1)
	if p, want := SignFlipP(d), SignFlipMC(d, SignFlipDraws, SignFlipSeed); p != want {
		t.Errorf("n = %d: SignFlipP = %v, want the Monte Carlo %v", len(d), p, want)
	}
}

var sinkP float64

func BenchmarkSignFlipP(b *testing.B) {
	for _, n := range []int{10, 20, 30} {
		d := randomDiffs(rng.New(4, "bench"), n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				sinkP = SignFlipP(d)
			}
		})
	}
}
