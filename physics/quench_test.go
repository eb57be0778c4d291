package physics

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// refSpikeDiff is an independent reference for S(q_b, h) − S(q_a, h), from the parametric form
// of the mean-field curve: along the branch m ∈ (0, 1) the quench is u(m) = 1 − (m + h)/atanh(m)
// (the exact inverse of m = tanh((m + h)/t)), so integrating by parts
//
//	∫_{q_a}^{q_b} m du = m_b·q_b − m_a·q_a − ∫_{m_a}^{m_b} u(m) dm,
//
// whose integrand is smooth; it is integrated by 40-point Gauss–Legendre (gonum) on
// geometrically shrinking pieces towards m = 0 and m = 1. No root finding is involved: the
// caller chooses m_a < m_b and gets q_a, q_b.
func refSpikeDiff(ma, mb, h float64) (qa, qb, diff float64) {
	u := func(m float64) float64 {
		if m == 0 {
			return 0 // h = 0 limit 1 − m/atanh(m) → 0
		}
		return 1 - (m+h)/math.Atanh(m)
	}
	qa, qb = u(ma), u(mb)
	// Breakpoints: ma·2^k going up, 1 − 2^-k towards 1, and 1/2.
	pts := []float64{ma}
	if ma > 0 {
		for x := 2 * ma; x < math.Min(mb, 0.5); x *= 2 {
			pts = append(pts, x)
		}
	} else {
		for x := 1e-8; x < math.Min(mb, 0.5); x *= 4 {
			pts = append(pts, x)
		}
	}
	for k := 1; ; k++ {
		x := 1 - math.Ldexp(1, -k)
		if x >= mb {
			break
		}
		if x > pts[len(pts)-1] {
			pts = append(pts, x)
		}
	}
	pts = append(pts, mb)
	var integral float64
	for i := 0; i+1 < len(pts); i++ {
		integral += quad.Fixed(u, pts[i], pts[i+1], 40, quad.Legendre{}, 0)
	}
	return qa, qb, mb*qb - ma*qa - integral
}

func TestSpikeCountParametric(t *testing.T) {
	cases := []struct {
		ma, mb, h float64
	}{
		// h = 0: m_a = 0 is q_a = 0, so these are S(q_b, 0) itself.
		{0, 1e-4, 0}, {0, 0.01, 0}, {0, 0.3, 0}, {0, 0.7, 0}, {0, 0.95, 0}, {0, 0.999, 0},
		{0, 0.999999, 0},
		// h > 0: pairs straddling the critical point q = 0 and far below it.
		{0.001, 0.5, 0.01}, {0.2, 0.9, 0.1}, {1e-4, 0.99, 1e-3}, {1e-6, 0.3, 0.1},
		{0.05, 0.999, 1}, {0.8, 0.9999, 3}, {0.3, 0.6, 0.25},
	}
	worst := 0.0
	for _, c := range cases {
		qa, qb, want := refSpikeDiff(c.ma, c.mb, c.h)
		got := SpikeCount(qb, c.h) - SpikeCount(qa, c.h)
		d := refDiff(got, want)
		worst = max(worst, d)
		if d > 1e-11 {
			t.Errorf("S(%.6g, %g) − S(%.6g, %g) = %.15g, want %.15g (diff %.3g)", qb, c.h, qa, c.h, got, want, d)
		}
		if c.h > 0 {
			if g := SpikeCount(qb, -c.h) - SpikeCount(qa, -c.h); refDiff(g, -want) > 1e-11 {
				t.Errorf("odd symmetry in h fails at q=%g: %g vs %g", qb, g, -want)
			}
		}
	}
	t.Logf("worst |S − reference| = %.3g", worst)
}

// TestSpikeCountClosedForms: values that follow from the definition without quadrature.
func TestSpikeCountClosedForms(t *testing.T) {
	s1 := SpikeCount(1, 0)
	// m reaches 1 only as t → 0: take the reference up to m_b = 1 − 1e-15 (q_b ≈ 0.943) and add
	// (1 − q_b)·1; the neglected ∫(1 − m) over [q_b, 1] is below 2e^(−2/0.057) ≈ 1e-15.
	_, qb, refb := refSpikeDiff(0, 1-1e-15, 0)
	ref1 := refb + (1 - qb)
	cases := []struct {
		name      string
		q, h      float64
		want, tol float64
	}{
		{"q=0", 0, 0.3, 0, 0},
		{"h=0, q<0: m=0 above Tc", -5, 0, 0, 0},
		{"h=0, q=-Inf", math.Inf(-1), 0, 0, 0},
		{"S(1, 0) from the parametric reference", 1, 0, ref1, 1e-9},
		{"linear for q ≥ 1 (m = 1 at t ≤ 0)", 7.5, 0, s1 + 6.5, 1e-12},
		{"linear far out", 1e6, 0, s1 + (1e6 - 1), 1e-9},
		{"h=+Inf: m ≡ 1", -3, math.Inf(1), -3, 0},
		{"h=-Inf: m ≡ -1", 2, math.Inf(-1), -2, 0},
		// Onset: S ≈ (2/√3)q^(3/2)(1 − 6q/25), the integral of the Landau series.
		{"onset q=1e-6", 1e-6, 0, 2 / math.Sqrt(3) * 1e-9 * (1 - 6e-6/25), 1e-20},
	}
	for _, c := range cases {
		got := SpikeCount(c.q, c.h)
		if refDiff(got, c.want) > c.tol {
			t.Errorf("%s: SpikeCount(%g, %g) = %.17g, want %.17g", c.name, c.q, c.h, got, c.want)
		}
	}
	if !math.IsNaN(SpikeCount(math.NaN(), 0)) || !math.IsNaN(SpikeCount(1, math.NaN())) {
		t.Error("NaN in should give NaN out")
	}
	if !math.IsInf(SpikeCount(math.Inf(1), 0.1), 1) || !math.IsInf(SpikeCount(math.Inf(-1), 0.1), -1) {
		t.Error("S(±Inf, h>0) should be ±Inf")
	}
}

// TestSpikeCountDerivative: dS/dq = Magnetization(1 − q, h) by central differences.
func TestSpikeCountDerivative(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 40 {
		q := 6*rng.Float64() - 4
		h := []float64{0, 0.01, -0.2, 1}[rng.IntN(4)]
		if math.Abs(q) < 0.01 {
			continue
		}
		const d = 1e-4
		fd := (SpikeCount(q+d, h) - SpikeCount(q-d, h)) / (2 * d)
		want := Magnetization(1-q, h)
		if math.Abs(fd-want) > 1e-7 {
			t.Errorf("dS/dq(%g, %g) = %.10g by differences, m = %.10g", q, h, fd, want)
		}
	}
}

// TestSpikeCountFarNegative: for q → −∞, m ≈ h/v − (1 + v)h³/(3v⁴) with v = −u, so
// S(−b) − S(−a) = −h·ln(b/a) + (h³/3)[(a⁻³ − b⁻³)/3 + (a⁻² − b⁻²)/2] + O(h⁵/a⁴).
func TestSpikeCountFarNegative(t *testing.T) {
	for _, h := range []float64{0.1, 1} {
		a, b := 1e5, 1e6
		want := -h*math.Log(b/a) + h*h*h/3*((1/(a*a*a)-1/(b*b*b))/3+(1/(a*a)-1/(b*b))/2)
		got := SpikeCount(-b, h) - SpikeCount(-a, h)
		if d := refDiff(got, want); d > 1e-10 {
			t.Errorf("h=%g: S(-1e6) − S(-1e5) = %.15g, want %.15g (diff %.3g)", h, got, want, d)
		}
	}
}

