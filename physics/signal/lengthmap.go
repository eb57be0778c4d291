package signal

import (
	"errors"
	"fmt"
	"math"
)

// ErrNoFixedPoint is returned (wrapped) when the length map iterated from Q0 has no finite
// fixed point: q grows without bound, as for ReLU with σ_w² > 2.
var ErrNoFixedPoint = errors.New("signal: length map has no finite fixed point (q diverges)")

// qLimit is the variance at which quantities "at q* = 0" are evaluated: they are defined as
// the limit q → 0⁺ (for ReLU E[φ′(√q·z)²] = 1/2 for every q > 0, whereas φ′(0) is a matter
// of convention).
const qLimit = 1e-300

func checkVariances(sw2, sb2 float64) error {
	if !(sw2 >= 0) || math.IsInf(sw2, 0) {
		return fmt.Errorf("signal: weight variance σ_w² = %v is not ≥ 0 and finite", sw2)
	}
	if !(sb2 >= 0) || math.IsInf(sb2, 0) {
		return fmt.Errorf("signal: bias variance σ_b² = %v is not ≥ 0 and finite", sb2)
	}
	return nil
}

// LengthMap returns the variance of the next layer's pre-activations,
//
//	L(q) = σ_w²·E[φ(√q·z)²] + σ_b²,   z ~ N(0, 1)
//
// (Poole et al. 2016, Eq. 3; Schoenholz et al. 2017, Eq. 3). NaN for invalid arguments.
func (t *Theory) LengthMap(q, sw2, sb2 float64) float64 {
	if checkVariances(sw2, sb2) != nil {
		return math.NaN()
	}
	l, _ := t.lengthMap(q, sw2, sb2, false)
	return l
}

// LengthMapSlope returns dL/dq. By Gaussian integration by parts (Stein's lemma)
//
//	dL/dq = σ_w²·E[φ(√q·z)·φ′(√q·z)·z]/√q = σ_w²·(E[φ′²] + E[φ·φ″]),
//
// the first form needing no φ″ (so it is valid across kinks). At q = 0 the limit q → 0⁺ is
// taken. Its value at q* defines ξ_q = −1/ln(dL/dq) (Schoenholz et al. 2017, Eq. 5).
func (t *Theory) LengthMapSlope(q, sw2, sb2 float64) float64 {
	if checkVariances(sw2, sb2) != nil {
		return math.NaN()
	}
	_, d := t.lengthMap(q, sw2, sb2, true)
	return d
}

// lengthMap returns L(q) and, when slope is true, dL/dq, in one pass over the nodes.
func (t *Theory) lengthMap(q, sw2, sb2 float64, slope bool) (l, dl float64) {
	if !(q >= 0) || math.IsInf(q, 0) {
		return math.NaN(), math.NaN()
	}
	f, df := t.f, t.df
	if !slope {
		s := math.Sqrt(q)
		e := t.Expect(func(x float64) float64 { v := f(x); return v * v }, q)
		if s == 0 {
			e = f(0) * f(0)
		}
		return sw2*e + sb2, math.NaN()
	}
	qs := q
	if qs < qLimit {
		qs = qLimit
	}
	s := math.Sqrt(qs)
	var e2, ez float64
	if len(t.kinks) == 0 {
		for i, z := range t.z {
			v := f(s * z)
			e2 += t.w[i] * v * v
			ez += t.w[i] * v * df(s*z) * z
		}
	} else {
		var buf [maxKinks + 1]float64
		t.eachNodeBreaks(t.zBreaks(&buf, s, 0), func(z, w float64) {
			v := f(s * z)
			e2 += w * v * v
			ez += w * v * df(s*z) * z
		})
	}
	if q == 0 {
		e2 = f(0) * f(0)
	}
	return sw2*e2 + sb2, sw2 * ez / s
}

