package signal

import (
	"fmt"
	"math"
)

// CorrelationMap returns the correlation of two inputs' pre-activations one layer on,
//
//	C(c) = (σ_w²·E[φ(u₁)φ(u₂)] + σ_b²)/q,
//	u₁ = √q·z₁,  u₂ = √q·(c·z₁ + √(1−c²)·z₂),
//
// for inputs whose pre-activations have variance q (pass q = q*, where C(1) = 1) and
// correlation c ∈ [−1, 1] (Poole et al. 2016, Eq. 5; Schoenholz et al. 2017, Eq. 4). At
// q = 0 the limit q → 0⁺ is used. For ReLU it is the arc-cosine kernel (Cho & Saul 2009):
// σ_w²/(2π)·(√(1−c²) + (π − arccos c)·c) + σ_b²/q. NaN for invalid arguments.
func (t *Theory) CorrelationMap(c, q, sw2, sb2 float64) float64 {
	if checkVariances(sw2, sb2) != nil || !(q >= 0) {
		return math.NaN()
	}
	q = math.Max(q, qLimit)
	return (sw2*t.Expect2(t.f, t.f, c, q) + sb2) / q
}

// CorrelationSlope returns dC/dc, which by Price's theorem (d/dc E[φ(u₁)φ(u₂)] =
// q·E[φ′(u₁)φ′(u₂)]) is
//
//	χ_c(c) = σ_w²·E[φ′(u₁)φ′(u₂)];
//
// at c = 1 it is χ₁ = σ_w²·E[φ′(√q·z)²] (Schoenholz et al. 2017, Eq. 8 and below).
func (t *Theory) CorrelationSlope(c, q, sw2 float64) float64 {
	if !(sw2 >= 0) || !(q >= 0) {
		return math.NaN()
	}
	q = math.Max(q, qLimit)
	return sw2 * t.Expect2(t.df, t.df, c, q)
}

// CorrelationFixedPoint returns the stable fixed point c* of the correlation map at q = q*.
// c = 1 is always a fixed point; it is stable when χ₁ ≤ 1 (ordered phase and edge of chaos),
// and then c* = 1. In the chaotic phase (χ₁ > 1) c* is the largest root of C(c) = c below 1
// (δ the first of 1e-2, 1e-4, …, 1e-10 with C(1 − δ) < 1 − δ, else c* is within 1e-10 of 1
// and 1 is returned): the first c of 0.9, 0.75, …, −1 with C(c) ≥ c brackets it and Brent's
// method polishes it. For odd φ with σ_b = 0 it is c* = 0.
func (t *Theory) CorrelationFixedPoint(q, sw2, sb2 float64) (float64, error) {
	if err := checkVariances(sw2, sb2); err != nil {
		return math.NaN(), err
	}
	if !(q >= 0) || math.IsInf(q, 0) {
		return math.NaN(), fmt.Errorf("signal: variance q = %v is not ≥ 0 and finite", q)
	}
	if t.chi1At(q, sw2) <= 1 {
		return 1, nil
	}
	g := func(c float64) float64 { return t.CorrelationMap(c, q, sw2, sb2) - c }
	hi, ghi := 1.0, 0.0
	for delta := 1e-2; delta >= 1e-10; delta *= 1e-2 {
		hi = 1 - delta
		if ghi = g(hi); ghi < 0 {
			break
		}
	}
	if ghi >= 0 {
		return 1, nil
	}
	// Scan downwards for the first c with C(c) ≥ c: the fixed point the iterates from just
	// below 1 approach. C(−1) ≥ −1 by Cauchy–Schwarz, so the scan ends by −1.
	for _, c := range []float64{0.9, 0.75, 0.5, 0.25, 0, -0.25, -0.5, -0.75, -0.9, -1} {
		if c >= hi {
			continue
		}
		gc := g(c)
		if gc >= 0 {
			return brent(g, c, hi, gc, ghi, 1e-12), nil
		}
		hi, ghi = c, gc
	}
	return -1, nil
}

// DepthScales describes signal propagation at one (σ_w², σ_b²).
type DepthScales struct {
	// QStar is the fixed point of the length map and Chi1 = σ_w²·E[φ′(√q*·z)²].
	QStar, Chi1 float64
	// LengthSlope is dL/dq at q*.
	LengthSlope float64
	// CStar is the stable fixed point of the correlation map (1 unless chaotic) and ChiC
	// the map's slope there, σ_w²·E[φ′(u₁)φ′(u₂)] at c*.
	CStar, ChiC float64
	// XiQ = −1/ln(LengthSlope) and XiC = −1/ln(ChiC) are the depths over which the length
	// and the correlation relax to their fixed points, |q_l − q*| ~ e^{−l/ξ_q},
	// |c_l − c*| ~ e^{−l/ξ_c} (Schoenholz et al. 2017, Eqs. 5 and 9). +Inf on the edge of
	// chaos, where the slope is 1. Networks are trainable up to a depth of about 6·ξ_c.
	XiQ, XiC float64
}

// depthScale returns −1/ln(slope) for a slope in [0, 1], +Inf for slope ≥ 1.
func depthScale(slope float64) float64 {
	if slope >= 1 {
		return math.Inf(1)
	}
	return -1 / math.Log(slope)
}

// DepthScales returns q*, χ₁, c*, χ_c and the depth scales ξ_q, ξ_c at (σ_w², σ_b²).
func (t *Theory) DepthScales(sw2, sb2 float64) (DepthScales, error) {
	chi1, q, err := t.Chi1(sw2, sb2)
	if err != nil {
		return DepthScales{}, err
	}
	c, err := t.CorrelationFixedPoint(q, sw2, sb2)
	if err != nil {
		return DepthScales{}, err
	}
	chic := chi1
	if c < 1 {
		chic = t.CorrelationSlope(c, q, sw2)
	}
	ls := t.LengthMapSlope(q, sw2, sb2)
	return DepthScales{
		QStar: q, Chi1: chi1, LengthSlope: ls, CStar: c, ChiC: chic,
		XiQ: depthScale(ls), XiC: depthScale(chic),
	}, nil
}
