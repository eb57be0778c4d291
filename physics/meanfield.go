package physics

import "math"

// MeanFieldTc is the mean-field critical temperature in the project's units zJ = k_B = 1:
// Tc = zJ/k_B (section 2.3 of the founding paper).
const MeanFieldTc = 1.0

// Magnetization returns the mean-field magnetization m(t, h), the stable root of
//
//	m = tanh((m + h)/t)
//
// in units where zJ = k_B = 1 (Tc = 1); t is the temperature and h the field. For h = 0 it is 0
// at and above Tc and the m > 0 branch below it (Eq. 1 of the founding paper, which discards
// the m = 0 and m < 0 solutions). For h ≠ 0 it is the root with the sign of h, which is the
// global minimum of FreeEnergy. Near Tc (Landau expansion, from t = m/atanh(m))
//
//	m(t, 0) = √(3(1 − t))·(1 − (2/5)(1 − t) + O((1 − t)²))	for t → 1⁻,
//	m(1, h) ≈ (3h)^(1/3)	for h → 0,
//
// and for t → 0⁺ it saturates as 1 − m ≈ 2·exp(−2(1 + h)/t).
//
// Special cases: t ≤ 0 is fully ordered: m = 1, or −1 when h < 0 (h = 0 gives 1, the paper's
// branch). Magnetization(+Inf, h) = 0 for finite h; h = ±Inf gives ±1 for t < +Inf; t = +Inf
// with h = ±Inf, and any NaN argument, give NaN. m(t, −h) = −m(t, h) for h ≠ 0.
//
// The root is found as y = (m + h)/t by a bracketed Halley iteration on
//
//	R(y) = (y − tanh y) − (1 − t)·y − h,
//
// with y − tanh y summed from its Taylor series for small y, so that the cancellation near Tc is
// avoided; the absolute error is below 1e-15 in practice (the tests require 1e-12 for
// 0 < t ≤ 10, |h| ≤ 10).
func Magnetization(t, h float64) float64 {
	m, _ := magnetizationT(t, h)
	return m
}

// MagnetizationPartials returns ∂m/∂t and ∂m/∂h of Magnetization by implicit differentiation
// of m = tanh((m + h)/t): with s = 1 − m² = sech²((m + h)/t),
//
//	∂m/∂t = −s·(m + h)/t² / (1 − s/t) = −s·y/(t − s),	y = (m + h)/t,
//	∂m/∂h = (s/t)/(1 − s/t) = s/(t − s),
//
// evaluated with t − s = m² − (1 − t) near Tc to avoid cancellation. They are exact (to
// rounding) wherever they are finite. At the critical point t = 1, h = 0 they diverge
// (m ≈ √(3(1 − t)) below Tc, χ = 1/(t − 1) above): MagnetizationPartials(1, 0) returns
// (−Inf, +Inf), the t-derivative from below. For h = 0 and t > 1, (0, 1/(t − 1)). For t ≤ 0,
// |h| = Inf or t = +Inf both are 0 (m is constant there). NaN in gives NaN out. ∂m/∂t is odd in
// h, ∂m/∂h is even.
func MagnetizationPartials(t, h float64) (dmdt, dmdh float64) {
	if math.IsNaN(t) || math.IsNaN(h) {
		return math.NaN(), math.NaN()
	}
	if math.IsInf(t, 1) && math.IsInf(h, 0) {
		return math.NaN(), math.NaN()
	}
	sign, ah := 1.0, h
	if h < 0 {
		sign, ah = -1, -h
	}
	if t <= 0 || math.IsInf(t, 1) || math.IsInf(ah, 1) {
		return 0, 0
	}
	if ah == 0 && t >= 1 {
		if t == 1 {
			return math.Inf(-1), math.Inf(1)
		}
		return 0, 1 / (t - 1)
	}
	st := meanField(t, 1-t, ah)
	dt, dh := st.partials(t)
	return sign * dt, dh
}

// Susceptibility returns the mean-field susceptibility χ(t, h) = ∂m/∂h (see
// MagnetizationPartials): χ = s/(t − s) with s = 1 − m², Curie–Weiss χ = 1/(t − 1) for h = 0
// above Tc, +Inf at t = 1, h = 0, and 0 for t ≤ 0.
func Susceptibility(t, h float64) float64 {
	_, dh := MagnetizationPartials(t, h)
	return dh
}

