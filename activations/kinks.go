package activations

import (
	"math"

	"github.com/isingact/isingact/physics"
)

// Kinks returns the points x where F or DF of a is not smooth, the breakpoints a quadrature of
// a Gaussian average of F or DF should split at (population here; the signal-propagation
// theory of physics/signal through nn.SignalActivation): the threshold x = 0 for every
// registered activation except tanh-fit (its step θ), and for the clipped magnetizations
// (mf-magnetization, onsager-magnetization) also the point where the exact slope crosses
// MaxSlope, where DF has a corner. The slice is fresh; callers may modify it.
func Kinks(a Activation) []float64 {
	return append([]float64(nil), kinksOf(a)...)
}

// kinks: 0 and the corners of DF = min(dm/dx, MaxSlope) (one at x ≈ 0.0074 for h = 0 and the
// default cap; none or two, around the peak slope, for h ≠ 0).
func (m MFMagnetization) kinks() []float64 {
	exact := MFMagnetization{H: m.H, MaxSlope: math.Inf(1), table: m.table}
	return clipKinks(exact.DF, m.MaxSlope, 1)
}

// kinks: 0 and the corner of DF = min(dF/dx, MaxSlope) (x ≈ 0.0082 in units of Tc, 0.0074 in
// units of J, for the default cap).
func (o OnsagerMagnetization) kinks() []float64 {
	exact := OnsagerMagnetization{MaxSlope: math.Inf(1), Units: o.Units, table: o.table}
	return clipKinks(exact.DF, o.MaxSlope, physics.OnsagerTc/o.Units.scale())
}

// clipKinkGrid is the number of log-spaced points over [1e-300·xMax, xMax) (about 1.2 decades
// apart) on which clipKinks looks for the crossings of the slope with the cap.
const clipKinkGrid = 256

// clipKinks returns 0 and every x in (0, xMax) where slope crosses cap, each found by scanning
// a log-spaced grid and bisecting to float64 resolution: the corners of min(slope, cap).
func clipKinks(slope func(float64) float64, cap, xMax float64) []float64 {
	kinks := []float64{0}
	lo := 1e-300 * xMax
	ratio := math.Pow(xMax/lo, 1/float64(clipKinkGrid-1))
	a := lo
	above := slope(a) > cap
	for k := 1; k < clipKinkGrid; k++ {
		b := lo * math.Pow(ratio, float64(k))
		if k == clipKinkGrid-1 {
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
