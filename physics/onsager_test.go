package physics

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigLn1PlusSqrt2 returns ln(1 + √2) at prec bits, as 2·atanh(√2 − 1) = 2·Σ z^(2k+1)/(2k+1),
// z = √2 − 1 ((y − 1)/(y + 1) for y = 1 + √2), summed until the terms vanish at that precision.
func bigLn1PlusSqrt2(prec uint) *big.Float {
	z := new(big.Float).SetPrec(prec).SetInt64(2)
	z.Sqrt(z)
	z.Sub(z, big.NewFloat(1))
	z2 := new(big.Float).SetPrec(prec).Mul(z, z)
	sum := new(big.Float).SetPrec(prec)
	pow := new(big.Float).SetPrec(prec).Set(z)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(prec)-8)
	for k := int64(0); ; k++ {
		term := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetInt64(2*k+1))
		sum.Add(sum, term)
		if term.Cmp(eps) < 0 {
			break
		}
		pow.Mul(pow, z2)
	}
	return sum.Mul(sum, big.NewFloat(2))
}

func TestOnsagerTcConstant(t *testing.T) {
	// Independent 256-bit computation of 2/ln(1+√2) with math/big.
	const prec = 256
	kc := bigLn1PlusSqrt2(prec)
	tc := new(big.Float).SetPrec(prec).Quo(big.NewFloat(2), kc)
	want, _ := tc.Float64()
	if OnsagerTc != want {
		t.Errorf("OnsagerTc = %.17g, big.Float 2/ln(1+√2) = %.17g", OnsagerTc, want)
	}
	wantKc, _ := kc.Float64()
	if onsagerKc != wantKc {
		t.Errorf("onsagerKc = %.17g, want %.17g", onsagerKc, wantKc)
	}
	if got := math.Sinh(onsagerKc); math.Abs(got-1) > 2e-16 {
		t.Errorf("sinh(Kc) = %.17g, want 1", got)
	}
}

// Reference values: mpmath at 80 digits, M = (1 − sinh(2/T)^(−4))^(1/8) and its numerical
// derivative mpmath.diff (script physics/testdata/onsager_ref.py; formula
// from Yang 1952). Special values from the definition.
var onsagerMTests = []struct {
	T, m, dm float64
	tol      float64 // relative, for both
}{
	{0.5, 0.99999977462720856954, -7.2167753076647103523e-6, 1e-13},
	{1.0, 0.99927575195706119656, -0.0060254534402051458998, 1e-13},
	{1.5, 0.98649960262149446519, -0.057886246253639316003, 1e-13},
	{2.0, 0.91131937787749597752, -0.32966532938360958789, 1e-13},
	{2.2, 0.78475513138392151278, -1.3391203225319489651, 1e-13},
	{2.26, 0.61337080686293314977, -8.2861191540942448186, 1e-12},
	{2.269, 0.3768892264219718979, -254.18563287458769451, 1e-11},
	{2.2691853, 0.11529724627169207725, -1014010.6483617330595, 1e-8},
	{OnsagerTc, 0, 0, 0},
	{3, 0, 0, 0},
	{math.Inf(1), 0, 0, 0},
	{0, 1, 0, 0},
	{-1, 1, 0, 0},
	{math.Inf(-1), 1, 0, 0},
	{1e-300, 1, 0, 0},
	{0.01, 1, 0, 0},
}

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func TestOnsagerMagnetization(t *testing.T) {
	for _, tc := range onsagerMTests {
		if got := OnsagerMagnetization(tc.T); relErr(got, tc.m) > tc.tol {
			t.Errorf("OnsagerMagnetization(%v) = %.17g, want %.17g", tc.T, got, tc.m)
		}
		if got := OnsagerMagnetizationDeriv(tc.T); relErr(got, tc.dm) > tc.tol {
			t.Errorf("OnsagerMagnetizationDeriv(%v) = %.17g, want %.17g", tc.T, got, tc.dm)
		}
	}
	if !math.IsNaN(OnsagerMagnetization(math.NaN())) || !math.IsNaN(OnsagerMagnetizationDeriv(math.NaN())) {
		t.Error("NaN in should give NaN out")
	}
}

