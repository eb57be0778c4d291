package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Discordant counts the discordant pairs of two paired binary outcomes (x_i, y_i), success or
// not, measured on the same seeds: b pairs where x succeeded and y failed, c where y succeeded
// and x failed, out of n pairs. The difference of success rates is p̂_x − p̂_y = (b − c)/n.
// Samples of different lengths are an error.
func Discordant(x, y []bool) (b, c, n int, err error) {
	if len(x) != len(y) {
		return 0, 0, 0, fmt.Errorf("stats: paired outcomes have different lengths %d and %d", len(x), len(y))
	}
	for i := range x {
		switch {
		case x[i] && !y[i]:
			b++
		case !x[i] && y[i]:
			c++
		}
	}
	return b, c, len(x), nil
}

// McNemar is the exact (conditional) McNemar test of equal success rates for paired binary
// outcomes (McNemar 1947; statsmodels.stats.contingency_tables.mcnemar(exact=True)): given the
// b + c discordant pairs, b ~ Binomial(b + c, ½) under the null, and
//
//	p = min(1, 2·P(Binomial(b + c, ½) ≤ min(b, c)))
//
// p = 1 when b + c = 0 (no discordant pair: no evidence of a difference). Negative counts give
// NaN.
func McNemar(b, c int) float64 {
	if b < 0 || c < 0 {
		return math.NaN()
	}
	if b+c == 0 {
		return 1
	}
	k := float64(min(b, c))
	return math.Min(1, 2*distuv.Binomial{N: float64(b + c), P: 0.5}.CDF(k))
}

// TangoZ is Tango's score statistic for the null Δ = δ₀ on the difference of paired success
// rates Δ = p_x − p_y (Tango 1998, Statistics in Medicine 17:891–908), with b, c the
// discordant counts among n pairs:
//
//	Z(δ₀) = (b − c − n·δ₀) / √(n·(2q̃ + δ₀(1 − δ₀)))
//	q̃ = (√(B² − 4AC) − B)/(2A),  A = 2n,  B = −b − c + (2n − b + c)·δ₀,  C = −c·δ₀(1 − δ₀)
//
// where q̃ is the maximum-likelihood estimate of P(x = 0, y = 1) under the constraint Δ = δ₀,
// and the denominator is the variance of b − c under it: n·(p₁₀ + p₀₁ − δ₀²). Z decreases in
// δ₀ and is approximately standard normal under the null; unlike the Wald statistic it stays
// finite when b = c = 0. It is NaN for n < 1, b + c > n, negative counts or |δ₀| ≥ 1.
func TangoZ(b, c, n int, delta0 float64) float64 {
	if n < 1 || b < 0 || c < 0 || b+c > n || !(math.Abs(delta0) < 1) {
		return math.NaN()
	}
	nf, bf, cf := float64(n), float64(b), float64(c)
	A := 2 * nf
	B := -bf - cf + (2*nf-bf+cf)*delta0
	C := -cf * delta0 * (1 - delta0)
	q := (math.Sqrt(B*B-4*A*C) - B) / (2 * A)
	v := nf * (2*q + delta0*(1-delta0))
	num := bf - cf - nf*delta0
	if v <= 0 { // only when δ₀ = 0 and b = c = 0: no discordance, no evidence either way
		return 0
	}
	return num / math.Sqrt(v)
}

// TangoTOST is the two one-sided tests of equivalence of two paired success rates within
// ±margin, with Tango's score statistic (Tango 1998; TangoZ):
//
//	H0⁻: Δ ≤ −margin   pLower = 1 − Φ(Z(−margin))
//	H0⁺: Δ ≥ +margin   pUpper = Φ(Z(+margin))
//	p = max(pLower, pUpper)
//
// Tango's score test keeps close to its nominal size at small n. The paired t on the 0/1
// differences (or the Wald test) would declare equivalence from any sample without discordant
// pairs (zero spread, p = 0 at n = 2); here b = c = 0 gives Z(±m) = ∓√(n·m/(1 − m)), so
// equivalence within 10 points needs n ≥ 25 agreeing pairs. margin outside (0, 1) or invalid
// counts give NaN.
func TangoTOST(b, c, n int, margin float64) (pLower, pUpper, p float64) {
	if !(margin > 0 && margin < 1) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	std := distuv.UnitNormal
	pLower = std.Survival(TangoZ(b, c, n, -margin))
	pUpper = std.CDF(TangoZ(b, c, n, margin))
	return pLower, pUpper, math.Max(pLower, pUpper)
}
