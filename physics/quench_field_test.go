package physics

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// TestQuenchFieldReference checks ∂M/∂h (QuenchMagnetization) and ∂S/∂h (SpikeCounter)
// against mpmath: the root by a bracketed solver at 40 digits, ∂M/∂h by numerical
// differentiation of the root in h, ∂S/∂h by adaptive quadrature of that derivative over the
// quench (testdata/quench_field_ref.py prints this table).
func TestQuenchFieldReference(t *testing.T) {
	cases := []struct{ x, h, dmdh, dsdh float64 }{
		{0.5, 0.1, 0.11917031506621427, 0.33735011665694805},
		{-0.5, 0.1, 1.7926377100795718, -1.0955971855442151},
		{0.2, 0.01, 1.4486439106067942, 0.78780464955841908},
		{-2, 0.3, 0.483674769150011, -1.5706039597086082},
		{0.9, 1, 1.6993417021166362e-16, 0.016259772162583477},
		{-10, 2, 0.095742177332648914, -1.419474004884588},
		{0.05, 0.0001, 9.0318783112926879, 1.714391933946453},
		{-0.05, 0.0001, 19.998320228445207, -3.5090850554835237},
		{1.5, 0.2, 0.0, 0.2007610765245631},
		{0.3, 4, 3.5707350430423679e-6, 1.6466239075105188e-5},
	}
	sc, err := NewSpikeCounter()
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, c := range cases {
		for _, sign := range []float64{1, -1} { // ∂/∂h is even in h
			_, _, dmdh := QuenchMagnetization(c.x, sign*c.h)
			_, _, dsdh := sc.At(sign * c.h).Eval(c.x)
			em := math.Abs(dmdh-c.dmdh) / (1e-12 + math.Abs(c.dmdh))
			es := math.Abs(dsdh-c.dsdh) / (1 + math.Abs(c.dsdh))
			worst = max(worst, es)
			if em > 1e-10 || es > 1e-11 {
				t.Errorf("x=%v h=%v: ∂M/∂h = %.15g (want %.15g), ∂S/∂h = %.15g (want %.15g)", c.x, sign*c.h, dmdh, c.dmdh, dsdh, c.dsdh)
			}
		}
	}
	t.Logf("worst |∂S/∂h − mpmath|/(1 + |ref|) = %.2g", worst)
}

// TestSpikeCounterMatchesSpikeCount: the closed form agrees with the quadrature of SpikeCount
// (itself checked against the parametric reference to 1e-11), and ∂S/∂h with central
// differences of SpikeCount in h, on a grid on both sides of the threshold.
func TestSpikeCounterMatchesSpikeCount(t *testing.T) {
	sc, err := NewSpikeCounter()
	if err != nil {
		t.Fatal(err)
	}
	xs := []float64{-200, -7, -1.3, -0.4, -0.02, -1e-5, 0, 1e-6, 0.003, 0.1, 0.45, 0.8, 0.97, 1, 2.5}
	hs := []float64{0, 1e-8, 1e-4, 0.02, 0.3, 1, 4.5, -0.02, -1}
	worstS, worstD := 0.0, 0.0
	for _, h := range hs {
		at := sc.At(h)
		for _, x := range xs {
			s, m, dsdh := at.Eval(x)
			if d := math.Abs(s - SpikeCount(x, h)); d > 1e-11*(1+math.Abs(s)) {
				t.Errorf("S(%v, %v) = %.15g, SpikeCount %.15g", x, h, s, SpikeCount(x, h))
			} else {
				worstS = max(worstS, d)
			}
			if want := Magnetization(1-x, h); x != 0 && math.Abs(m-want) > 1e-12 {
				t.Errorf("m(%v, %v) = %.15g, Magnetization %.15g", x, h, m, want)
			}
			if math.Abs(h) < 1e-3 || x == 0 {
				continue // FD in h needs h far from the h ln h singularity at 0
			}
			dh := 1e-5 * math.Abs(h)
			fd := (SpikeCount(x, h+dh) - SpikeCount(x, h-dh)) / (2 * dh)
			e := math.Abs(dsdh-fd) / (1 + math.Abs(fd))
			worstD = max(worstD, e)
			if e > 1e-6 {
				t.Errorf("∂S/∂h(%v, %v) = %.12g, finite difference %.12g", x, h, dsdh, fd)
			}
		}
	}
	t.Logf("worst |S − SpikeCount| = %.2g; worst |∂S/∂h − FD|/(1 + |FD|) = %.2g", worstS, worstD)
}

