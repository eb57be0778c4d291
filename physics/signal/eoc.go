package signal

import (
	"errors"
	"fmt"
	"math"
)

// ErrNoEOC is returned (wrapped) when an activation has no edge of chaos for the given σ_b²:
// no σ_w² in the search range with a finite fixed point q* and χ₁ = 1. ReLU with σ_b > 0 is
// the standard example (Hayou et al. 2019, Prop. 1): χ₁ = σ_w²/2 reaches 1 only where q*
// diverges.
var ErrNoEOC = errors.New("signal: no edge of chaos")

// eocScan is the number of σ_w² values, log-spaced over the search range, scanned for a sign
// change of χ₁ − 1 before it is polished.
const eocScan = 97

// EOCWeightVariance returns the σ_w² on the edge of chaos for the bias variance σ_b²: the
// root of χ₁(σ_w², σ_b²) = 1 at which the length map has a finite fixed point q*
// (Schoenholz et al. 2017, Sec. 3; Hayou et al. 2019, Def. 2).
//
// It scans σ_w² log-spaced over [MinWeightVariance, MaxWeightVariance] and polishes the first
// sign change of χ₁ − 1 by Brent's method (relative tolerance 1e-12). Where q* ceases to exist
// (L(q) > q for all large q, as for unbounded φ with σ_w² large) the scan stops: the boundary
// is located by bisection, and it is the edge of chaos only when χ₁ → 1 there while q* stays
// bounded (ReLU with σ_b = 0: q* = 0 below σ_w² = 2, EOC at σ_w² = 2). When χ₁ → 1 only as
// q* → ∞ (ReLU with σ_b > 0), when χ₁ never crosses 1, or when it jumps across 1 because the
// fixed point reached from Q0 changes branch (see FixedPoint), the error wraps ErrNoEOC.
//
// The weights of the matching network are drawn N(0, σ_w²/fan_in) and the biases N(0, σ_b²).
func (t *Theory) EOCWeightVariance(sb2 float64) (float64, error) {
	if err := checkVariances(1, sb2); err != nil {
		return math.NaN(), err
	}
	lo, hi := t.opt.MinWeightVariance, t.opt.MaxWeightVariance
	step := math.Pow(hi/lo, 1/float64(eocScan-1))
	f := func(sw2 float64) float64 {
		chi, _, err := t.Chi1(sw2, sb2)
		if err != nil {
			return math.NaN()
		}
		return chi - 1
	}
	polish := func(a, b, fa, fb float64) (float64, error) {
		r := brent(f, a, b, fa, fb, 1e-12*b)
		if fr := f(r); !(math.Abs(fr) < 1e-6) {
			// The bracket shrank onto a jump of χ₁ across 1: the fixed point reached from
			// Q0 changes branch (or ceases to exist) there.
			return math.NaN(), fmt.Errorf("%w for σ_b² = %v: χ₁ jumps across 1 at σ_w² = %.10g (χ₁ − 1 = %.3g there), "+
				"where the fixed point reached from Q0 = %v changes branch", ErrNoEOC, sb2, r, fr, t.opt.Q0)
		}
		return r, nil
	}
	var prev, fprev float64
	prevOK := false
	minChi, maxChi := math.Inf(1), math.Inf(-1)
	for k := range eocScan {
		sw2 := lo * math.Pow(step, float64(k))
		if k == eocScan-1 {
			sw2 = hi
		}
		chi, _, err := t.Chi1(sw2, sb2)
		if err != nil {
			if !errors.Is(err, ErrNoFixedPoint) {
				return math.NaN(), err
			}
			if prevOK {
				return t.eocAtBoundary(sb2, prev, fprev, sw2, f, polish)
			}
			continue
		}
		fc := chi - 1
		minChi, maxChi = math.Min(minChi, chi), math.Max(maxChi, chi)
		if fc == 0 {
			return sw2, nil
		}
		if prevOK && (fc > 0) != (fprev > 0) {
			return polish(prev, sw2, fprev, fc)
		}
		prev, fprev, prevOK = sw2, fc, true
	}
	return math.NaN(), fmt.Errorf("%w for σ_b² = %v: χ₁ stays in [%.4g, %.4g] for σ_w² in [%g, %g]",
		ErrNoEOC, sb2, minChi, maxChi, lo, hi)
}

// eocAtBoundary handles a scan that stepped from sw2 = a (fixed point exists, χ₁ − 1 = fa)
// to b (no fixed point).
func (t *Theory) eocAtBoundary(sb2, a, fa, b float64, f func(float64) float64,
	polish func(a, b, fa, fb float64) (float64, error)) (float64, error) {
	left := a
	// Bisect the existence boundary to float resolution.
	for range 200 {
		m := (a + b) / 2
		if m <= a || m >= b {
			break
		}
		if _, err := t.FixedPoint(m, sb2); err != nil {
			b = m
		} else {
			a = m
		}
	}
	// χ₁ may cross 1 in the last scan step, where the coarse scan cannot see it (ELU: χ₁ > 1
	// on (1.844, 2) for σ_b² = 1, q* → ∞ at 2): rescan [left, a] at distances from b halving
	// down to 2⁻⁴⁰ of the step.
	pa, fpa := left, fa
	for k := 1; k <= 40; k++ {
		x := b - (b-left)*math.Ldexp(1, -k)
		if x <= pa || x >= a {
			break
		}
		fx := f(x)
		if math.IsNaN(fx) {
			break
		}
		if fx == 0 {
			return x, nil
		}
		if (fx > 0) != (fpa > 0) {
			return polish(pa, x, fpa, fx)
		}
		pa, fpa = x, fx
	}
	fb := f(a)
	if !(math.Abs(fb) < 1e-6) {
		return math.NaN(), fmt.Errorf("%w for σ_b² = %v: q* diverges beyond σ_w² = %.12g where χ₁ = %.6g",
			ErrNoEOC, sb2, b, fb+1)
	}
	// χ₁ → 1 at the boundary: the edge of chaos only if q* stays bounded there. Where it
	// diverges (q* ∝ 1/(b − σ_w²) for ReLU with σ_b > 0) it grows by ≥ 3 per factor 100 in
	// the distance to b.
	var qs [3]float64
	for i, d := range []float64{1e-4, 1e-6, 1e-8} {
		q, err := t.FixedPoint(b*(1-d), sb2)
		if err != nil {
			q = math.Inf(1)
		}
		qs[i] = q
	}
	if qs[1] > 3*qs[0] && qs[2] > 3*qs[1] {
		return math.NaN(), fmt.Errorf("%w for σ_b² = %v: χ₁ → 1 only as q* → ∞ (at σ_w² = %.12g)",
			ErrNoEOC, sb2, b)
	}
	return a, nil
}

// PhaseDiagram returns χ₁ on a grid: grid[i][j] = χ₁(sw2s[j], sb2s[i]), rows along σ_b² and
// columns along σ_w², NaN where the length map has no finite fixed point or the variances are
// invalid. χ₁ < 1 is the ordered phase, χ₁ > 1 the chaotic one.
func (t *Theory) PhaseDiagram(sw2s, sb2s []float64) [][]float64 {
	grid := make([][]float64, len(sb2s))
	for i, sb2 := range sb2s {
		grid[i] = make([]float64, len(sw2s))
		for j, sw2 := range sw2s {
			chi, _, err := t.Chi1(sw2, sb2)
			if err != nil {
				chi = math.NaN()
			}
			grid[i][j] = chi
		}
	}
	return grid
}
