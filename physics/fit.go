package physics

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// The founding paper's Eq. 2 and its Figure 2 parameters.
const (
	// PaperEq2A is the slope a = 6 of the paper's Figure 2.
	PaperEq2A = 6.0
	// PaperEq2K is the threshold factor k = 1 (the fit's tanh centred at Tc) of Figure 2.
	PaperEq2K = 1.0
)

// The default temperature grid for fitting Eq. 2 to the mean-field curve: T ∈ [0, 2] (in units
// of Tc = 1, the range of the paper's Figures 1 and 2) with 2001 equally spaced points.
const (
	Eq2GridLo = 0.0
	Eq2GridHi = 2.0
	Eq2GridN  = 2001
)

// Eq2 returns the founding paper's Eq. 2, the tanh fitted to the magnetization curve,
//
//	m(T) ≈ ½ − ½·tanh(a(T − k·Tc)),
//
// with Tc = MeanFieldTc = 1 (the paper has k = 1; "a second hyperparameter multiplying the
// critical temperature can be used to bring the fit even closer").
func Eq2(temp, a, k float64) float64 {
	return 0.5 - 0.5*math.Tanh(a*(temp-k*MeanFieldTc))
}

// Eq2Fit is a least-squares fit of Eq2 to the h = 0 mean-field magnetization
// Magnetization(T, 0) on the grid of N equally spaced temperatures in [Lo, Hi].
type Eq2Fit struct {
	A, K   float64 // fitted slope a and threshold factor k
	RMS    float64 // root-mean-square residual of the fit on the grid
	Lo, Hi float64 // the temperature grid
	N      int
}

// FitEq2 fits a and k of Eq2 to Magnetization(T, 0) by least squares on n equally spaced
// temperatures in [lo, hi] (use Eq2GridLo, Eq2GridHi, Eq2GridN for the documented default),
// minimising the mean squared residual with gonum's BFGS (analytic gradient) from several
// starting points and keeping the best. Errors: a bad grid, or no start converging.
func FitEq2(lo, hi float64, n int) (Eq2Fit, error) {
	temps, target, err := eq2Grid(lo, hi, n)
	if err != nil {
		return Eq2Fit{}, err
	}
	p := optimize.Problem{
		Func: func(x []float64) float64 { return eq2MeanSquare(x[0], x[1], temps, target, nil) },
		Grad: func(grad, x []float64) { eq2MeanSquare(x[0], x[1], temps, target, grad) },
	}
	best := Eq2Fit{RMS: math.Inf(1)}
	var lastErr error
	for _, start := range [][]float64{{PaperEq2A, PaperEq2K}, {3, 0.8}, {10, 0.9}, {1, 0.5}} {
		res, err := optimize.Minimize(p, start, &optimize.Settings{GradientThreshold: 1e-12}, &optimize.BFGS{})
		if err != nil {
			lastErr = err
			continue
		}
		rms := math.Sqrt(res.F)
		if rms < best.RMS {
			best = Eq2Fit{A: res.X[0], K: res.X[1], RMS: rms}
		}
	}
	if math.IsInf(best.RMS, 1) {
		return Eq2Fit{}, fmt.Errorf("physics: FitEq2: no start converged: %w", lastErr)
	}
	best.Lo, best.Hi, best.N = lo, hi, n
	return best, nil
}

// Eq2RMS returns the root-mean-square difference between Eq2 with the given a, k and
// Magnetization(T, 0) on n equally spaced temperatures in [lo, hi]; Eq2RMS(PaperEq2A,
// PaperEq2K, …) is the paper's Figure 2 error.
func Eq2RMS(a, k, lo, hi float64, n int) (float64, error) {
	temps, target, err := eq2Grid(lo, hi, n)
	if err != nil {
		return 0, err
	}
	return math.Sqrt(eq2MeanSquare(a, k, temps, target, nil)), nil
}

func eq2Grid(lo, hi float64, n int) (temps, target []float64, err error) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
		return nil, nil, fmt.Errorf("physics: Eq. 2 grid: need finite lo < hi, got [%g, %g]", lo, hi)
	}
	if n < 3 {
		return nil, nil, errors.New("physics: Eq. 2 grid: need at least 3 temperatures")
	}
	temps = make([]float64, n)
	target = make([]float64, n)
	for i := range temps {
		temps[i] = lo + (hi-lo)*float64(i)/float64(n-1)
		target[i] = Magnetization(temps[i], 0)
	}
	return temps, target, nil
}

// eq2MeanSquare returns the mean squared residual and, if grad is not nil, stores its gradient
// in (a, k): with z = a(T − k), e = ½ − ½tanh z, ∂e/∂a = −½sech²z·(T − k), ∂e/∂k = ½sech²z·a.
func eq2MeanSquare(a, k float64, temps, target, grad []float64) float64 {
	var sum, ga, gk float64
	for i, temp := range temps {
		th := math.Tanh(a * (temp - k*MeanFieldTc))
		r := 0.5 - 0.5*th - target[i]
		sum += r * r
		if grad != nil {
			s := 1 - th*th
			ga += r * (-0.5 * s * (temp - k*MeanFieldTc))
			gk += r * (0.5 * s * a * MeanFieldTc)
		}
	}
	n := float64(len(temps))
	if grad != nil {
		grad[0], grad[1] = 2*ga/n, 2*gk/n
	}
	return sum / n
}
