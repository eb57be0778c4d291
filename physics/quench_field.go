package physics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// QuenchMagnetization returns the mean-field magnetization on the quench axis, M(x, h) =
// Magnetization(1 − x, h), with its partial derivatives
//
//	∂M/∂x = −∂m/∂t,   ∂M/∂h = ∂m/∂h   (MagnetizationPartials, implicit-function theorem),
//
// from one solve, passing 1 − t = x to the solver exactly (as the quench tables do). Special
// cases: x ≥ 1 (t ≤ 0, fully ordered) gives (sign h, 0, 0) (sign 1 for h = 0); at the critical
// point x = 0, h = 0 the derivatives are (+Inf, +Inf); for h = 0 and x < 0, (0, 0, 1/(−x))
// (Curie–Weiss). M is odd in h, ∂M/∂x odd, ∂M/∂h even; at h = 0 and x > 0 the h-derivative is
// the one-sided one of the m > 0 branch (M itself jumps to −M for h < 0, the first-order
// transition of the ordered phase). NaN in gives NaN out.
func QuenchMagnetization(x, h float64) (m, dmdx, dmdh float64) {
	if math.IsNaN(x) || math.IsNaN(h) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	sign, ah := 1.0, h
	if h < 0 {
		sign, ah = -1, -h
	}
	if x >= 1 || math.IsInf(ah, 1) {
		return sign, 0, 0
	}
	if math.IsInf(x, -1) {
		return 0, 0, 0
	}
	st := quenchState(x, ah)
	dmdt, dh := st.partials(1 - x)
	return sign * st.m, -sign * dmdt, dh
}

// SpikeCounter evaluates the mean-field spike count S(x, h) = ∫₀^x m(1 − u, h) du
// (SpikeCount) and its field derivative ∂S/∂h at any field h in one magnetization solve per
// point, from a closed form in two universal functions of one variable, tabulated once.
//
// Along the branch at fixed h ≥ 0 the temperature is an explicit function of m, t(m) =
// (m + h)/atanh(m). Integrating by parts (m_x = m(1 − x, h), m₁ = m(1, h)),
//
//	S(x, h) = ∫_{1−x}^{1} m dt = m₁ − m_x·(1 − x) + ∫_{m₁}^{m_x} (m + h)/atanh(m) dm,
//
// and with m = tanh y (y = (m + h)/t, the solver's variable) the integral is
// P(y_x) − P(y₁) + h·[ln(m_x/m₁) + Q(y_x) − Q(y₁)], where
//
//	P(y) = ∫₀^y tanh(u)·sech²(u)/u du,   Q(y) = ∫₀^y sech²(u)·(1/u − coth u) du
//
// are smooth, start as y − 4y³/9 and −y²/6, and reach their limits to 1e-17 by y = 20. The
// h-derivative of this form collapses, because (m + h)/atanh(m) = t at both ends, to
//
//	∂S/∂h = ∫₀^x ∂m/∂h du = ∫_{m₁}^{m_x} dm/atanh(m) = ln(m_x/m₁) + Q(y_x) − Q(y₁).
//
// It diverges as h → 0 (m₁ ≈ (3h)^(1/3)): ∂S/∂h ≈ −(1/3)·ln|h| for x > 0 and ≈ (2/3)·ln|h| for
// x < 0, so at h = 0 it is +Inf for x > 0, −Inf for x < 0 and 0 at x = 0 (S(0, h) = 0).
// S is odd in h and ∂S/∂h even. For x ≥ 1, S = S(1, h) + sign(h)·(x − 1) and ∂S/∂h = ∂S/∂h(1).
//
// P and Q are cubic Hermite tables with step 1/1024 on [0, 20] (error below 2e-14; the tests
// compare S with SpikeCount to 1e-11 and ∂S/∂h with mpmath references). Read-only after
// NewSpikeCounter, so safe for concurrent use.
type SpikeCounter struct {
	p, q       *Table
	pInf, qInf float64 // P(20), Q(20): the limits to 1e-17
}

// spikeCounterYMax is where P and Q have converged: their integrands are below 4·e^(−40) < 2e-17.
const spikeCounterYMax = 20

