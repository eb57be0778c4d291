package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// TOST is Schuirmann's two one-sided tests of equivalence of a paired mean difference within
// ±margin (Schuirmann 1987; statsmodels.stats.weightstats.ttost_paired). On the differences d
// with mean d̄, sample sd s and se = s/√n, on n − 1 degrees of freedom:
//
//	H0⁻: Δ ≤ −margin   t⁻ = (d̄ + margin)/se   pLower = 1 − F_t(t⁻)
//	H0⁺: Δ ≥ +margin   t⁺ = (d̄ − margin)/se   pUpper = F_t(t⁺)
//	p = max(pLower, pUpper)
//
// Equivalence is claimed at level α when p < α, which is the same as the 1 − 2α (90%) t interval
// lying inside (−margin, margin). Special cases: n < 2, NaN data, or a margin that is NaN or not
// positive give NaN. When s = 0 each one-sided p-value is 0 if d̄ lies strictly on the
// equivalence side of its bound and 1 otherwise (t = ±∞, or 0/0 at the bound).
func TOST(d []float64, margin float64) (pLower, pUpper, p float64) {
	n := len(d)
	m, s := momentsOf(d)
	if n < 2 || math.IsNaN(m) || math.IsNaN(s) || !(margin > 0) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	se := s / math.Sqrt(float64(n))
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}
	pLower = upperTail(m+margin, se, dist)
	pUpper = upperTail(margin-m, se, dist)
	return pLower, pUpper, math.Max(pLower, pUpper)
}

// upperTail is P(T ≥ num/se) for T with distribution dist; for se = 0 it is 0 when num > 0 and
// 1 otherwise.
func upperTail(num, se float64, dist distuv.StudentsT) float64 {
	if se == 0 {
		if num > 0 {
			return 0
		}
		return 1
	}
	return dist.Survival(num / se)
}
