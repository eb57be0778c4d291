package physics

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/optimize"
)

// TestFitEq2 fits Eq. 2 on the default grid, checks that it beats the paper's a = 6, k = 1,
// that it is a minimum (perturbing a or k raises the RMS) and that gonum's derivative-free
// Nelder–Mead, an independent method, lands on the same parameters.
func TestFitEq2(t *testing.T) {
	fit, err := FitEq2(Eq2GridLo, Eq2GridHi, Eq2GridN)
	if err != nil {
		t.Fatal(err)
	}
	paper, err := Eq2RMS(PaperEq2A, PaperEq2K, Eq2GridLo, Eq2GridHi, Eq2GridN)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("T ∈ [%g, %g], %d points: best fit a = %.6f, k = %.6f, RMS = %.6f; paper a = 6, k = 1: RMS = %.6f",
		fit.Lo, fit.Hi, fit.N, fit.A, fit.K, fit.RMS, paper)
	if !(fit.RMS < paper) {
		t.Errorf("fit RMS %g is not below the paper's %g", fit.RMS, paper)
	}
	if fit.K >= 1 || fit.K <= 0.5 || fit.A <= 0 {
		t.Errorf("implausible fit a=%g k=%g (the mean-field curve falls to ½ below Tc)", fit.A, fit.K)
	}
	// Direct recomputation of the RMS from the returned parameters.
	if r, _ := Eq2RMS(fit.A, fit.K, fit.Lo, fit.Hi, fit.N); math.Abs(r-fit.RMS) > 1e-15 {
		t.Errorf("Eq2RMS at the fit = %g, fit says %g", r, fit.RMS)
	}
	for _, d := range [][2]float64{{0.05, 0}, {-0.05, 0}, {0, 0.002}, {0, -0.002}} {
		r, _ := Eq2RMS(fit.A+d[0], fit.K+d[1], fit.Lo, fit.Hi, fit.N)
		if r <= fit.RMS {
			t.Errorf("perturbation %v lowers the RMS: %g ≤ %g", d, r, fit.RMS)
		}
	}
	temps, target, _ := eq2Grid(Eq2GridLo, Eq2GridHi, Eq2GridN)
	p := optimize.Problem{Func: func(x []float64) float64 { return eq2MeanSquare(x[0], x[1], temps, target, nil) }}
	res, err := optimize.Minimize(p, []float64{4, 0.7}, nil, &optimize.NelderMead{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.X[0]-fit.A) > 1e-3*fit.A || math.Abs(res.X[1]-fit.K) > 1e-4 {
		t.Errorf("Nelder–Mead found a=%g k=%g, BFGS a=%g k=%g", res.X[0], res.X[1], fit.A, fit.K)
	}
}

// TestEq2 checks the model's closed-form values and the analytic gradient of the objective.
func TestEq2(t *testing.T) {
	if v := Eq2(1, 6, 1); v != 0.5 {
		t.Errorf("Eq2 at T = k·Tc = %g, want 0.5", v)
	}
	if v := Eq2(0, 6, 1); math.Abs(v-(0.5+0.5*math.Tanh(6))) > 1e-16 {
		t.Errorf("Eq2(0) = %g", v)
	}
	temps, target, _ := eq2Grid(0, 2, 101)
	grad := make([]float64, 2)
	eq2MeanSquare(5, 0.8, temps, target, grad)
	const d = 1e-6
	fa := (eq2MeanSquare(5+d, 0.8, temps, target, nil) - eq2MeanSquare(5-d, 0.8, temps, target, nil)) / (2 * d)
	fk := (eq2MeanSquare(5, 0.8+d, temps, target, nil) - eq2MeanSquare(5, 0.8-d, temps, target, nil)) / (2 * d)
	if math.Abs(grad[0]-fa) > 1e-8 || math.Abs(grad[1]-fk) > 1e-8 {
		t.Errorf("gradient (%g, %g), finite differences (%g, %g)", grad[0], grad[1], fa, fk)
	}
}

func TestFitEq2Errors(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		n      int
	}{{0, 2, 2}, {2, 0, 100}, {math.NaN(), 2, 100}, {0, math.Inf(1), 100}} {
		if _, err := FitEq2(c.lo, c.hi, c.n); err == nil {
			t.Errorf("FitEq2(%g, %g, %d): want an error", c.lo, c.hi, c.n)
		}
		if _, err := Eq2RMS(6, 1, c.lo, c.hi, c.n); err == nil {
			t.Errorf("Eq2RMS(%g, %g, %d): want an error", c.lo, c.hi, c.n)
		}
	}
}
