package physics

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// onsagerTableIntervals is the number of grid intervals in s = x^(1/8) of an OnsagerTable. With
// 1024 the interpolation error is below 1e-10 for M and S (measured in the tests); the three
// tables take 3·4·1024 float64 = 96 KiB.
const onsagerTableIntervals = 1024

// OnsagerTable evaluates the exact 2D magnetization and its quench integral fast, in terms of the
// quench x in units of J (temperature T = Tc − x, J = 1, Tc = OnsagerTc), for use as an
// activation (which, measuring its own x′ in units of Tc, reads it at x = Tc·x′: M(Tc·(1 − x′))
// = Magnetization(Tc·x′), ∫₀^x′ M(Tc·(1 − u)) du = SpikeCount(Tc·x′)/Tc):
//
//	Magnetization(x)  = OnsagerMagnetization(Tc − x)
//	DMagnetization(x) = d/dx Magnetization(x) = −OnsagerMagnetizationDeriv(Tc − x)
//	SpikeCount(x)     = OnsagerSpikeCount(x) = ∫₀^x Magnetization(u) du
//
// Near x = 0⁺ the magnetization behaves like C·x^(1/8), so the table is kept in the variable
// s = x^(1/8) ∈ [0, Tc^(1/8)], in which M(s) = s·φ(s⁸) with φ analytic: piecewise cubic Hermite
// interpolation on a uniform s-grid, with the exact s-derivatives at the nodes, is then accurate
// everywhere. Outside (0, Tc) the values are exact: M = 0, S = 0 for x ≤ 0; M = 1, dM/dx = 0 and
// S = S(Tc) + (x − Tc) for x ≥ Tc. NaN in, NaN out.
//
// Accuracy (tests): |ΔM|, |ΔS| ≤ 1e-9 everywhere; dM/dx, which diverges like x^(−7/8) at 0⁺, has
// relative error ≤ 1e-7 (absolute error ≤ 1e-7·max(1, |dM/dx|)). An OnsagerTable is immutable
// after construction and safe for concurrent use.
type OnsagerTable struct {
	invH   float64   // 1/h, h the grid step in s
	spikeC float64   // S(Tc), the spike count at the end of the ordered range
	m      []float64 // 4 Hermite coefficients per interval of M(s)
	g      []float64 // of G(s) = dM/ds
	s      []float64 // of S(s)
}

// NewOnsagerTable builds the table (about a millisecond). It returns an error only if the
// construction fails a self-check (a non-finite node value), which would be a bug.
func NewOnsagerTable() (*OnsagerTable, error) {
	n := onsagerTableIntervals
	sMax := math.Pow(OnsagerTc, 1.0/8)
	h := sMax / float64(n)
	type node struct{ m, dm, g, dg, s, ds float64 }
	nodes := make([]node, n+1)
	var gx, gw [onsagerSpikeNodes]float64
	quad.Legendre{}.FixedLocations(gx[:], gw[:], -1, 1)
	for i := range nodes {
		s := float64(i) * h
		if i == n {
			s = sMax
		}
		m, g, dg := onsagerNode(s)
		nodes[i] = node{m: m, dm: g, g: g, dg: dg, ds: 8 * math.Pow(s, 7) * m}
		if i > 0 {
			nodes[i].s = nodes[i-1].s + onsagerSpikeRange(float64(i-1)*h, s, 1, gx[:], gw[:])
		}
		if nd := nodes[i]; !onsagerFinite(nd.m, nd.dm, nd.g, nd.dg, nd.s, nd.ds) {
			return nil, errors.New("physics: Onsager table has a non-finite node (bug)")
		}
	}
	t := &OnsagerTable{
		invH:   1 / h,
		spikeC: nodes[n].s,
		m:      make([]float64, 4*n),
		g:      make([]float64, 4*n),
		s:      make([]float64, 4*n),
	}
	for i := range n {
		a, b := nodes[i], nodes[i+1]
		onsagerHermite(t.m[4*i:4*i+4], a.m, b.m, a.dm, b.dm, h)
		onsagerHermite(t.g[4*i:4*i+4], a.g, b.g, a.dg, b.dg, h)
		onsagerHermite(t.s[4*i:4*i+4], a.s, b.s, a.ds, b.ds, h)
	}
	return t, nil
}

// Magnetization returns OnsagerMagnetization(Tc − x) to within 1e-9.
func (t *OnsagerTable) Magnetization(x float64) float64 {
	if !(x > 0) {
		if x != x {
			return x
		}
		return 0
	}
	if x >= OnsagerTc {
		return 1
	}
	return t.eval(t.m, x)
}

