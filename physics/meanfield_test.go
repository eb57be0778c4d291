package physics

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestMagnetizationInversion uses the exact inverse of the mean-field equation: for any
// m ∈ (0, 1) the temperature at which m solves m = tanh((m + h)/t) is t = (m + h)/atanh(m).
// Rounding t to float64 moves the root by |∂m/∂t|·ulp(t)/2, which the tolerance includes.
func TestMagnetizationInversion(t *testing.T) {
	cases := []struct {
		m, h float64
	}{
		{0.999999, 0}, {0.99, 0}, {0.9, 0}, {0.5, 0}, {0.2, 0}, {0.1, 0}, {0.03, 0}, {0.01, 0},
		{0.999, 0.5}, {0.9, 0.1}, {0.5, 0.2}, {0.3, 1e-3}, {0.05, 1e-6}, {0.02, 1e-4},
		{0.95, 3}, {0.9999, 10}, {0.99, 2}, {0.7, 0.65}, {0.6, 5},
	}
	for _, c := range cases {
		for _, sgn := range []float64{1, -1} {
			if c.h == 0 && sgn < 0 {
				continue
			}
			temp := (c.m + c.h) / math.Atanh(c.m)
			if temp <= 0 || temp > 10 {
				t.Fatalf("bad case m=%g h=%g: t=%g", c.m, c.h, temp)
			}
			dmdt, _ := MagnetizationPartials(temp, c.h)
			tol := 1e-14 + 4*math.Abs(dmdt)*temp*0x1p-53
			got := Magnetization(temp, sgn*c.h)
			if d := refDiff(got, sgn*c.m); d > tol {
				t.Errorf("Magnetization(%.17g, %g) = %.17g, want %.17g (diff %.3g, tol %.3g)",
					temp, sgn*c.h, got, sgn*c.m, d, tol)
			}
		}
	}
}

// TestMagnetizationBig compares with the 256-bit bisection reference, near Tc in particular,
// where t = 1 − 1e-10 must give the small root √(3·1e-10)·(1 − (2/5)·1e-10).
func TestMagnetizationBig(t *testing.T) {
	cases := []struct {
		t, h float64
	}{
		{1 - 1e-10, 0}, {1 - 1e-14, 0}, {1 - 1e-6, 0}, {0.999, 0}, {0.9, 0}, {0.5, 0}, {0.2, 0},
		{0.06, 0}, {0.04, 0}, {1, 1e-12}, {1, 1e-6}, {1, 0.3}, {1 - 1e-10, 1e-15}, {1 + 1e-10, 1e-9},
		{1.5, 1e-3}, {2, 0.5}, {10, 10}, {10, 1e-8}, {0.3, 10}, {0.5, 1e-9}, {3, 7},
	}
	for _, c := range cases {
		want := refMagnetization(1-c.t, c.h)
		got := Magnetization(c.t, c.h)
		if d := refDiff(got, want); d > 1e-12 {
			t.Errorf("Magnetization(%.17g, %g) = %.17g, want %.17g (diff %.3g)", c.t, c.h, got, want, d)
		}
		if c.h > 0 {
			if d := refDiff(Magnetization(c.t, -c.h), -want); d > 1e-12 {
				t.Errorf("Magnetization(%.17g, %g) off by %.3g", c.t, -c.h, d)
			}
		}
	}
	// The Landau series for t = 1 − 1e-10 (closed form to O(ε^2.5) ≈ 1e-25).
	eps := 1 - (1 - 1e-10)
	want := math.Sqrt(3*eps) * (1 - 0.4*eps)
	if d := refDiff(Magnetization(1-1e-10, 0), want); d > 1e-12 || Magnetization(1-1e-10, 0) == 0 {
		t.Errorf("Magnetization(1-1e-10, 0) = %g, want %g", Magnetization(1-1e-10, 0), want)
	}
}

// TestMagnetizationRandom checks random (t, h) in 0 < t ≤ 10, |h| ≤ 10 (seeded) against the
// big-float reference.
func TestMagnetizationRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 150
	if testing.Short() {
		n = 30
	}
	worst := 0.0
	for range n {
		temp := 10 * rng.Float64()
		if rng.IntN(3) == 0 {
			temp = 1 + (rng.Float64()-0.5)*math.Pow(10, -12*rng.Float64())
		}
		h := 10 * math.Pow(10, -14*rng.Float64())
		if rng.IntN(5) == 0 {
			h = 0
			if temp >= 1 {
				continue
			}
		}
		want := refMagnetization(1-temp, h)
		d := refDiff(Magnetization(temp, h), want)
		worst = max(worst, d)
		if d > 1e-12 {
			t.Errorf("Magnetization(%.17g, %.17g) = %.17g, want %.17g (diff %.3g)", temp, h,
				Magnetization(temp, h), want, d)
		}
	}
	t.Logf("worst abs error over %d random points: %.3g", n, worst)
}

