package physics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// GaussRule computes Gaussian averages over quench noise,
//
//	E[f(x + σξ)] = ∫ φ(ξ)·f(x + σξ) dξ,	ξ ~ N(0, 1), φ(ξ) = e^(−ξ²/2)/√(2π),
//
// the population (Wilson–Cowan) transfer function of a unit whose quenches fluctuate about x
// (section 3.1 of the founding paper: a step averaged over Gaussian thresholds gives the
// sigmoid-like Φ(x/σ); a ReLU gives x·Φ(x/σ) + σ·φ(x/σ)). The nodes are computed once by
// NewGaussRule; the methods allocate nothing and are safe for concurrent use.
//
// Average uses n-point Gauss–Hermite quadrature (gonum's quad.Hermite, weight e^(−z²), with
// ξ = √2·z): exact for polynomials of degree < 2n and exponentially accurate for smooth f, but
// only algebraically for f with a kink or jump (measured in the tests, step at x = 0.3σ:
// worst error over x ∈ [−4σ, 4σ] 0.13 at n = 16, 0.07 at n = 64, 0.04 at n = 200; ReLU: 0.017σ,
// 0.005σ, 0.0012σ).
// AverageKink splits the integral at the kink and is accurate to about 1e-14 for piecewise
// smooth f (about 1e-10 with a square-root onset).
type GaussRule struct {
	hx, hw []float64 // Gauss–Hermite: ξ nodes √2·z_i and weights w_i/√π
	lx, lw []float64 // Gauss–Legendre on [−1, 1] for AverageKink's pieces
}

// gaussLegendrePoints is the Gauss–Legendre order on each piece of AverageKink.
const gaussLegendrePoints = 24

// gaussCut is where AverageKink truncates the Gaussian: ∫_{|ξ|>12} |ξ|^k φ is below 1e-30 for
// k ≤ 3.
const gaussCut = 12

// NewGaussRule precomputes an n-point Gauss–Hermite rule (1 ≤ n ≤ 1000; n ≥ 64 is advisable
// for f with kinks, see GaussRule) and the Legendre rule of AverageKink.
func NewGaussRule(n int) (*GaussRule, error) {
	if n < 1 || n > 1000 {
		return nil, fmt.Errorf("physics: NewGaussRule: need 1 ≤ n ≤ 1000 nodes, got %d", n)
	}
	r := &GaussRule{
		hx: make([]float64, n), hw: make([]float64, n),
		lx: make([]float64, gaussLegendrePoints), lw: make([]float64, gaussLegendrePoints),
	}
	quad.Hermite{}.FixedLocations(r.hx, r.hw, math.Inf(-1), math.Inf(1))
	for i := range r.hx {
		r.hx[i] *= math.Sqrt2
		r.hw[i] /= math.SqrtPi
	}
	quad.Legendre{}.FixedLocations(r.lx, r.lw, -1, 1)
	return r, nil
}

// N returns the number of Gauss–Hermite nodes.
func (r *GaussRule) N() int { return len(r.hx) }

// Average returns E[f(x + σξ)] by Gauss–Hermite quadrature: Σ_i (w_i/√π)·f(x + σ√2·z_i).
// σ and −σ give the same average (ξ is symmetric); σ = 0 gives f(x); σ = ±Inf or NaN, or
// x = NaN, give NaN.
func (r *GaussRule) Average(f func(float64) float64, x, sigma float64) float64 {
	s, ok := gaussSigma(x, sigma)
	if !ok {
		return math.NaN()
	}
	if s == 0 {
		return f(x)
	}
	var sum float64
	for i, z := range r.hx {
		sum += r.hw[i] * f(x+s*z)
	}
	return sum
}

// AverageKink returns E[f(x + σξ)] for f smooth except at y = kink (a jump or kink of f, or of
// one of its derivatives, or a square-root onset): the Gaussian is cut at |ξ| = 12 and split at
// ξ = (kink − x)/σ and at ξ = 0, ±2, ±4, ±8; each piece is integrated by 24-point
// Gauss–Legendre (at most 216 evaluations of f), the two pieces beside the kink after the
// substitution ξ = kink ± ℓu², which makes √(y − kink) behaviour smooth. Accurate to about
// 1e-14 for f smooth on either side of the kink and growing at most polynomially (step, ReLU),
// and to about 1e-10 for the h = 0 magnetization and spike count. Special cases as for Average.
func (r *GaussRule) AverageKink(f func(float64) float64, x, sigma, kink float64) float64 {
	s, ok := gaussSigma(x, sigma)
	if !ok || math.IsNaN(kink) {
		return math.NaN()
	}
	if s == 0 {
		return f(x)
	}
	xk := (kink - x) / s
	breaks := [...]float64{-8, -4, -2, 0, 2, 4, 8, gaussCut}
	var sum float64
	prev := -float64(gaussCut)
	kinkAtPrev := false
	for _, b := range breaks {
		if xk > prev && xk < b {
			sum += r.piece(f, x, s, prev, xk, kinkAtPrev, true)
			prev, kinkAtPrev = xk, true
		}
		sum += r.piece(f, x, s, prev, b, kinkAtPrev, xk == b)
		prev, kinkAtPrev = b, xk == b
	}
	return sum
}

// piece returns ∫_a^b φ(ξ) f(x + sξ) dξ by Gauss–Legendre. At an end that is the kink it
// substitutes ξ = kink ± (length)·u², which turns a square-root onset there into a smooth
// integrand.
func (r *GaussRule) piece(f func(float64) float64, x, s, a, b float64, kinkA, kinkB bool) float64 {
	g := func(xi float64) float64 { return math.Exp(-xi*xi/2) * f(x+s*xi) }
	var sum float64
	switch {
	case kinkA: // ξ = a + (b − a)u²
		l := b - a
		for i, v := range r.lx {
			u := (1 + v) / 2
			sum += r.lw[i] / 2 * g(a+l*u*u) * 2 * l * u
		}
	case kinkB: // ξ = b − (b − a)u²
		l := b - a
		for i, v := range r.lx {
			u := (1 + v) / 2
			sum += r.lw[i] / 2 * g(b-l*u*u) * 2 * l * u
		}
	default:
		c, hw := (a+b)/2, (b-a)/2
		for i, v := range r.lx {
			sum += r.lw[i] * g(c+hw*v)
		}
		sum *= hw
	}
	return sum / math.Sqrt(2*math.Pi)
}

// gaussSigma validates the arguments and returns |σ|.
func gaussSigma(x, sigma float64) (float64, bool) {
	if math.IsNaN(x) || math.IsNaN(sigma) || math.IsInf(sigma, 0) {
		return 0, false
	}
	return math.Abs(sigma), true
}

// StdNormalCDF returns Φ(z) = ½·erfc(−z/√2), the standard normal distribution function: the
// Gaussian average of a unit step, E[H(x + σξ)] = Φ(x/σ).
func StdNormalCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// StdNormalPDF returns φ(z) = e^(−z²/2)/√(2π).
func StdNormalPDF(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }
