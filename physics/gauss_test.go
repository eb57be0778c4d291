package physics

import (
	"math"
	"testing"
)

func step(y float64) float64 {
	if y >= 0 {
		return 1
	}
	return 0
}

func relu(y float64) float64 { return math.Max(y, 0) }

// Closed forms of the Gaussian averages (section 3.1, Wilson–Cowan):
// E[H(x + σξ)] = Φ(x/σ), E[ReLU(x + σξ)] = x·Φ(x/σ) + σ·φ(x/σ), E[e^(x+σξ)] = e^(x + σ²/2),
// E[(x + σξ)²] = x² + σ².
func stepAvg(x, s float64) float64 { return StdNormalCDF(x / s) }
func reluAvg(x, s float64) float64 { return x*StdNormalCDF(x/s) + s*StdNormalPDF(x/s) }

// TestGaussSmooth: Gauss–Hermite is exact for polynomials and exponentially accurate for e^y.
func TestGaussSmooth(t *testing.T) {
	r, err := NewGaussRule(32)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		f         func(float64) float64
		x, sigma  float64
		want, tol float64
	}{
		{"square", func(y float64) float64 { return y * y }, 0.7, 1.3, 0.49 + 1.69, 1e-14},
		{"quartic", func(y float64) float64 { return y * y * y * y }, 0, 2, 3 * 16, 1e-12},
		{"exp", math.Exp, 0.2, 0.9, math.Exp(0.2 + 0.81/2), 1e-14},
		{"negative sigma is symmetric", math.Exp, 0.2, -0.9, math.Exp(0.2 + 0.81/2), 1e-14},
		{"sigma=0", math.Exp, 0.2, 0, math.Exp(0.2), 0},
	}
	for _, c := range cases {
		for _, avg := range []struct {
			name string
			f    func(f func(float64) float64, x, s float64) float64
		}{
			{"Hermite", r.Average},
			{"Kink", func(f func(float64) float64, x, s float64) float64 { return r.AverageKink(f, x, s, 0) }},
		} {
			got := avg.f(c.f, c.x, c.sigma)
			if refDiff(got, c.want) > c.tol*math.Max(1, math.Abs(c.want)) {
				t.Errorf("%s %s: got %.16g, want %.16g", avg.name, c.name, got, c.want)
			}
		}
	}
	if !math.IsNaN(r.Average(math.Exp, math.NaN(), 1)) || !math.IsNaN(r.Average(math.Exp, 0, math.Inf(1))) ||
		!math.IsNaN(r.AverageKink(math.Exp, 0, 1, math.NaN())) {
		t.Error("NaN/Inf arguments should give NaN")
	}
}