func TestMagnetizationSpecial(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		t, h float64
		want float64 // NaN means NaN
	}{
		{"NaN t", nan, 0, nan},
		{"NaN h", 0.5, nan, nan},
		{"t=0,h=0 ordered +1", 0, 0, 1},
		{"t<0,h=0", -3, 0, 1},
		{"t<0,h<0", -3, -0.1, -1},
		{"t=0,h>0", 0, 2, 1},
		{"t=-Inf", -inf, 0, 1},
		{"t tiny", 1e-300, 0, 1},
		{"t tiny h<0", 5e-324, -1, -1},
		{"Tc, h=0", 1, 0, 0},
		{"above Tc", 1.5, 0, 0},
		{"t=+Inf", inf, 3, 0},
		{"t=+Inf,h=Inf", inf, inf, nan},
		{"h=+Inf", 2, inf, 1},
		{"h=-Inf", 2, -inf, -1},
		{"huge h", 1, 1e300, 1},
		{"huge t", 1e300, 1, 1e-300},
		{"t saturation edge", saturationT, 0, 1},
	}
	for _, c := range cases {
		got := Magnetization(c.t, c.h)
		if math.IsNaN(c.want) {
			if !math.IsNaN(got) {
				t.Errorf("%s: Magnetization(%g, %g) = %g, want NaN", c.name, c.t, c.h, got)
			}
			continue
		}
		if refDiff(got, c.want) > 1e-15*math.Max(1, math.Abs(c.want)) && math.Abs(got/c.want-1) > 1e-12 {
			t.Errorf("%s: Magnetization(%g, %g) = %g, want %g", c.name, c.t, c.h, got, c.want)
		}
	}
}

// TestMagnetizationProperties: self-consistency residual, odd symmetry in h, monotonicity in t
// (decreasing for h ≥ 0) and in h (increasing), on a grid.
func TestMagnetizationProperties(t *testing.T) {
	hs := []float64{0, 1e-9, 1e-4, 0.01, 0.3, 1, 4, 10}
	for _, h := range hs {
		prev := math.Inf(1)
		for i := 1; i <= 1000; i++ {
			temp := 0.01 * float64(i)
			m := Magnetization(temp, h)
			if m > prev {
				t.Fatalf("h=%g: m not decreasing in t at t=%g: %g > %g", h, temp, m, prev)
			}
			prev = m
			if res := m - math.Tanh((m+h)/temp); math.Abs(res) > 4e-16 {
				t.Errorf("h=%g t=%g: residual %.3g", h, temp, res)
			}
			if h != 0 && Magnetization(temp, -h) != -m {
				t.Errorf("h=%g t=%g: m(t,-h) = %g, want %g", h, temp, Magnetization(temp, -h), -m)
			}
			if h > 0 && m < Magnetization(temp, h/2) {
				t.Errorf("t=%g: m not increasing in h at h=%g", temp, h)
			}
		}
	}
}

// TestFreeEnergyMinimum: Magnetization is the global minimiser of FreeEnergy over m ∈ [−1, 1]
// (checked on a fine grid) and a stationary point (∂F/∂m ≈ 0 by central differences).
func TestFreeEnergyMinimum(t *testing.T) {
	temps := []float64{0.1, 0.5, 0.9, 0.99, 1.2, 3}
	hs := []float64{0, 0.01, -0.01, 0.2, -1}
	for _, temp := range temps {
		for _, h := range hs {
			m := Magnetization(temp, h)
			fm := FreeEnergy(m, temp, h)
			for i := 0; i <= 4000; i++ {
				x := -1 + float64(i)/2000
				if f := FreeEnergy(x, temp, h); f < fm-1e-15 {
					t.Errorf("t=%g h=%g: F(%g) = %.17g < F(m=%g) = %.17g", temp, h, x, f, m, fm)
					break
				}
			}
			const d = 1e-5
			grad := (FreeEnergy(m+d, temp, h) - FreeEnergy(m-d, temp, h)) / (2 * d)
			if math.Abs(grad) > 1e-9 {
				t.Errorf("t=%g h=%g: dF/dm at m = %g", temp, h, grad)
			}
		}
	}
	// Below Tc at h = 0 the other root m = 0 is a maximum.
	if FreeEnergy(0, 0.5, 0) <= FreeEnergy(Magnetization(0.5, 0), 0.5, 0) {
		t.Error("F(0) should exceed F(m) below Tc")
	}
}

