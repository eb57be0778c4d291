package activations

import (
	"math"

	"github.com/isingact/isingact/physics"
)

// Kinks returns the points x where F or DF of a is not smooth, the breakpoints a quadrature of
// a Gaussian average of F or DF should split at (the signal-propagation theory of physics/signal,
// through nn.SignalActivation): the threshold x = 0 for every registered activation except
// tanh-fit (its step θ), and for the clipped magnetizations (mf-magnetization,
// onsager-magnetization) also the corners of DF where the exact slope crosses MaxSlope (F is
// smooth there, so population, which averages F, does not split at them). The slice is fresh;
// callers may modify it.
func Kinks(a Activation) []float64 {
	k := append([]float64(nil), kinksOf(a)...)
	if c, ok := a.(dfCornerer); ok {
		k = append(k, c.dfCorners()...)
	}
	return k
}

// dfCornerer is implemented by activations whose DF has corners where F is smooth (a clipped
// derivative).
type dfCornerer interface {
	dfCorners() []float64
}

// dfCorners: the corners of DF = min(dm/dx, MaxSlope), one at x ≈ 0.0074 for h = 0 and the
// default cap; none or two, around the peak slope, for h ≠ 0.
func (m MFMagnetization) dfCorners() []float64 {
	exact := MFMagnetization{H: m.H, MaxSlope: math.Inf(1), table: m.table}
	return clipCorners(exact.DF, m.MaxSlope, 1)
}

// dfCorners: the corner of DF = min(dF/dx, MaxSlope), x ≈ 0.0082 in units of Tc (0.0074 in
// units of J) for the default cap.
func (o OnsagerMagnetization) dfCorners() []float64 {
	exact := OnsagerMagnetization{MaxSlope: math.Inf(1), Units: o.Units, table: o.table}
	return clipCorners(exact.DF, o.MaxSlope, physics.OnsagerTc/o.Units.scale())
}

// clipGrid is the number of log-spaced points over [1e-300·xMax, xMax) (about 1.2 decades
// apart) on which clipCorners looks for the crossings of the slope with the cap.
const clipGrid = 256

// clipCorners returns every x in (0, xMax) where slope crosses cap, each found by scanning a
// log-spaced grid and bisecting to float64 resolution: the corners of min(slope, cap).
func clipCorners(slope func(float64) float64, cap, xMax float64) []float64 {
	var kinks []float64
	lo := 1e-300 * xMax
	ratio := math.Pow(xMax/lo, 1/float64(clipGrid-1))
	a := lo
	above := slope(a) > cap
	for k := 1; k < clipGrid; k++ {
		b := lo * math.Pow(ratio, float64(k))
		if k == clipGrid-1 {
			b = xMax * (1 - 1e-12)
		}
		if bAbove := slope(b) > cap; bAbove != above {
			kinks = append(kinks, bisectCrossing(slope, cap, a, b, above))
			above = bAbove
		}
		a = b
	}
	return kinks
}

// bisectCrossing returns the point in [a, b] where slope − cap changes sign (aAbove says
// whether slope(a) > cap), to float64 resolution.
func bisectCrossing(slope func(float64) float64, cap, a, b float64, aAbove bool) float64 {
	for range 200 {
		m := (a + b) / 2
		if m <= a || m >= b {
			break
		}
		if (slope(m) > cap) == aAbove {
			a = m
		} else {
			b = m
		}
	}
	return (a + b) / 2
}
