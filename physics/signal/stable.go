package signal

import (
	"fmt"
	"math"
)

// FixedPointWeightVariance returns the weight variance at which q is a fixed point of the length
// map L(q) = σ_w²·A(q) + σ_b², A(q) = E[φ(√q·z)²]:
//
//	S(q) = (q − σ_b²)/A(q),   q ≥ σ_b².
//
// Every fixed point lies on this curve, and at a fixed point S′(q) = (1 − L′(q))/A(q): where S
// increases with q the fixed point is stable (L′ < 1), where it decreases it is unstable. So the
// stable branch of q*(σ_w²) is an increasing stretch of S, and it ends at a local maximum of S,
// a saddle-node where the stable and the unstable fixed point merge. NaN for invalid arguments
// or q < σ_b², and where A(q) = 0.
func (t *Theory) FixedPointWeightVariance(q, sb2 float64) float64 {
	if checkVariances(1, sb2) != nil || !(q >= sb2) || math.IsInf(q, 0) {
		return math.NaN()
	}
	a := t.lengthA(q)
	if !(a > 0) {
		return math.NaN()
	}
	return (q - sb2) / a
}

// lengthA returns A(q) = E[φ(√q·z)²] (φ(0)² at q = 0).
func (t *Theory) lengthA(q float64) float64 {
	l, _ := t.lengthMap(q, 1, 0, false)
	return l
}

// BranchEnd is where the stable branch of the length map's fixed point ends as σ_w² grows at a
// fixed σ_b² (see StableBranchEnd).
type BranchEnd struct {
	// SW2 is the weight variance at which the branch ends; +Inf when it does not end below
	// MaxWeightVariance (bounded φ such as tanh: q* exists for every σ_w²).
	SW2 float64
	// QStar is q* at the end: finite at a saddle-node (the stable and unstable fixed points
	// merge and q diverges beyond, as for quench-tanh with σ_b² > 0), 0 where q* = 0 loses its
	// stability and no positive branch continues it (φ(0) = 0, σ_b = 0, S decreasing from
	// 1/φ′(0)²), +Inf where q* itself diverges as σ_w² → SW2 (ReLU with σ_b > 0: SW2 = 2).
	QStar float64
}

// sScanSteps is the number of grid points of the scan of S(q): d = q − σ_b² from 1e-12 to
// QMax, times max(1, σ_b²), by factors of about √2.
const sScanSteps = 160

// sScan walks S(q) up a geometric grid in d = q − σ_b² and reports through visit each grid
// point (isMax false) and, before the grid point that reveals it, each local maximum of S
// (isMax true): S rose to a peak and then fell by more than 1e-9 relative. An interior peak is
// refined by golden-section search; a peak at the first grid point (S falling from q → σ_b²⁺)
// is reported there. After a maximum, the next one is looked for once S has risen again from
// its valley. visit returns true to stop. sScan returns the last grid point visited.
func (t *Theory) sScan(sb2 float64, visit func(q, s float64, isMax bool) bool) (qLast, sLast float64) {
	d0 := 1e-12 * math.Max(1, sb2)
	ratio := math.Pow(t.opt.QMax/1e-12, 1/float64(sScanSteps-1))
	grid := func(k int) float64 { return sb2 + d0*math.Pow(ratio, float64(k)) }
	const rel = 1e-9
	rising, peakK, peakS, valleyS := true, 0, math.NaN(), 0.0
	for k := range sScanSteps {
		q := grid(k)
		s := t.FixedPointWeightVariance(q, sb2)
		switch {
		case math.IsNaN(s):
		case k == 0 || math.IsNaN(peakS):
			peakK, peakS = k, s
		case rising && s > peakS:
			peakK, peakS = k, s
		case rising && s < peakS*(1-rel):
			qm, sm := grid(peakK), peakS
			if peakK > 0 {
				qm, sm = t.sMax(grid(peakK-1), grid(peakK+1), sb2)
			}
			if visit(qm, sm, true) {
				return qm, sm
			}
			rising, valleyS = false, s
		case !rising && s < valleyS:
			valleyS = s
		case !rising && s > valleyS*(1+rel):
			rising, peakK, peakS = true, k, s
		}
		if visit(q, s, false) {
			return q, s
		}
		qLast, sLast = q, s
	}
	return qLast, sLast
}

// sMax returns the maximum of S on [a, b] (q-values; S unimodal there), by golden-section
// search in ln(q − σ_b²) to a relative width of 1e-10.
func (t *Theory) sMax(a, b, sb2 float64) (q, s float64) {
	const invPhi = 0.6180339887498948482
	lo, hi := math.Log(a-sb2), math.Log(b-sb2)
	f := func(u float64) float64 { return t.FixedPointWeightVariance(sb2+math.Exp(u), sb2) }
	x1, x2 := hi-invPhi*(hi-lo), lo+invPhi*(hi-lo)
	f1, f2 := f(x1), f(x2)
	for hi-lo > 1e-10 {
		if f1 < f2 {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + invPhi*(hi-lo)
			f2 = f(x2)
		} else {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - invPhi*(hi-lo)
			f1 = f(x1)
		}
	}
	u := (lo + hi) / 2
	return sb2 + math.Exp(u), f(u)
}