func TestQuenchTanh(t *testing.T) {
	ln2 := math.Ln2
	cases := []struct {
		name      string
		q, a      float64
		want, tol float64
	}{
		// Closed form q/2 + ln(cosh(a q))/(2a) evaluated directly where cosh does not overflow.
		{"a=1 q=0.5", 0.5, 1, 0.25 + math.Log(math.Cosh(0.5))/2, 1e-16},
		{"a=1 q=3", 3, 1, 1.5 + math.Log(math.Cosh(3))/2, 1e-15},
		{"a=6 q=-0.4", -0.4, 6, -0.2 + math.Log(math.Cosh(2.4))/12, 1e-16},
		{"a=-2 q=1.5", 1.5, -2, 0.75 - math.Log(math.Cosh(3))/4, 1e-15},
		// The paper's a = 1 form with the corrected constant: q + ½ln(1 + e^(−2q)) − ½ln2.
		{"paper form q=2", 2, 1, 2 + 0.5*math.Log1p(math.Exp(-4)) - 0.5*ln2, 1e-15},
		// Asymptotes (exact to rounding since e^(−2e6) = 0).
		{"q=1e6", 1e6, 1, 1e6 - ln2/2, 1e-9},
		{"q=-1e6", -1e6, 1, -ln2 / 2, 1e-16},
		{"q=1e6 a=-1", 1e6, -1, ln2 / 2, 1e-16},
		// Small a: ln cosh(z) ≈ z²/2 − z⁴/12, so S ≈ q/2 + a q²/4 − a³q⁴/24.
		{"a=1e-12", 3, 1e-12, 1.5 + 1e-12*9/4, 1e-28},
		{"a=0", 3, 0, 1.5, 0},
		{"a=+Inf (step)", 2, math.Inf(1), 2, 0},
		{"a=+Inf q<0", -2, math.Inf(1), 0, 0},
	}
	for _, c := range cases {
		got := QuenchTanh(c.q, c.a)
		if refDiff(got, c.want) > c.tol {
			t.Errorf("%s: QuenchTanh(%g, %g) = %.17g, want %.17g", c.name, c.q, c.a, got, c.want)
		}
	}
	if QuenchTanh(0, 1) != 0 || !math.IsNaN(QuenchTanh(math.NaN(), 1)) {
		t.Error("QuenchTanh(0) must be 0 and NaN must propagate")
	}
	// Derivative ½(1 + tanh(a q)) and continuity at the |aq| = 1 switch.
	for _, a := range []float64{1, 6, -3} {
		for _, q := range []float64{-2, -1 / a, -0.1, 0.3, 1 / a, 4} {
			const d = 1e-6
			fd := (QuenchTanh(q+d, a) - QuenchTanh(q-d, a)) / (2 * d)
			if want := 0.5 * (1 + math.Tanh(a*q)); math.Abs(fd-want) > 1e-8 {
				t.Errorf("d/dq QuenchTanh(%g, %g) = %.10g, want %.10g", q, a, fd, want)
			}
		}
	}
}

func TestQuenchSigmoid(t *testing.T) {
	cases := []struct {
		name      string
		q         float64
		want, tol float64
	}{
		// ln(1 + e^q) − ln 2 evaluated directly where e^q is moderate.
		{"q=0.5", 0.5, math.Log(1+math.Exp(0.5)) - math.Ln2, 1e-16},
		{"q=-3", -3, math.Log(1+math.Exp(-3)) - math.Ln2, 2e-16},
		{"q=20", 20, 20 + math.Log1p(math.Exp(-20)) - math.Ln2, 1e-14},
		// Small q: ln((1 + e^q)/2) = q/2 + q²/8 − q⁴/192 + …
		{"q=1e-9", 1e-9, 5e-10 + 1e-18/8, 1e-25},
		{"q=1e6", 1e6, 1e6 - math.Ln2, 1e-9},
		{"q=-1e6", -1e6, -math.Ln2, 0},
		{"q=-Inf", math.Inf(-1), -math.Ln2, 0},
	}
	for _, c := range cases {
		got := QuenchSigmoid(c.q)
		if refDiff(got, c.want) > c.tol {
			t.Errorf("%s: QuenchSigmoid(%g) = %.17g, want %.17g", c.name, c.q, got, c.want)
		}
	}
	for _, q := range []float64{-5, -1, -0.2, 0, 0.7, 1, 9} {
		const d = 1e-6
		fd := (QuenchSigmoid(q+d) - QuenchSigmoid(q-d)) / (2 * d)
		if want := 1 / (1 + math.Exp(-q)); math.Abs(fd-want) > 1e-8 {
			t.Errorf("d/dq QuenchSigmoid(%g) = %.10g, want %.10g", q, fd, want)
		}
	}
}

// TestGaussKronrodRule: K15 is exact for polynomials up to degree 22 and G7 up to degree 13.
func TestGaussKronrodRule(t *testing.T) {
	for deg := 0; deg <= 22; deg++ {
		f := func(x float64) float64 { return math.Pow(x, float64(deg)) }
		want := (math.Pow(2, float64(deg+1)) - math.Pow(-1, float64(deg+1))) / float64(deg+1)
		k, g := gk15(f, -1, 2)
		if math.Abs(k-want) > 1e-13*math.Max(1, math.Abs(want)) {
			t.Errorf("K15 ∫x^%d over [-1,2] = %.16g, want %.16g", deg, k, want)
		}
		if deg <= 13 && math.Abs(g-want) > 1e-13*math.Max(1, math.Abs(want)) {
			t.Errorf("G7 ∫x^%d over [-1,2] = %.16g, want %.16g", deg, g, want)
		}
	}
}

func BenchmarkSpikeCount(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		sinkF += SpikeCount(0.3+0.01*float64(i&15), 0)
	}
}