func TestFreeEnergyValues(t *testing.T) {
	cases := []struct {
		name       string
		m, t, h    float64
		want, tol  float64
		wantIsNaN  bool
		wantNegInf bool
	}{
		// closed form m²/2 − t·ln(2cosh((m+h)/t)) evaluated directly where it does not overflow
		{name: "m=0 t=1", m: 0, t: 1, h: 0, want: -math.Ln2, tol: 1e-16},
		{name: "m=0.5 t=2 h=0.1", m: 0.5, t: 2, h: 0.1, want: 0.125 - 2*math.Log(2*math.Cosh(0.3)), tol: 1e-15},
		{name: "large argument", m: 1, t: 1e-3, h: 0, want: 0.5 - 1 - 1e-3*math.Log1p(math.Exp(-2000)), tol: 1e-16},
		{name: "t=0 limit", m: 1, t: 0, h: 0.5, want: 0.5 - 1.5, tol: 0},
		{name: "t<0 is the t=0 limit", m: -1, t: -2, h: 0.5, want: 0.5 - 0.5, tol: 0},
		{name: "t=+Inf", m: 0, t: math.Inf(1), h: 0, wantNegInf: true},
		{name: "NaN", m: math.NaN(), t: 1, h: 0, wantIsNaN: true},
	}
	for _, c := range cases {
		got := FreeEnergy(c.m, c.t, c.h)
		switch {
		case c.wantIsNaN:
			if !math.IsNaN(got) {
				t.Errorf("%s: got %g, want NaN", c.name, got)
			}
		case c.wantNegInf:
			if !math.IsInf(got, -1) {
				t.Errorf("%s: got %g, want -Inf", c.name, got)
			}
		default:
			if refDiff(got, c.want) > c.tol {
				t.Errorf("%s: got %.17g, want %.17g", c.name, got, c.want)
			}
		}
	}
}

// TestMagnetizationPartials compares the implicit derivatives with central differences of
// Magnetization (step 1e-6, Richardson-extrapolated), away from the critical point.
func TestMagnetizationPartials(t *testing.T) {
	fd := func(f func(float64) float64, x, d float64) float64 {
		d1 := (f(x+d) - f(x-d)) / (2 * d)
		d2 := (f(x+d/2) - f(x-d/2)) / d
		return (4*d2 - d1) / 3
	}
	temps := []float64{0.1, 0.3, 0.7, 0.95, 1.05, 1.5, 4}
	hs := []float64{0, 1e-3, -0.05, 0.4, 3}
	for _, temp := range temps {
		for _, h := range hs {
			dt, dh := MagnetizationPartials(temp, h)
			wt := fd(func(x float64) float64 { return Magnetization(x, h) }, temp, 1e-4)
			wh := fd(func(x float64) float64 { return Magnetization(temp, x) }, h, 1e-5)
			if h == 0 {
				wh = dh // the h-derivative at h = 0 below Tc is one-sided (branch choice)
				if temp < 1 {
					wh = fd(func(x float64) float64 { return Magnetization(temp, x) }, 1e-3, 1e-5)
					_, dh = MagnetizationPartials(temp, 1e-3)
				}
			}
			if math.Abs(dt-wt) > 1e-7*math.Max(1, math.Abs(wt)) {
				t.Errorf("dm/dt(%g, %g) = %.12g, finite difference %.12g", temp, h, dt, wt)
			}
			if math.Abs(dh-wh) > 1e-7*math.Max(1, math.Abs(wh)) {
				t.Errorf("dm/dh(%g, %g) = %.12g, finite difference %.12g", temp, h, dh, wh)
			}
			if chi := Susceptibility(temp, h); h != 0 && chi != dh {
				t.Errorf("Susceptibility(%g, %g) = %g, want %g", temp, h, chi, dh)
			}
		}
	}
	// Closed forms: Curie–Weiss above Tc; the divergence at Tc; the Landau slope below Tc,
	// dm/dt ≈ −√3/(2√ε)·(1 − (6/5)ε).
	if _, dh := MagnetizationPartials(3, 0); math.Abs(dh-0.5) > 1e-16 {
		t.Errorf("chi(3, 0) = %g, want 0.5", dh)
	}
	if dt, dh := MagnetizationPartials(1, 0); !math.IsInf(dt, -1) || !math.IsInf(dh, 1) {
		t.Errorf("partials at Tc = %g, %g, want -Inf, +Inf", dt, dh)
	}
	eps := 1 - (1 - 1e-8)
	dt, _ := MagnetizationPartials(1-1e-8, 0)
	if want := -math.Sqrt(3) / (2 * math.Sqrt(eps)) * (1 - 1.2*eps); math.Abs(dt/want-1) > 1e-7 {
		t.Errorf("dm/dt(1-1e-8, 0) = %.12g, want %.12g", dt, want)
	}
	if dt, dh := MagnetizationPartials(0, 1); dt != 0 || dh != 0 {
		t.Errorf("partials at t=0 = %g, %g, want 0, 0", dt, dh)
	}
	if dt, dh := MagnetizationPartials(math.NaN(), 1); !math.IsNaN(dt) || !math.IsNaN(dh) {
		t.Errorf("partials at NaN = %g, %g, want NaN", dt, dh)
	}
}