func TestOnsagerMagnetizationQuench(t *testing.T) {
	// mpmath, 80 digits (physics/testdata/onsager_ref.py), M(Tc − x) for tiny quenches x: the quench form must keep these digits
	// although Tc − x rounds to Tc in float64 for the first two.
	tests := []struct{ x, want, tol float64 }{
		{1e-30, 0.00019621541897020719772, 1e-14},
		{1e-12, 0.034892583948684543255, 1e-14},
		{1e-6, 0.19621539946577355856, 1e-13},
	}
	for _, tc := range tests {
		if got := onsagerMagQuench(tc.x); relErr(got, tc.want) > tc.tol {
			t.Errorf("M(Tc − %g) = %.17g, want %.17g", tc.x, got, tc.want)
		}
	}
}

func TestOnsagerMagnetizationProperties(t *testing.T) {
	// Monotone non-increasing in T, derivative matches a central difference, and the
	// critical law M ≈ (8√2 (Tc − T)/Tc²)^(1/8) holds close to Tc.
	prev := 1.0
	for T := 0.05; T < OnsagerTc; T += 0.001 {
		m := OnsagerMagnetization(T)
		if m > prev || m < 0 || m > 1 {
			t.Fatalf("M(%v) = %v not in [0, prev = %v]", T, m, prev)
		}
		prev = m
	}
	for _, T := range []float64{0.8, 1.2, 1.9, 2.1, 2.25} {
		h := 1e-6
		fd := (OnsagerMagnetization(T+h) - OnsagerMagnetization(T-h)) / (2 * h)
		if got := OnsagerMagnetizationDeriv(T); relErr(got, fd) > 1e-6 {
			t.Errorf("dM/dT(%v) = %v, central difference %v", T, got, fd)
		}
	}
	for _, d := range []float64{1e-9, 1e-12} {
		crit := math.Pow(8*math.Sqrt2*d/(OnsagerTc*OnsagerTc), 1.0/8)
		if got := onsagerMagQuench(d); relErr(got, crit) > 1e-6 {
			t.Errorf("M(Tc − %g) = %v, critical law %v", d, got, crit)
		}
	}
}

// Reference values: mpmath at 80 digits (physics/testdata/onsager_ref.py), ∫₀^q M(Tc − u) du via u = s⁸ with mpmath.quad
// (tanh-sinh), plus q − Tc beyond Tc.
var onsagerSpikeTests = []struct{ q, want float64 }{
	{1e-12, 3.1015630176609933741e-14},
	{1e-6, 1.7441369657273833617e-7},
	{0.01, 0.0055125427658594296354},
	{0.1, 0.073162136635441283668},
	{0.5, 0.43782992730353819192},
	{1, 0.92938578654549928725},
	{2, 1.9287298784010569575},
	{2.2, 2.1287298784010548506},
	{3, 2.9287298784010548506},
	{10, 9.9287298784010548506},
	{0, 0},
	{-5, 0},
	{math.Inf(-1), 0},
}

func TestOnsagerSpikeCount(t *testing.T) {
	for _, tc := range onsagerSpikeTests {
		if got := OnsagerSpikeCount(tc.q); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("OnsagerSpikeCount(%v) = %.17g, want %.17g", tc.q, got, tc.want)
		}
	}
	if got := OnsagerSpikeCount(math.Inf(1)); !math.IsInf(got, 1) {
		t.Errorf("OnsagerSpikeCount(+Inf) = %v", got)
	}
	if got := OnsagerSpikeCount(math.NaN()); !math.IsNaN(got) {
		t.Errorf("OnsagerSpikeCount(NaN) = %v", got)
	}
	// The quadrature agrees with a 4× refined rule (self-convergence).
	for _, q := range []float64{1e-3, 0.7, 1.3, 2.2, OnsagerTc} {
		coarse := OnsagerSpikeCount(q)
		fine := onsagerSpikeS(math.Pow(math.Min(q, OnsagerTc), 1.0/8), 64)
		if math.Abs(coarse-fine) > 1e-13 {
			t.Errorf("S(%v): 16 panels %.17g, 64 panels %.17g", q, coarse, fine)
		}
	}
}