// FixedPoint returns the fixed point q* = L(q*) reached by iterating the length map from
// Q0 (default 1). L is increasing for the usual activations, so the iterates are monotone:
// if L(Q0) > Q0 q* is the smallest root of L(q) = q above Q0, otherwise the largest one below
// (0 when none is positive, as for tanh with σ_b = 0 in the ordered phase; q* < 1e-30·Q0 is
// reported as 0). The root is bracketed by geometric steps and polished by safeguarded Newton
// iteration, so FixedPoint never loops long. When no root lies below QMax·max(1, Q0) it returns
// an error wrapping ErrNoFixedPoint.
//
// For bistable maps (ReLU-like φ with φ(0) = 0 and φ′(0) < 1, such as Swish or GELU: q = 0 or
// a small q attracts, q = ∞ attracts too, an unstable fixed point q_u separates them) the
// answer depends on Q0: from Q0 > q_u the signal diverges. A small Q0 (say 1e-9) selects the
// smallest stable fixed point, the branch continuous from σ_w² = 0.
func (t *Theory) FixedPoint(sw2, sb2 float64) (float64, error) {
	if err := checkVariances(sw2, sb2); err != nil {
		return math.NaN(), err
	}
	g := func(q float64) (float64, float64) {
		l, dl := t.lengthMap(q, sw2, sb2, true)
		return l - q, dl - 1
	}
	q0 := t.opt.Q0
	g0, _ := g(q0)
	if math.IsNaN(g0) {
		return math.NaN(), fmt.Errorf("signal: length map is NaN at q = %v (σ_w² = %v, σ_b² = %v)", q0, sw2, sb2)
	}
	const tol = 1e-13
	if math.Abs(g0) <= tol*q0 {
		// Q0 is a fixed point to rounding; it is the answer if it is not unstable
		// (ReLU with σ_b = 0, σ_w² = 2: L(q) = q for every q).
		if _, d := g(q0); d <= 1e-12 {
			return q0, nil
		}
	}
	var lo, hi float64
	if g0 > 0 {
		// Increasing iterates: expand upwards until L(hi) ≤ hi.
		lo, hi = q0, q0
		qmax := t.opt.QMax * math.Max(1, q0)
		for {
			hi *= 4
			if hi > qmax {
				return math.NaN(), fmt.Errorf("%w: σ_w² = %v, σ_b² = %v, L(q) > q up to q = %.3g",
					ErrNoFixedPoint, sw2, sb2, qmax)
			}
			gh, _ := g(hi)
			if math.IsNaN(gh) {
				return math.NaN(), fmt.Errorf("signal: length map is NaN at q = %v (σ_w² = %v, σ_b² = %v)", hi, sw2, sb2)
			}
			if gh <= 0 {
				break
			}
			lo = hi
		}
	} else {
		// Decreasing iterates: shrink downwards until L(lo) ≥ lo.
		lo, hi = q0, q0
		for {
			lo /= 16
			if lo < 1e-30*q0 {
				if g00, _ := g(0); g00 <= 0 {
					return 0, nil
				}
				lo = 0
				break
			}
			gl, _ := g(lo)
			if gl >= 0 {
				break
			}
			hi = lo
		}
	}
	return safeNewton(g, lo, hi, tol), nil
}

// safeNewton returns a root of g in [lo, hi] where g(lo) ≥ 0 ≥ g(hi), by Newton steps that
// fall back to bisection when they leave the bracket or converge slowly (Numerical Recipes'
// rtsafe). g returns the value and the derivative.
func safeNewton(g func(float64) (float64, float64), lo, hi, tol float64) float64 {
	x := (lo + hi) / 2
	dxOld := hi - lo
	dx := dxOld
	v, d := g(x)
	for range 200 {
		if v == 0 {
			return x
		}
		if v > 0 {
			lo = x
		} else {
			hi = x
		}
		newton := x - v/d
		if d == 0 || math.IsNaN(newton) || !(newton > lo && newton < hi) || math.Abs(2*v) > math.Abs(dxOld*d) {
			dxOld = dx
			dx = (hi - lo) / 2
			x = lo + dx
		} else {
			dxOld = dx
			dx = v / d
			x = newton
		}
		if math.Abs(dx) <= tol*math.Abs(x) || hi-lo <= tol*math.Abs(x) {
			return x
		}
		v, d = g(x)
	}
	return x
}

// Chi1 returns q* and
//
//	χ₁ = σ_w²·E[φ′(√q*·z)²],
//
// the slope of the correlation map at c = 1 and the mean squared singular value of a layer's
// Jacobian (Poole et al. 2016, Eq. 7; Schoenholz et al. 2017, Eq. 8). χ₁ < 1: ordered phase,
// χ₁ > 1: chaotic, χ₁ = 1: edge of chaos. At q* = 0 the limit q → 0⁺ is used.
func (t *Theory) Chi1(sw2, sb2 float64) (chi1, qstar float64, err error) {
	q, err := t.FixedPoint(sw2, sb2)
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	return t.chi1At(q, sw2), q, nil
}

// chi1At returns σ_w²·E[φ′(√q·z)²] (the limit q → 0⁺ at q = 0).
func (t *Theory) chi1At(q, sw2 float64) float64 {
	df := t.df
	return sw2 * t.Expect(func(x float64) float64 { v := df(x); return v * v }, math.Max(q, qLimit))
}