// FreeEnergy returns the mean-field free energy per spin (section 2.3 of the founding paper,
// zJ = k_B = 1)
//
//	F(m; t, h) = m²/2 − t·ln(2cosh((m + h)/t)),
//
// whose stationary points ∂F/∂m = m − tanh((m + h)/t) = 0 are the self-consistency equation and
// whose global minimum over m is Magnetization(t, h). It is evaluated without overflow as
//
//	F = m²/2 − |m + h| − t·log1p(exp(−2|m + h|/t)).
//
// For t ≤ 0 it returns the t → 0⁺ limit m²/2 − |m + h| (the ground-state energy). NaN in gives
// NaN out; t = +Inf gives −Inf.
func FreeEnergy(m, t, h float64) float64 {
	if math.IsNaN(m) || math.IsNaN(t) || math.IsNaN(h) {
		return math.NaN()
	}
	a := math.Abs(m + h)
	if t <= 0 {
		return m*m/2 - a
	}
	if math.IsInf(t, 1) {
		return math.Inf(-1)
	}
	return m*m/2 - a - t*math.Log1p(math.Exp(-2*a/t))
}

// mfState is a solved point of the mean-field equation for h ≥ 0: the magnetization m, the
// argument y = (m + h)/t of tanh, and eps = 1 − t (held separately from t so that a caller
// that knows 1 − t exactly, such as the quench tables with t = 1 − x, loses nothing).
type mfState struct {
	m, y, eps, h float64
}

// magnetizationT is Magnetization with the special cases of the public API.
func magnetizationT(t, h float64) (float64, mfState) {
	if math.IsNaN(t) || math.IsNaN(h) {
		return math.NaN(), mfState{}
	}
	if math.IsInf(t, 1) && math.IsInf(h, 0) {
		return math.NaN(), mfState{}
	}
	sign, ah := 1.0, h
	if h < 0 {
		sign, ah = -1, -h
	}
	if t <= 0 || math.IsInf(ah, 1) {
		return sign, mfState{m: 1, y: math.Inf(1), eps: 1 - t, h: ah}
	}
	if math.IsInf(t, 1) {
		return 0, mfState{eps: math.Inf(-1), h: ah}
	}
	st := meanField(t, 1-t, ah)
	return sign * st.m, st
}

// saturationT is the temperature at or below which m(t, h ≥ 0) rounds to 1: for t ≤ 1/20 and
// h ≥ 0 the root satisfies m > 0.999, hence (m + h)/t > 19.98 and 1 − m < 2e^(−39.96) < 1e-17,
// below half an ulp of 1.
const saturationT = 0.05

// meanField solves m = tanh((m + h)/t) for h ≥ 0 and 0 < t < +Inf, given t and eps = 1 − t
// (eps is used wherever 1 − t would cancel). For h = 0 it returns the m > 0 root for t < 1
// and 0 for t ≥ 1.
func meanField(t, eps, h float64) mfState {
	st, _ := meanFieldCount(t, eps, h)
	return st
}

// meanFieldCount is meanField that also reports the number of Halley/bisection steps taken.
func meanFieldCount(t, eps, h float64) (mfState, int) {
	if t <= saturationT {
		return mfState{m: 1, y: (1 + h) / t, eps: eps, h: h}, 0
	}
	if h == 0 && eps <= 0 {
		return mfState{eps: eps}, 0
	}
	// Bracket for y = (m + h)/t.
	var lo, hi float64
	if h > 0 {
		lo, hi = h/t, (1+h)/t // R(lo) = −tanh(h/t) < 0, R(hi) = 1 − tanh(hi) ≥ 0.
		if math.Tanh(lo) == 1 {
			return mfState{m: 1, y: hi, eps: eps, h: h}, 0
		}
	} else {
		// y − tanh y ≤ y³/3, so R(√(3·eps)) ≤ 0; R(1/t) = 1 − tanh(1/t) ≥ 0.
		lo, hi = math.Sqrt(3*eps), 1/t
	}
	// Start from the Landau root of y³/3 − eps·y − h = 0, which is a lower bound of the
	// root (y − tanh y ≤ y³/3) and accurate near Tc; far from Tc start from hi, where
	// Newton–Halley on the convex R converges monotonically.
	y := hi
	if yc := landauRoot(eps, h); yc >= lo && yc < hi && yc < 1 {
		y = yc
	}
	n := 0
	for n < 100 {
		n++
		th := math.Tanh(y)
		r := tanhDefect(y, th) - eps*y - h
		if r == 0 {
			break
		}
		if r > 0 {
			hi = y
		} else {
			lo = y
		}
		d1 := th*th - eps // R'(y) = t − sech²y
		next := math.NaN()
		if d1 > 0 {
			newton := r / d1
			d2 := 2 * th * (1 - th*th) // R''(y)
			den := 1 - newton*d2/(2*d1)
			if den > 0.5 {
				next = y - newton/den // Halley
			} else {
				next = y - newton
			}
			if math.Abs(next-y) <= 4e-16*y {
				y = next
				break
			}
		}
		if !(next > lo && next < hi) {
			next = lo + (hi-lo)/2 // safeguard: bisect
			if next == lo || next == hi {
				y = next
				break
			}
		}
		y = next
	}
	return mfState{m: math.Tanh(y), y: y, eps: eps, h: h}, n
}

