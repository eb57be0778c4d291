package signal

import "math"

// forwardDeltas are the distances δ below c = 1 at which ForwardStability takes secant slopes.
var forwardDeltas = [4]float64{1e-4, 1e-6, 1e-8, 1e-10}

// SecantSlope returns the secant slope of the forward correlation map over [1 − δ, 1] for
// pre-activations of variance q:
//
//	(C(1) − C(1 − δ))/δ = σ_w²·E[(φ(u₁) − φ(u₂))²]/(2qδ),   Var u₁ = Var u₂ = q, Corr = 1 − δ,
//
// computed from the squared difference directly, so that no cancellation limits small δ. It
// uses φ = F only (never φ′), so it is the exact map's slope even where DF is clipped. As δ → 0
// it tends to χ₁ = σ_w²·E[F′(√q·z)²] when F′ is square-integrable (as −√δ for a kink such as
// ReLU's, as δ for smooth φ), and to +Inf otherwise: like ln(1/δ) for a √x onset
// (mf-magnetization), like δ^(−3/8) for an x^(1/8) onset (onsager-magnetization). At q = 0 the
// limit q → 0⁺ is approximated at q = 1e-100. NaN for invalid arguments.
func (t *Theory) SecantSlope(delta, q, sw2 float64) float64 {
	if !(delta > 0 && delta <= 2) || !(q >= 0) || math.IsInf(q, 0) || !(sw2 >= 0) || math.IsInf(sw2, 0) {
		return math.NaN()
	}
	q = math.Max(q, 1e-100)
	f := t.f
	d2 := t.expectPair(func(u1, u2 float64) float64 { d := f(u1) - f(u2); return d * d }, delta, q)
	return sw2 * d2 / (2 * q * delta)
}

// expectPair returns E[g(u₁, u₂)] for the centred Gaussian pair of Expect2 (variances q) with
// correlation c = 1 − δ, given δ itself so that no digits of a small δ are lost to rounding
// 1 − δ: u₂ = u₁ − δ·u₁ + √(δ(2 − δ))·√q·z₂. The inner integral over z₂ is split at the
// kinks of φ(u₂), the outer one at those of φ(u₁).
func (t *Theory) expectPair(g func(u1, u2 float64) float64, delta, q float64) float64 {
	s := math.Sqrt(q)
	sr := s * math.Sqrt(delta*(2-delta))
	inner := func(z1 float64) float64 {
		u1 := s * z1
		m := u1 - delta*u1
		var buf [maxKinks + 1]float64
		var sum float64
		t.eachNodeBreaks(t.zBreaks(&buf, sr, m), func(z2, w float64) { sum += w * g(u1, m+sr*z2) })
		return sum
	}
	var buf [maxKinks + 1]float64
	var sum float64
	t.eachNodeBreaks(t.zBreaks(&buf, s, 0), func(z1, w float64) { sum += w * inner(z1) })
	return sum
}

// ForwardSlope describes the forward correlation map c ↦ C(c) at its fixed point c = 1, at the
// stable fixed point q* of the length map.
type ForwardSlope struct {
	// QStar is the stable fixed point of the length map (StableFixedPoint).
	QStar float64
	// Secants are SecantSlope at δ = 1e-4, 1e-6, 1e-8 and 1e-10.
	Secants [4]float64
	// Chi1 is the slope of the exact map at c = 1: the limit of the secants, extrapolated as
	// χ₁ ≈ (10·s(1e-10) − s(1e-8))/9 (which cancels a √δ term and leaves an error of order δ),
	// or +Inf when they diverge (each of the last two grows by more than 1%).
	Chi1 float64
	// Stable is Chi1 ≤ 1 (to 1e-8, the secants' accuracy, so that the edge counts): nearby
	// inputs do not decorrelate, c = 1 attracts (ordered phase, or its edge at Chi1 = 1). When
	// Chi1 = +Inf the forward pass is chaotic at every σ_w² > 0.
	Stable bool
}

// ForwardStability returns the slope of the forward correlation map at c = 1, computed from φ = F
// alone (SecantSlope), at the stable fixed point q* of the length map (StableFixedPoint), for
// the variances (σ_w², σ_b²). For activations whose DF is exact (tanh, ReLU, …) Chi1 equals the
// χ₁ of Chi1 at the same q*. For the magnetizations whose derivative diverges at the critical
// point (mf- and onsager-magnetization) F′ is not square-integrable, so Chi1 = +Inf and the
// forward map is chaotic at every σ_w² > 0; an edge of chaos exists only for the backward pass,
// whose slope σ_w²·E[DF²] uses the clipped DF. The error is StableFixedPoint's when q* does not
// exist.
func (t *Theory) ForwardStability(sw2, sb2 float64) (ForwardSlope, error) {
	q, err := t.StableFixedPoint(sw2, sb2)
	if err != nil {
		return ForwardSlope{}, err
	}
	fs := ForwardSlope{QStar: q}
	for i, d := range forwardDeltas {
		fs.Secants[i] = t.SecantSlope(d, q, sw2)
	}
	s := fs.Secants
	if s[3] > 1.01*s[2] && s[2] > 1.01*s[1] {
		fs.Chi1 = math.Inf(1)
	} else {
		fs.Chi1 = (10*s[3] - s[2]) / 9
	}
	fs.Stable = fs.Chi1 <= 1+1e-8
	return fs, nil
}
