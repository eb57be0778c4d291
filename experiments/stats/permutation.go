package stats

import (
	"math"
	"slices"
	"sort"

	"github.com/isingact/isingact/internal/rng"
)

// The sign-flip test enumerates all 2ⁿ sign vectors up to ExactSignFlipMax differences and
// draws SignFlipDraws random ones above, from rng.New(SignFlipSeed, "stats/sign-flip").
const (
	ExactSignFlipMax = 30
	SignFlipDraws    = 1 << 17
	SignFlipSeed     = 1
)

// SignFlipP is the two-sided exact sign-flip (paired permutation) p-value of mean(d) = 0
// (Fisher 1935, §21; scipy.stats.permutation_test with permutation_type="samples"). Under the
// null each difference is as likely to be +d_i as −d_i, so with S(σ) = Σ σ_i·d_i over the 2ⁿ
// sign vectors σ ∈ {±1}ⁿ,
//
//	p = #{σ : |S(σ)| ≥ |S(1)| − τ} / 2ⁿ,   τ = 10⁻¹²·Σ|d_i|
//
// The observed labelling (σ = 1) is one of the 2ⁿ, so p ≥ 1/2ⁿ (in fact ≥ 2/2ⁿ unless S(1) = 0,
// when p = 1). Ties count as extreme, the standard (conservative) choice; τ only absorbs
// rounding, since sums of the same numbers in different orders differ in the last bits.
// Counting is exact for n ≤ ExactSignFlipMax (meet in the middle: the 2^⌈n/2⌉ partial sums of
// each half, one half sorted, counted by binary search); above, SignFlipMC with SignFlipDraws
// draws and seed SignFlipSeed, so the same data always give the same p. n = 0 or NaN data give
// NaN.
func SignFlipP(d []float64) float64 {
	if len(d) == 0 || slices.ContainsFunc(d, math.IsNaN) {
		return math.NaN()
	}
	if len(d) > ExactSignFlipMax {
		return SignFlipMC(d, SignFlipDraws, SignFlipSeed)
	}
	thr := signFlipThreshold(d)
	if thr <= 0 {
		return 1
	}
	h := len(d) / 2
	a, b := signedSums(d[:h]), signedSums(d[h:])
	slices.Sort(b)
	var count int64
	for _, s := range a {
		// |s + t| ≥ thr  ⇔  t ≥ thr − s  or  t ≤ −thr − s (disjoint since thr > 0).
		count += int64(len(b) - sort.SearchFloat64s(b, thr-s))
		count += int64(upperBound(b, -thr-s))
	}
	return float64(count) / math.Ldexp(1, len(d))
}

// SignFlipMC is the Monte Carlo version of SignFlipP: draws random sign vectors from
// rng.New(seed, "stats/sign-flip"), and
//
//	p = (1 + #{extreme draws}) / (1 + draws)
//
// which counts the observed labelling among the draws and so is a valid p-value (Phipson and
// Smyth 2010), never 0. Its Monte Carlo standard error is about √(p(1 − p)/draws).
func SignFlipMC(d []float64, draws int, seed uint64) float64 {
	if len(d) == 0 || draws < 1 || slices.ContainsFunc(d, math.IsNaN) {
		return math.NaN()
	}
	thr := signFlipThreshold(d)
	if thr <= 0 {
		return 1
	}
	r := rng.New(seed, "stats/sign-flip")
	extreme := 0
	for range draws {
		var s float64
		var bits uint64
		for i, x := range d {
			if i%64 == 0 {
				bits = r.Uint64()
			}
			if bits&1 == 1 {
				x = -x
			}
			bits >>= 1
			s += x
		}
		if math.Abs(s) >= thr {
			extreme++
		}
	}
	return float64(1+extreme) / float64(1+draws)
}

// signFlipThreshold is |Σd_i| − τ with τ = 10⁻¹²·Σ|d_i| (see SignFlipP).
func signFlipThreshold(d []float64) float64 {
	var s, abs float64
	for _, x := range d {
		s += x
		abs += math.Abs(x)
	}
	return math.Abs(s) - 1e-12*abs
}

// signedSums returns Σ σ_i·d_i for all 2^len(d) sign vectors σ (bit i of the index set means
// σ_i = −1), each built from a smaller one by one addition.
func signedSums(d []float64) []float64 {
	out := make([]float64, 1<<len(d))
	for _, x := range d {
		out[0] += x
	}
	for mask := 1; mask < len(out); mask++ {
		low := mask & -mask
		i := 0
		for 1<<i != low {
			i++
		}
		out[mask] = out[mask^low] - 2*d[i]
	}
	return out
}

// upperBound is the number of elements of the sorted slice b that are ≤ v.
func upperBound(b []float64, v float64) int {
	return sort.Search(len(b), func(i int) bool { return b[i] > v })
}