// TestGaussKinked measures Gauss–Hermite on the step and the ReLU (algebraic convergence) and
// checks the split rule to 1e-13. Tolerances are the measured errors with a margin of ~2.
func TestGaussKinked(t *testing.T) {
	type tc struct {
		n              int
		stepTol, reTol float64 // Gauss–Hermite tolerances for this n
	}
	worst := func(avg func(f func(float64) float64, x, s float64) float64, f, want func(x, s float64) float64) float64 {
		w := 0.0
		for _, s := range []float64{0.1, 0.5, 1, 3} {
			for i := -40; i <= 40; i++ {
				x := 0.1 * float64(i) * s
				w = max(w, refDiff(avg(func(y float64) float64 { return f(y, 0) }, x, s), want(x, s))/s)
			}
		}
		return w
	}
	reluF := func(y, _ float64) float64 { return relu(y) }
	for _, c := range []tc{{16, 0.2, 2e-2}, {64, 0.1, 5e-3}, {200, 0.06, 2e-3}} {
		r, err := NewGaussRule(c.n)
		if err != nil {
			t.Fatal(err)
		}
		// the step's error is not divided by σ: worst() divides by s, so undo it for the step
		ws := 0.0
		for _, s := range []float64{0.1, 0.5, 1, 3} {
			for i := -40; i <= 40; i++ {
				x := 0.1 * float64(i) * s
				ws = max(ws, refDiff(r.Average(step, x, s), stepAvg(x, s)))
			}
		}
		wr := worst(r.Average, reluF, reluAvg)
		t.Logf("Gauss–Hermite n=%3d: step max error %.2g, ReLU max error/σ %.2g", c.n, ws, wr)
		if ws > c.stepTol || wr > c.reTol {
			t.Errorf("n=%d: step %.3g (tol %g), ReLU %.3g (tol %g)", c.n, ws, c.stepTol, wr, c.reTol)
		}
	}
	r, _ := NewGaussRule(64)
	kink := func(f func(float64) float64, x, s float64) float64 { return r.AverageKink(f, x, s, 0) }
	var ws float64
	for _, s := range []float64{0.1, 0.5, 1, 3} {
		for i := -40; i <= 40; i++ {
			x := 0.1 * float64(i) * s
			ws = max(ws, refDiff(kink(step, x, s), stepAvg(x, s)))
		}
	}
	wr := worst(kink, reluF, reluAvg)
	t.Logf("AverageKink: step max error %.2g, ReLU max error/σ %.2g", ws, wr)
	if ws > 1e-13 || wr > 1e-13 {
		t.Errorf("AverageKink: step %.3g, ReLU %.3g", ws, wr)
	}
}

// TestGaussSpikeCount: averaging the exact magnetization (square-root onset at x = 0) and spike
// count with AverageKink, checked against an adaptive Gauss–Kronrod reference of
// ∫ φ(ξ) f(x + σξ) dξ on |ξ| ≤ 12 split at the kink.
func TestGaussSpikeCount(t *testing.T) {
	r, err := NewGaussRule(64)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := NewMeanFieldTable(0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    func(float64) float64
		tol  float64
	}{{"magnetization", tb.Magnetization, 1e-9}, {"spike count", tb.SpikeCount, 1e-10}} {
		var w float64
		// x = 0 and x = −1 put the kink on the fixed breaks ξ = 0 and ξ = 2.
		for _, x := range []float64{-1, -0.2, 0, 0.3, 1.5} {
			const s = 0.5
			g := func(xi float64) float64 { return StdNormalPDF(xi) * c.f(x+s*xi) }
			xk := -x / s
			want := adaptiveGK(g, -12, xk, 1e-15, 0) + adaptiveGK(g, xk, 12, 1e-15, 0)
			w = max(w, refDiff(r.AverageKink(c.f, x, s, 0), want))
		}
		t.Logf("AverageKink on the h=0 %s: max error %.2g", c.name, w)
		if w > c.tol {
			t.Errorf("%s: error %.3g > %g", c.name, w, c.tol)
		}
	}
}

func TestNewGaussRuleErrors(t *testing.T) {
	for _, n := range []int{0, -1, 1001} {
		if _, err := NewGaussRule(n); err == nil {
			t.Errorf("NewGaussRule(%d): want an error", n)
		}
	}
	r, err := NewGaussRule(1)
	if err != nil || r.N() != 1 {
		t.Fatalf("NewGaussRule(1) = %v, %v", r, err)
	}
	if v := r.Average(func(y float64) float64 { return y }, 0.3, 2); math.Abs(v-0.3) > 1e-16 {
		t.Errorf("1-point rule on a line: %g", v)
	}
}

func BenchmarkGaussAverage64(b *testing.B) {
	r, _ := NewGaussRule(64)
	for i := 0; b.Loop(); i++ {
		sinkF += r.Average(relu, 0.01*float64(i&63), 0.5)
	}
}

func BenchmarkGaussAverageKink(b *testing.B) {
	r, _ := NewGaussRule(64)
	for i := 0; b.Loop(); i++ {
		sinkF += r.AverageKink(relu, 0.01*float64(i&63), 0.5, 0)
	}
}