// NewSpikeCounter builds the tables of P and Q (about a millisecond).
func NewSpikeCounter() (*SpikeCounter, error) {
	pf := func(u float64) float64 {
		if u == 0 {
			return 1
		}
		c := math.Cosh(u)
		return math.Tanh(u) / (u * c * c)
	}
	qf := func(u float64) float64 {
		c := math.Cosh(u)
		if u < 0.01 { // 1/u − coth u = −u/3 + u³/45 − 2u⁵/945 + …, no cancellation
			u2 := u * u
			return (-u/3 + u*u2/45 - 2*u*u2*u2/945) / (c * c)
		}
		return (1/u - 1/math.Tanh(u)) / (c * c)
	}
	const n = spikeCounterYMax*1024 + 1
	p, err := cumulativeTable(pf, n)
	if err != nil {
		return nil, fmt.Errorf("physics: NewSpikeCounter: %w", err)
	}
	q, err := cumulativeTable(qf, n)
	if err != nil {
		return nil, fmt.Errorf("physics: NewSpikeCounter: %w", err)
	}
	sc := &SpikeCounter{p: p, q: q}
	sc.pInf, _ = p.Eval(spikeCounterYMax)
	sc.qInf, _ = q.Eval(spikeCounterYMax)
	return sc, nil
}

// cumulativeTable tabulates I(y) = ∫₀^y f on n nodes over [0, spikeCounterYMax], the node
// values summed (with compensation, 20 480 terms) from 8-point Gauss–Legendre cell integrals
// (exact to rounding for these smooth integrands on cells of width 1/1024).
func cumulativeTable(f func(float64) float64, n int) (*Table, error) {
	w := float64(spikeCounterYMax) / float64(n-1)
	xs, ws := make([]float64, 8), make([]float64, 8)
	quad.Legendre{}.FixedLocations(xs, ws, 0, w)
	vals := make([]float64, n)
	var sum, comp float64 // Neumaier's compensated sum of the cell integrals
	for i := 1; i < n; i++ {
		a := float64(i-1) * w
		var s float64
		for k, x := range xs {
			s += ws[k] * f(a+x)
		}
		t := sum + s
		if math.Abs(sum) >= math.Abs(s) {
			comp += (sum - t) + s
		} else {
			comp += (s - t) + sum
		}
		sum = t
		vals[i] = sum + comp
	}
	at := func(y float64) float64 { return vals[int(math.Round(y/w))] }
	return NewTable(at, f, 0, spikeCounterYMax, n)
}

// pq returns P(y) and Q(y) (their limits beyond the table).
func (sc *SpikeCounter) pq(y float64) (p, q float64) {
	if y >= spikeCounterYMax {
		return sc.pInf, sc.qInf
	}
	p, _ = sc.p.Eval(y)
	q, _ = sc.q.Eval(y)
	return p, q
}

// SpikeCountAt is a SpikeCounter fixed at one field h: the quantities at the critical
// quench x = 0 are solved once, so that each Eval costs one magnetization solve.
type SpikeCountAt struct {
	sc       *SpikeCounter
	sign, ah float64 // sign(h) (1 for h = 0) and |h|
	c1, dc1  float64 // m₁ − P(y₁) − |h|·(ln m₁ + Q(y₁)) and −ln m₁ − Q(y₁) (0 for h = 0)
}

// At returns the counter at field h (finite; NaN gives an evaluator that returns NaN).
func (sc *SpikeCounter) At(h float64) SpikeCountAt {
	a := SpikeCountAt{sc: sc, sign: 1, ah: h}
	if h < 0 {
		a.sign, a.ah = -1, -h
	}
	if a.ah > 0 {
		st := quenchState(0, a.ah)
		p, q := sc.pq(st.y)
		lm := math.Log(st.m)
		a.c1 = st.m - p - a.ah*(lm+q)
		a.dc1 = -lm - q
	}
	return a
}

// H returns the field h of the evaluator.
func (a SpikeCountAt) H() float64 { return a.sign * a.ah }

// Eval returns S(x, h), the magnetization m(1 − x, h) = ∂S/∂x and ∂S/∂h at x.
func (a SpikeCountAt) Eval(x float64) (s, m, dsdh float64) {
	if math.IsNaN(x) || math.IsNaN(a.ah) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	if x >= 1 {
		s1 := a.c1 + a.sc.pInf + a.ah*a.sc.qInf
		dsdh = a.dc1 + a.sc.qInf
		if a.ah == 0 {
			dsdh = math.Inf(1)
		}
		return a.sign * (s1 + (x - 1)), a.sign, dsdh
	}
	if a.ah == 0 {
		switch {
		case x < 0:
			return 0, 0, math.Inf(-1)
		case x == 0:
			return 0, 0, 0
		}
		st := quenchState(x, 0)
		p, _ := a.sc.pq(st.y)
		return p - st.m*(1-x), st.m, math.Inf(1)
	}
	st := quenchState(x, a.ah)
	p, q := a.sc.pq(st.y)
	lm := math.Log(st.m)
	s = a.c1 - st.m*(1-x) + p + a.ah*(lm+q)
	dsdh = a.dc1 + lm + q
	return a.sign * s, a.sign * st.m, dsdh
}