// DMagnetization returns d/dx OnsagerMagnetization(Tc − x) (≥ 0), to a relative 1e-7. It is 0 for
// x ≤ 0 (the disordered side, including x = 0 where M has its x^(1/8) cusp) and for x ≥ Tc.
func (t *OnsagerTable) DMagnetization(x float64) float64 {
	if !(x > 0) {
		if x != x {
			return x
		}
		return 0
	}
	if x >= OnsagerTc {
		return 0
	}
	// dM/dx = (dM/ds)/(8 s⁷) = G(s)·s/(8x).
	s := math.Sqrt(math.Sqrt(math.Sqrt(x)))
	return t.evalS(t.g, s) * s / (8 * x)
}

// SpikeCount returns OnsagerSpikeCount(x) = ∫₀^x Magnetization(u) du to within 1e-9.
func (t *OnsagerTable) SpikeCount(x float64) float64 {
	if !(x > 0) {
		if x != x {
			return x
		}
		return 0
	}
	if x >= OnsagerTc {
		return t.spikeC + (x - OnsagerTc)
	}
	return t.eval(t.s, x)
}

// eval interpolates the table c at quench 0 < x < Tc.
func (t *OnsagerTable) eval(c []float64, x float64) float64 {
	return t.evalS(c, math.Sqrt(math.Sqrt(math.Sqrt(x))))
}

// evalS interpolates the table c at s = x^(1/8).
func (t *OnsagerTable) evalS(c []float64, s float64) float64 {
	u := s * t.invH
	i := int(u)
	if i >= len(c)/4 {
		i = len(c)/4 - 1
	}
	u -= float64(i)
	k := c[4*i : 4*i+4 : 4*i+4]
	return k[0] + u*(k[1]+u*(k[2]+u*k[3]))
}

// onsagerHermite writes into c the power-basis coefficients, in u = (s − s0)/h ∈ [0, 1], of the
// cubic Hermite interpolant with values y0, y1 and derivatives d0, d1 (in s) at the ends:
//
//	p(u) = c0 + c1·u + c2·u² + c3·u³,
//	c0 = y0, c1 = h·d0, c2 = 3(y1 − y0) − h(2d0 + d1), c3 = 2(y0 − y1) + h(d0 + d1).
//
// Its error is at most h⁴/384·max|f⁗| on the interval.
func onsagerHermite(c []float64, y0, y1, d0, d1, h float64) {
	c[0] = y0
	c[1] = h * d0
	c[2] = 3*(y1-y0) - h*(2*d0+d1)
	c[3] = 2*(y0-y1) + h*(d0+d1)
}

// onsagerNode returns, at s = x^(1/8) ∈ [0, Tc^(1/8)], the magnetization M, its s-derivative
// G = dM/ds = 8s⁷·dM/dx and G' = d²M/ds² = 56s⁶·dM/dx + 64s¹⁴·d²M/dx².
//
// In x, with T = Tc − x, K = 2/T, σ = sinh K and W = 1 − σ⁻⁴ (so M = W^(1/8)):
//
//	W'  = 8 cosh K σ⁻⁵ / T²
//	W'' = 8 σ⁻⁴ / T² · (2/T² − 10 coth²K / T² + 2 coth K / T)
//	M'  = W' / (8 W^(7/8)),   M'' = W'' / (8 W^(7/8)) − 7 W'² / (64 W^(15/8)).
//
// At s = 0: M = 0, G = W'(0)^(1/8) = (8√2/Tc²)^(1/8), G' = 0 (M = s·φ(s⁸)).
func onsagerNode(s float64) (m, g, dg float64) {
	if s <= 0 {
		return 0, math.Pow(8*math.Sqrt2/(OnsagerTc*OnsagerTc), 1.0/8), 0
	}
	s2 := s * s
	s4 := s2 * s2
	x := s4 * s4
	if x >= OnsagerTc {
		return 1, 0, 0
	}
	T := OnsagerTc - x
	K := 2 / T
	inv := 1 / math.Sinh(K)
	inv2 := inv * inv
	inv4 := inv2 * inv2
	if inv4 == 0 {
		return 1, 0, 0 // T → 0⁺: every derivative is below e^(−8/T) ≈ 0.
	}
	w := onsagerW(T, x)
	coth := 1 / math.Tanh(K)
	w1 := 8 * inv4 * coth / (T * T)
	w2 := 8 * inv4 / (T * T) * (2/(T*T) - 10*coth*coth/(T*T) + 2*coth/T)
	w78 := math.Pow(w, 7.0/8)
	m = math.Pow(w, 1.0/8)
	m1 := w1 / (8 * w78)
	m2 := w2/(8*w78) - 7*w1*w1/(64*w78*w)
	s6 := s4 * s2
	g = 8 * s6 * s * m1
	dg = 56*s6*m1 + 64*x*s6*m2
	return m, g, dg
}

// onsagerFinite reports whether every value is neither NaN nor ±Inf.
func onsagerFinite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