// partials returns ∂m/∂t and ∂m/∂h at the solved point (h ≥ 0 form), given t.
func (st mfState) partials(t float64) (dmdt, dmdh float64) {
	s, den := st.sech2Den(t)
	if den == 0 {
		return math.Inf(-1), math.Inf(1)
	}
	return -s * st.y / den, s / den
}

// sech2Den returns s = sech²(y) = 1 − m² and t − s, each computed in the form that avoids
// cancellation.
func (st mfState) sech2Den(t float64) (s, den float64) {
	if math.IsInf(st.y, 1) {
		return 0, t
	}
	if st.y < 0.5 {
		s = (1 - st.m) * (1 + st.m)
		den = st.m*st.m - st.eps
		return s, den
	}
	c := math.Cosh(st.y)
	s = 1 / (c * c)
	return s, t - s
}

// secondT returns ∂²m/∂t² at the solved point (h ≥ 0 form), by differentiating
// ∂m/∂t = N/Q with N = −s·y, Q = t − s, s = 1 − m², y = (m + h)/t:
//
//	N' = 2m·m'·y − s·(m' − y)/t,  Q' = 1 + 2m·m',  m'' = (N' − m'·Q')/Q.
func (st mfState) secondT(t float64) float64 {
	s, den := st.sech2Den(t)
	if math.IsInf(st.y, 1) {
		return 0
	}
	m1 := -s * st.y / den
	n1 := 2*st.m*m1*st.y - s*(m1-st.y)/t
	return (n1 - m1*(1+2*st.m*m1)) / den
}

// landauRoot returns the largest real root of y³/3 − eps·y − h = 0 for h ≥ 0 (for h = 0 and
// eps ≤ 0, 0), computed without cancellation.
func landauRoot(eps, h float64) float64 {
	if h == 0 {
		if eps <= 0 {
			return 0
		}
		return math.Sqrt(3 * eps)
	}
	// y³ + p·y + q = 0 with p = −3·eps, q = −3h; discriminant (q/2)² + (p/3)³.
	disc := 2.25*h*h - eps*eps*eps
	if disc <= 0 { // three real roots (eps > 0): trigonometric form.
		se := math.Sqrt(eps)
		c := 1.5 * h / (eps * se)
		return 2 * se * math.Cos(math.Acos(math.Min(c, 1))/3)
	}
	u := math.Cbrt(1.5*h + math.Sqrt(disc))
	if eps >= 0 {
		return u + eps/u
	}
	// y = u + v with u³ + v³ = 3h and u·v = eps: y = 3h/(u² − uv + v²).
	return 3 * h / (u*u - eps + eps*eps/(u*u))
}

// Taylor coefficients of y − tanh y = Σ c_k y^(2k+3), k = 0, 1, …: minus those of tanh (OEIS
// A002430/A036279); the tests check them against the recurrence (tanh)' = 1 − tanh².
const (
	tdc0  = 1.0 / 3
	tdc1  = -2.0 / 15
	tdc2  = 17.0 / 315
	tdc3  = -62.0 / 2835
	tdc4  = 1382.0 / 155925
	tdc5  = -21844.0 / 6081075
	tdc6  = 929569.0 / 638512875
	tdc7  = -6404582.0 / 10854718875
	tdc8  = 443861162.0 / 1856156927625
	tdc9  = -18888466084.0 / 194896477400625
	tdc10 = 113927491862.0 / 2900518163668125
	tdc11 = -58870668456604.0 / 3698160658676859375
)

// tanhDefectSeriesMax is where tanhDefect switches from the series to y − tanh y: at 0.3 the
// series' terms shrink by ≈ (2y/π)² ≈ 0.036 each, so twelve terms reach 1e-17 relative, and the
// direct difference loses at most a factor 1/(y²/3) ≈ 33 to cancellation.
const tanhDefectSeriesMax = 0.3

// tanhDefect returns y − tanh y for y ≥ 0 without cancellation; th must be tanh(y).
func tanhDefect(y, th float64) float64 {
	if y >= tanhDefectSeriesMax {
		return y - th
	}
	y2 := y * y
	p := tdc11
	p = p*y2 + tdc10
	p = p*y2 + tdc9
	p = p*y2 + tdc8
	p = p*y2 + tdc7
	p = p*y2 + tdc6
	p = p*y2 + tdc5
	p = p*y2 + tdc4
	p = p*y2 + tdc3
	p = p*y2 + tdc2
	p = p*y2 + tdc1
	p = p*y2 + tdc0
	return p * y2 * y
}