// TestSpikeCounterLimits: the h = 0 derivative is infinite off the threshold with the sign of
// x, S(0, h) = 0, and the small-h asymptotics −(1/3)ln h (x > 0), (2/3)ln h (x < 0) hold.
func TestSpikeCounterLimits(t *testing.T) {
	sc, err := NewSpikeCounter()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, d := sc.At(0).Eval(0.3); !math.IsInf(d, 1) {
		t.Errorf("∂S/∂h(0.3, 0) = %v, want +Inf", d)
	}
	if _, _, d := sc.At(0).Eval(-0.3); !math.IsInf(d, -1) {
		t.Errorf("∂S/∂h(−0.3, 0) = %v, want −Inf", d)
	}
	if s, _, d := sc.At(0.7).Eval(0); math.Abs(s) > 1e-15 || math.Abs(d) > 1e-15 {
		t.Errorf("S(0, 0.7) = %v, ∂S/∂h = %v, want 0, 0", s, d)
	}
	// The slope of ∂S/∂h in ln h between h = 1e-10 and 1e-12 tends to −1/3 and +2/3.
	for _, c := range []struct{ x, slope float64 }{{0.3, -1.0 / 3}, {-0.3, 2.0 / 3}} {
		_, _, d1 := sc.At(1e-10).Eval(c.x)
		_, _, d2 := sc.At(1e-12).Eval(c.x)
		if got := (d1 - d2) / math.Log(100); math.Abs(got-c.slope) > 1e-3 {
			t.Errorf("x=%v: d(∂S/∂h)/d ln h = %v, want %v", c.x, got, c.slope)
		}
	}
	if s, _, _ := sc.At(0.5).Eval(math.NaN()); !math.IsNaN(s) {
		t.Errorf("NaN in gave %v", s)
	}
}

// TestQuenchMagnetizationPartials: the x-derivative and h-derivative agree with central
// differences of Magnetization, and the special cases hold.
func TestQuenchMagnetizationPartials(t *testing.T) {
	for _, h := range []float64{0.05, 0.5, -0.3, 2} {
		for _, x := range []float64{-3, -0.4, 0.1, 0.6, 0.95} {
			m, dx, dh := QuenchMagnetization(x, h)
			const e = 1e-6
			fx := (Magnetization(1-x-e, h) - Magnetization(1-x+e, h)) / (2 * e)
			fh := (Magnetization(1-x, h+e) - Magnetization(1-x, h-e)) / (2 * e)
			if math.Abs(m-Magnetization(1-x, h)) > 1e-15 || math.Abs(dx-fx) > 1e-6*(1+math.Abs(fx)) || math.Abs(dh-fh) > 1e-6*(1+math.Abs(fh)) {
				t.Errorf("x=%v h=%v: (%v, %v, %v), FD (%v, %v)", x, h, m, dx, dh, fx, fh)
			}
		}
	}
	if m, dx, dh := QuenchMagnetization(-0.5, 0); m != 0 || dx != 0 || math.Abs(dh-2) > 1e-15 {
		t.Errorf("h=0, x=−0.5: (%v, %v, %v), want (0, 0, 2)", m, dx, dh)
	}
	if m, dx, dh := QuenchMagnetization(1.2, -0.1); m != -1 || dx != 0 || dh != 0 {
		t.Errorf("x ≥ 1, h < 0: (%v, %v, %v), want (−1, 0, 0)", m, dx, dh)
	}
	if _, dx, dh := QuenchMagnetization(0, 0); !math.IsInf(dx, 1) || !math.IsInf(dh, 1) {
		t.Errorf("critical point: (%v, %v), want (+Inf, +Inf)", dx, dh)
	}
}

func BenchmarkSpikeCounterEval(b *testing.B) {
	sc, err := NewSpikeCounter()
	if err != nil {
		b.Fatal(err)
	}
	at := sc.At(0.05)
	var sink float64
	for i := 0; b.Loop(); i++ {
		s, _, d := at.Eval(float64(i%200)/100 - 1)
		sink += s + d
	}
	_ = sink
}

// TestSpikeCounterTables bounds the interpolation error of the P and Q tables, the documented
// 2e-14: at cell midpoints (where cubic Hermite error peaks) over [0, 20] against 40-point
// Gauss–Legendre (gonum) on [0, y] split into unit pieces.
func TestSpikeCounterTables(t *testing.T) {
	sc, err := NewSpikeCounter()
	if err != nil {
		t.Fatal(err)
	}
	pf := func(u float64) float64 { c := math.Cosh(u); return math.Tanh(u) / (u * c * c) }
	qf := func(u float64) float64 { c := math.Cosh(u); return (1/u - 1/math.Tanh(u)) / (c * c) }
	integral := func(f func(float64) float64, y float64) float64 {
		var s float64
		for a := 0.0; a < y; a++ {
			s += quad.Fixed(f, a, math.Min(a+1, y), 40, quad.Legendre{}, 0)
		}
		return s
	}
	worst := 0.0
	for i := 0; i < 20*1024; i += 37 {
		y := (float64(i) + 0.5) / 1024
		p, q := sc.pq(y)
		e := max(math.Abs(p-integral(pf, y)), math.Abs(q-integral(qf, y)))
		worst = max(worst, e)
		if e > 2e-14 {
			t.Fatalf("P, Q at %v: (%.17g, %.17g), quadrature (%.17g, %.17g)", y, p, q, integral(pf, y), integral(qf, y))
		}
	}
	t.Logf("worst |table − quadrature| at cell midpoints = %.2g", worst)
}