// StableBranchEnd returns where the stable branch of q* ends as σ_w² grows at the bias variance
// σ_b²: the first local maximum of S(q) = (q − σ_b²)/E[φ(√q·z)²] (a saddle-node), scanning q
// upwards from σ_b² (see FixedPointWeightVariance and BranchEnd). Below BranchEnd.SW2 the
// length map iterated from q → 0⁺ converges to a stable q* that is continuous in σ_w²
// (StableFixedPoint); at the end it jumps (to a far branch, or to infinity: q diverges).
func (t *Theory) StableBranchEnd(sb2 float64) (BranchEnd, error) {
	if err := checkVariances(1, sb2); err != nil {
		return BranchEnd{}, err
	}
	zeroFixed := sb2 == 0 && t.f(0) == 0
	var end BranchEnd
	found, first := false, true
	var q0 float64
	_, sLast := t.sScan(sb2, func(q, s float64, isMax bool) bool {
		if first {
			q0, first = q, false
		}
		if !isMax {
			return false
		}
		found = true
		end = BranchEnd{SW2: s, QStar: q}
		if zeroFixed && q == q0 {
			// S falls from S(0⁺) = 1/φ′(0)²: q* = 0 loses stability there, with no positive
			// stable branch to continue it (a subcritical bifurcation).
			end.QStar = 0
		}
		return true
	})
	switch {
	case found:
		return end, nil
	case sLast > t.opt.MaxWeightVariance:
		return BranchEnd{SW2: math.Inf(1), QStar: math.Inf(1)}, nil
	}
	return BranchEnd{SW2: sLast, QStar: math.Inf(1)}, nil
}

// StableFixedPoint returns q* on the stable branch: the limit of the length map iterated from
// q → 0⁺ (the smallest q ≥ σ_b² with S(q) ≥ σ_w², found on the scan of S and polished by
// Brent's method to 1e-13 relative), independent of any starting variance Q0. It is 0 when
// q = 0 is a stable fixed point (φ(0) = 0, σ_b = 0 and σ_w² < S(0⁺) = 1/φ′(0)², as for tanh
// in the ordered phase). Where no fixed point lies below QMax (q diverges from every start)
// the error wraps ErrNoFixedPoint and names the end of the stable branch (StableBranchEnd).
//
// FixedPoint iterated from Q0 = 1 instead finds the unstable fixed point's basin boundary
// when the map is bistable: for quench-tanh at σ_b² = 0.05 it reports divergence beyond
// σ_w² = 2.86, where the unstable root crosses q = 1, while the stable branch continues to
// the saddle-node at σ_w² ≈ 2.94.
func (t *Theory) StableFixedPoint(sw2, sb2 float64) (float64, error) {
	if err := checkVariances(sw2, sb2); err != nil {
		return math.NaN(), err
	}
	zeroFixed := sb2 == 0 && t.f(0) == 0
	// Grid points visited so far, S < σ_w² at each; S(σ_b²) = 0 unless q = 0 is a fixed point.
	var qs, ss []float64
	if !zeroFixed {
		qs, ss = append(qs, sb2), append(ss, 0)
	}
	root, done := math.NaN(), false
	t.sScan(sb2, func(q, s float64, isMax bool) bool {
		if math.IsNaN(s) {
			return false
		}
		if s < sw2 {
			if !isMax {
				qs, ss = append(qs, q), append(ss, s)
			}
			return false
		}
		if len(qs) == 0 {
			root, done = 0, true // S(0⁺) ≥ σ_w²: L(q) < q near 0, iterates fall to q* = 0
			return true
		}
		// The last visited grid point below q (a maximum may lie before the last grid point)
		// starts the bracket on the increasing side of S.
		i := len(qs) - 1
		for i > 0 && qs[i] >= q {
			i--
		}
		g := func(x float64) float64 { return t.FixedPointWeightVariance(x, sb2) - sw2 }
		root, done = brent(g, qs[i], q, ss[i]-sw2, s-sw2, 1e-13*q), true
		return true
	})
	if done {
		return root, nil
	}
	end, err := t.StableBranchEnd(sb2)
	if err != nil {
		return math.NaN(), err
	}
	return math.NaN(), fmt.Errorf("%w: σ_w² = %v, σ_b² = %v is beyond the end of the stable branch at σ_w² = %.10g (q* = %.6g there)",
		ErrNoFixedPoint, sw2, sb2, end.SW2, end.QStar)
}