// TestSecondDerivative checks the internal ∂²m/∂t² used by the tables against differences of
// the exact first derivative.
func TestSecondDerivative(t *testing.T) {
	for _, c := range []struct{ t, h float64 }{{0.3, 0}, {0.8, 0}, {0.999, 0}, {1, 1e-3}, {1.3, 0.2}, {0.6, -0.4}, {5, 2}} {
		sign, ah := 1.0, c.h
		if c.h < 0 {
			sign, ah = -1, -c.h
		}
		got := sign * meanField(c.t, 1-c.t, ah).secondT(c.t)
		d := 1e-6 * math.Min(1, (1-c.t)*(1-c.t)+ah)
		d = math.Max(d, 1e-9)
		p, _ := MagnetizationPartials(c.t+d, c.h)
		q, _ := MagnetizationPartials(c.t-d, c.h)
		want := (p - q) / (2 * d)
		if math.Abs(got-want) > 1e-5*math.Max(1, math.Abs(want)) {
			t.Errorf("m_tt(%g, %g) = %.10g, finite difference %.10g", c.t, c.h, got, want)
		}
	}
}

// TestTanhDefectCoefficients re-derives the Taylor coefficients of tanh from the recurrence
// (k+1)·a_(k+1) = [k = 0] − Σ_(i+j=k) a_i·a_j (tanh' = 1 − tanh²) in exact rationals.
func TestTanhDefectCoefficients(t *testing.T) {
	coef := []float64{tdc0, tdc1, tdc2, tdc3, tdc4, tdc5, tdc6, tdc7, tdc8, tdc9, tdc10, tdc11}
	n := 2*len(coef) + 2
	a := make([]*big.Rat, n+2)
	for i := range a {
		a[i] = new(big.Rat)
	}
	for k := 0; k <= n; k++ {
		s := new(big.Rat)
		if k == 0 {
			s.SetInt64(1)
		}
		for i := 0; i <= k; i++ {
			s.Sub(s, new(big.Rat).Mul(a[i], a[k-i]))
		}
		a[k+1].Quo(s, new(big.Rat).SetInt64(int64(k+1)))
	}
	for i, c := range coef {
		want, _ := new(big.Rat).Neg(a[2*i+3]).Float64()
		if c != want {
			t.Errorf("coefficient of y^%d: %.17g, want %.17g", 2*i+3, c, want)
		}
	}
	// The series and the direct difference agree where both are accurate.
	for _, y := range []float64{0.29, 0.2999999} {
		if d := math.Abs(tanhDefect(y, math.Tanh(y))/(y-math.Tanh(y)) - 1); d > 1e-13 {
			t.Errorf("series vs direct at %g: rel diff %.3g", y, d)
		}
	}
}

// TestMeanFieldIterations bounds the solver's work (it must stay under 1 µs).
func TestMeanFieldIterations(t *testing.T) {
	worst := 0
	for i := 1; i <= 400; i++ {
		for _, h := range []float64{0, 1e-12, 1e-6, 1e-3, 0.1, 1, 10} {
			temp := 0.025 * float64(i)
			n := meanFieldIterations(temp, h)
			worst = max(worst, n)
		}
	}
	for _, e := range []float64{1e-16, 1e-12, 1e-8, 1e-4, -1e-8} {
		worst = max(worst, meanFieldIterations(1-e, 0), meanFieldIterations(1-e, 1e-12))
	}
	t.Logf("worst iteration count: %d", worst)
	if worst > 12 {
		t.Errorf("solver took %d iterations", worst)
	}
}

var sinkF float64

func BenchmarkMagnetization(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	ts := make([]float64, 1024)
	hs := make([]float64, 1024)
	for i := range ts {
		ts[i] = 2 * rng.Float64()
		hs[i] = (rng.Float64() - 0.5) * 2 * math.Pow(10, -6*rng.Float64())
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		sinkF += Magnetization(ts[i&1023], hs[i&1023])
	}
}

func BenchmarkMagnetizationNearTc(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		sinkF += Magnetization(1-1e-10*float64(1+i&7), 0)
	}
}

func meanFieldIterations(t, h float64) int {
	_, n := meanFieldCount(t, 1-t, h)
	return n
}
