package stats

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// Interval is a confidence interval with what a table needs to print it honestly: the method,
// the sample size, and whether it was clipped to the range of the quantity. Lo and Hi are NaN
// when there is no interval (n = 1 for a t interval, n = 0 for any).
type Interval struct {
	Lo, Hi  float64
	N       int
	Method  string // "wilson", "t", "tango"
	Clipped bool   // the t interval reached outside [0, 1] and was cut at the bound
}

// Defined reports whether the interval exists (both bounds are numbers).
func (iv Interval) Defined() bool { return !math.IsNaN(iv.Lo) && !math.IsNaN(iv.Hi) }

// Text formats the interval for a table, scaled by scale (100 for percent) with digits decimals:
// "[95.12, 97.33]", with " (clipped)" appended when it was cut at a bound, or
// "n = 1, no interval" (and "n = 0, no interval") when there is none.
func (iv Interval) Text(scale float64, digits int) string {
	if !iv.Defined() {
		return fmt.Sprintf("n = %d, no interval", iv.N)
	}
	f := func(v float64) string { return strconv.FormatFloat(v*scale, 'f', digits, 64) }
	s := "[" + f(iv.Lo) + ", " + f(iv.Hi) + "]"
	if iv.Clipped {
		s += " (clipped)"
	}
	return s
}

// String is Text(1, 4).
func (iv Interval) String() string { return iv.Text(1, 4) }

// WilsonInterval is Wilson's score interval at confidence conf for k successes in n trials
// (Wilson 1927; statsmodels proportion_confint(method="wilson")):
//
//	p̂ = k/n,  z = Φ⁻¹((1 + conf)/2)
//	(p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)
//
// It lies inside [0, 1] by construction and is not degenerate at k = 0 or k = n (it is exactly
// 0 at k = 0 and 1 at k = n); n = 1 has a genuine interval. n < 1, k outside 0 … n, or conf
// outside (0, 1) give NaN bounds.
func WilsonInterval(k, n int, conf float64) Interval {
	iv := Interval{Lo: math.NaN(), Hi: math.NaN(), N: n, Method: "wilson"}
	if n < 1 || k < 0 || k > n || !(conf > 0 && conf < 1) {
		return iv
	}
	z := distuv.UnitNormal.Quantile((1 + conf) / 2)
	nf, p := float64(n), float64(k)/float64(n)
	z2n := z * z / nf
	c := (p + z2n/2) / (1 + z2n)
	h := z * math.Sqrt(p*(1-p)/nf+z2n/(4*nf)) / (1 + z2n)
	iv.Lo, iv.Hi = math.Max(0, c-h), math.Min(1, c+h)
	if k == 0 {
		iv.Lo = 0
	}
	if k == n {
		iv.Hi = 1
	}
	return iv
}

// ClippedT is the t interval of the mean of xs, values that live in [0, 1] (accuracies as
// fractions), cut at 0 and 1 and marked Clipped when it reached past them:
//
//	x̄ ± t_{(1+conf)/2}(n − 1)·s/√n,  then  [max(0, lo), min(1, hi)]
//
// A sample of one has no spread and so no interval: NaN bounds, which Text prints as
// "n = 1, no interval" (not the zero-width [x, x] that looks exact). n = 0, NaN values or conf
// outside (0, 1) also give NaN bounds.
func ClippedT(xs []float64, conf float64) Interval {
	iv := Interval{Lo: math.NaN(), Hi: math.NaN(), N: len(xs), Method: "t"}
	m, s := momentsOf(xs)
	if len(xs) < 2 || math.IsNaN(m) || math.IsNaN(s) || !(conf > 0 && conf < 1) {
		return iv
	}
	h := studentQuantile((1+conf)/2, float64(len(xs)-1)) * s / math.Sqrt(float64(len(xs)))
	iv.Lo, iv.Hi = m-h, m+h
	if iv.Lo < 0 {
		iv.Lo, iv.Clipped = 0, true
	}
	if iv.Hi > 1 {
		iv.Hi, iv.Clipped = 1, true
	}
	return iv
}

// TangoInterval is the score interval of the difference of paired success rates
// Δ = p_x − p_y at confidence conf, from the discordant counts b, c among n pairs (Tango 1998;
// see TangoZ): the set of δ₀ that the two-sided score test does not reject,
//
//	{δ₀ ∈ [−1, 1] : −z ≤ Z(δ₀) ≤ z},  z = Φ⁻¹((1 + conf)/2)
//
// found by bisection on Z, which decreases in δ₀. It stays in [−1, 1] and is not degenerate at
// b = c = 0. Invalid counts or conf give NaN bounds.
func TangoInterval(b, c, n int, conf float64) Interval {
	iv := Interval{Lo: math.NaN(), Hi: math.NaN(), N: n, Method: "tango"}
	if math.IsNaN(TangoZ(b, c, n, 0)) || !(conf > 0 && conf < 1) {
		return iv
	}
	z := distuv.UnitNormal.Quantile((1 + conf) / 2)
	// Z(δ₀) − level decreases from +∞ near δ₀ = −1 to −∞ near 1 (or reaches the bound).
	root := func(level float64) float64 {
		lo, hi := -1.0, 1.0
		for range 200 {
			mid := lo + (hi-lo)/2
			if mid == lo || mid == hi {
				break
			}
			if TangoZ(b, c, n, mid) > level {
				lo = mid
			} else {
				hi = mid
			}
		}
		return lo + (hi-lo)/2
	}
	iv.Lo, iv.Hi = root(z), root(-z)
	return iv
}