func newTestTable(t testing.TB) *OnsagerTable {
	t.Helper()
	tab, err := NewOnsagerTable()
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// onsagerTablePoints returns quenches covering (0, Tc) densely: uniform, log-spaced down to
// 1e-300, just below Tc, and random.
func onsagerTablePoints() []float64 {
	var xs []float64
	for i := 1; i < 20000; i++ {
		xs = append(xs, OnsagerTc*float64(i)/20000)
	}
	for e := -300.0; e < 0.35; e += 0.01 {
		xs = append(xs, math.Pow(10, e))
	}
	for d := 1e-15; d < 1; d *= 1.5 {
		xs = append(xs, OnsagerTc-d)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		xs = append(xs, OnsagerTc*r.Float64())
	}
	return xs
}

func TestOnsagerTableAccuracy(t *testing.T) {
	tab := newTestTable(t)
	var errM, errS, errD float64
	for i, x := range onsagerTablePoints() {
		if !(x > 0 && x < OnsagerTc) {
			continue
		}
		errM = math.Max(errM, math.Abs(tab.Magnetization(x)-onsagerMagQuench(x)))
		dm := -onsagerDeriv(OnsagerTc-x, x)
		errD = math.Max(errD, math.Abs(tab.DMagnetization(x)-dm)/math.Max(1, math.Abs(dm)))
		if i%10 == 0 { // the exact quadrature is slower; every tenth point.
			errS = math.Max(errS, math.Abs(tab.SpikeCount(x)-OnsagerSpikeCount(x)))
		}
	}
	t.Logf("max errors: M %.2e, S %.2e, dM/dx (relative) %.2e", errM, errS, errD)
	if errM > 1e-9 || errS > 1e-9 || errD > 1e-7 {
		t.Errorf("table errors M %.2e (≤1e-9), S %.2e (≤1e-9), dM/dx %.2e (≤1e-7)", errM, errS, errD)
	}
}

func TestOnsagerTableSpecial(t *testing.T) {
	tab := newTestTable(t)
	sTc := OnsagerSpikeCount(OnsagerTc)
	tests := []struct {
		x, m, dm, s float64
	}{
		{0, 0, 0, 0},
		{-1, 0, 0, 0},
		{math.Inf(-1), 0, 0, 0},
		{OnsagerTc, 1, 0, sTc},
		{5, 1, 0, sTc + 5 - OnsagerTc},
		{math.Inf(1), 1, 0, math.Inf(1)},
	}
	for _, tc := range tests {
		if got := tab.Magnetization(tc.x); got != tc.m {
			t.Errorf("Magnetization(%v) = %v, want %v", tc.x, got, tc.m)
		}
		if got := tab.DMagnetization(tc.x); got != tc.dm {
			t.Errorf("DMagnetization(%v) = %v, want %v", tc.x, got, tc.dm)
		}
		if got := tab.SpikeCount(tc.x); math.Abs(got-tc.s) > 1e-12 && got != tc.s {
			t.Errorf("SpikeCount(%v) = %v, want %v", tc.x, got, tc.s)
		}
	}
	nan := math.NaN()
	if !math.IsNaN(tab.Magnetization(nan)) || !math.IsNaN(tab.DMagnetization(nan)) || !math.IsNaN(tab.SpikeCount(nan)) {
		t.Error("NaN in should give NaN out")
	}
	// Continuity across the table's ends.
	if got := tab.Magnetization(math.Nextafter(OnsagerTc, 0)); math.Abs(got-1) > 1e-12 {
		t.Errorf("M just below x = Tc: %v", got)
	}
	if got := tab.SpikeCount(math.Nextafter(OnsagerTc, 0)); math.Abs(got-sTc) > 1e-12 {
		t.Errorf("S just below x = Tc: %v, want %v", got, sTc)
	}
}

var onsagerSink float64

func onsagerBenchInputs() []float64 {
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 4096)
	for i := range xs {
		xs[i] = OnsagerTc * r.Float64() // all inside (0, Tc): the interpolated range, the worst case
	}
	return xs
}

func BenchmarkOnsagerTable(b *testing.B) {
	tab := newTestTable(b)
	xs := onsagerBenchInputs()
	for _, bm := range []struct {
		name string
		f    func(float64) float64
	}{
		{"Magnetization", tab.Magnetization},
		{"DMagnetization", tab.DMagnetization},
		{"SpikeCount", tab.SpikeCount},
		{"Exact", func(x float64) float64 { return OnsagerMagnetization(OnsagerTc - x) }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			var s float64
			for i := 0; b.Loop(); i++ {
				s += bm.f(xs[i&4095])
			}
			onsagerSink = s
		})
	}
}

func BenchmarkOnsagerSpikeCount(b *testing.B) {
	var s float64
	for i := 0; b.Loop(); i++ {
		s += OnsagerSpikeCount(float64(i%100) * 0.02)
	}
	onsagerSink = s
}
