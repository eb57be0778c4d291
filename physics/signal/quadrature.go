package signal

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/integrate/quad"
)

// invSqrt2Pi is 1/√(2π), the normalisation of the standard normal density.
const invSqrt2Pi = 0.398942280401432677939946059934381868475858631164934657665925829670

// maxKinks bounds Activation.Kinks so that the breakpoints of one integral fit in a fixed
// array (no allocation per evaluation).
const maxKinks = 6

// Activation is the scalar activation φ and its derivative φ′, for example the F and DF of
// an activations.Activation.
type Activation struct {
	// F is φ(x).
	F func(float64) float64
	// DF is φ′(x); where φ has a kink either one-sided value may be returned.
	DF func(float64) float64
	// Kinks lists pre-activations x ≠ 0 where φ or φ′ is not smooth (for example ±1 for a
	// hard tanh). x = 0 is always a panel boundary and need not be listed. At most 6.
	Kinks []float64
}

// Options are the quadrature and solver settings of a Theory. The zero value of each field
// selects its default.
type Options struct {
	// HalfWidth L truncates z ~ N(0, 1) to [−L, L]; default 10 (the neglected mass is
	// erfc(10/√2) ≈ 1.5e-23).
	HalfWidth float64
	// Panels is the number of Gauss–Legendre panels on each side of a breakpoint, graded
	// quadratically (the k-th boundary at distance L·(k/P)²); default 20.
	Panels int
	// Refine is the number of geometric refinements (ratio 1/4) of the panel next to each
	// breakpoint; default 8. Negative means none.
	Refine int
	// Order is the number of Gauss–Legendre nodes per panel; default 8.
	Order int
	// Q0 is the input variance the length map is iterated from; default 1. A tiny Q0
	// (1e-9) selects the smallest stable fixed point (see FixedPoint).
	Q0 float64
	// QMax: a fixed point q* above QMax·max(1, Q0) is reported as divergence; default 1e12.
	QMax float64
	// MinWeightVariance and MaxWeightVariance bound the σ_w² searched for the edge of chaos;
	// defaults 1e-3 and 1e3.
	MinWeightVariance, MaxWeightVariance float64
}

func (o Options) withDefaults() Options {
	if o.HalfWidth == 0 {
		o.HalfWidth = 10
	}
	if o.Panels == 0 {
		o.Panels = 20
	}
	if o.Refine == 0 {
		o.Refine = 8
	} else if o.Refine < 0 {
		o.Refine = 0
	}
	if o.Order == 0 {
		o.Order = 8
	}
	if o.Q0 == 0 {
		o.Q0 = 1
	}
	if o.QMax == 0 {
		o.QMax = 1e12
	}
	if o.MinWeightVariance == 0 {
		o.MinWeightVariance = 1e-3
	}
	if o.MaxWeightVariance == 0 {
		o.MaxWeightVariance = 1e3
	}
	return o
}

func (o Options) validate() error {
	switch {
	case !(o.HalfWidth >= 4 && o.HalfWidth <= 40):
		return fmt.Errorf("signal: HalfWidth %v outside [4, 40]", o.HalfWidth)
	case o.Panels < 1 || o.Panels > 1000:
		return fmt.Errorf("signal: Panels %d outside [1, 1000]", o.Panels)
	case o.Refine > 25:
		return fmt.Errorf("signal: Refine %d above 25", o.Refine)
	case o.Order < 2 || o.Order > 200:
		return fmt.Errorf("signal: Order %d outside [2, 200]", o.Order)
	case !(o.Q0 > 0) || math.IsInf(o.Q0, 0):
		return fmt.Errorf("signal: Q0 %v is not positive and finite", o.Q0)
	case !(o.QMax > 1) || math.IsInf(o.QMax, 0):
		return fmt.Errorf("signal: QMax %v is not finite and > 1", o.QMax)
	case !(o.MinWeightVariance > 0 && o.MinWeightVariance < o.MaxWeightVariance) || math.IsInf(o.MaxWeightVariance, 0):
		return fmt.Errorf("signal: weight-variance search range [%v, %v] is not 0 < min < max < ∞",
			o.MinWeightVariance, o.MaxWeightVariance)
	}
	return nil
}

// Theory is the mean-field theory of one activation with a precomputed quadrature rule.
// Build it with New; it is immutable and safe for concurrent use.
type Theory struct {
	f, df func(float64) float64
	kinks []float64 // nonzero kinks, sorted
	opt   Options

	// gx, gw: Gauss–Legendre nodes and weights on [0, 1].
	gx, gw []float64
	// z, w: the static rule for E[g(z)], z ~ N(0, 1), with breakpoint z = 0; w includes the
	// normal density.
	z, w []float64
}

// New returns the Theory of φ = a.F with the given options (nil for the defaults).
func New(a Activation, opt *Options) (*Theory, error) {
	if a.F == nil || a.DF == nil {
		return nil, errors.New("signal: activation needs both F and DF")
	}
	var o Options
	if opt != nil {
		o = *opt
	}
	o = o.withDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	if len(a.Kinks) > maxKinks {
		return nil, fmt.Errorf("signal: %d kinks, at most %d supported", len(a.Kinks), maxKinks)
	}
	t := &Theory{f: a.F, df: a.DF, opt: o}
	for _, k := range a.Kinks {
		if math.IsNaN(k) || math.IsInf(k, 0) {
			return nil, fmt.Errorf("signal: kink %v is not finite", k)
		}
		if k != 0 && !slices.Contains(t.kinks, k) {
			t.kinks = append(t.kinks, k)
		}
	}
	slices.Sort(t.kinks)

	t.gx = make([]float64, o.Order)
	t.gw = make([]float64, o.Order)
	quad.Legendre{}.FixedLocations(t.gx, t.gw, 0, 1)

	n := 2 * (o.Panels + o.Refine) * o.Order
	t.z = make([]float64, 0, n)
	t.w = make([]float64, 0, n)
	t.eachNode(0, func(z, w float64) {
		t.z = append(t.z, z)
		t.w = append(t.w, w)
	})
	return t, nil
}

// eachNode calls fn(z, w) for every node of the composite rule with the single breakpoint
// b (see eachNodeBreaks).
func (t *Theory) eachNode(b float64, fn func(z, w float64)) {
	var bp [1]float64
	bp[0] = b
	t.eachNodeBreaks(bp[:], fn)
}

// eachNodeBreaks calls fn(z, w) for every node of the composite rule for ∫ g(z)·N(z) dz over
// [−L, L] whose panel boundaries include the breakpoints bp (sorted ascending; those outside
// (−L, L) are ignored). Each stretch between two breakpoints is split at its middle, and each
// half gets Panels panels graded quadratically towards its breakpoint; the stretches that end
// at ±L are graded towards their breakpoint only.
func (t *Theory) eachNodeBreaks(bp []float64, fn func(z, w float64)) {
	L := t.opt.HalfWidth
	lo := -L // left end of the current stretch
	loKink := false
	for _, b := range bp {
		if !(b > lo && b < L) {
			continue
		}
		if loKink {
			mid := (lo + b) / 2
			t.graded(lo, mid, fn)
			t.graded(b, mid, fn)
		} else {
			t.graded(b, lo, fn)
		}
		lo, loKink = b, true
	}
	if loKink {
		t.graded(lo, L, fn)
	} else {
		// No breakpoint inside: grade from the middle outwards.
		t.graded(0, -L, fn)
		t.graded(0, L, fn)
	}
}

// graded calls fn for the nodes of the Gauss–Legendre panels covering the interval from a
// to b (either order): Panels panels with boundaries a + (b−a)·(k/P)², fine near a, the first
// of them split geometrically (ratio 1/4, Refine times) so that features of any width down
// to |b−a|/P²/4^Refine next to the breakpoint a are resolved (hp-refinement towards a kink;
// also the scale 1/√q of φ(√q·z) for large q, and √(1−c²) in the correlation map near c = 1).
func (t *Theory) graded(a, b float64, fn func(z, w float64)) {
	P := t.opt.Panels
	d := b - a
	first := d / float64(P*P)
	prev := a
	panel := func(next float64) {
		h := next - prev
		for i, x := range t.gx {
			z := prev + h*x
			fn(z, math.Abs(h)*t.gw[i]*invSqrt2Pi*math.Exp(-z*z/2))
		}
		prev = next
	}
	for j := t.opt.Refine; j >= 1; j-- {
		panel(a + math.Ldexp(first, -2*j))
	}
	for k := 1; k <= P; k++ {
		s := float64(k) / float64(P)
		panel(a + d*s*s)
	}
}

// zBreaks writes into buf the breakpoints in z of a function of s·z + m: 0 and every kink k
// map to z = (k − m)/s. It returns the sorted prefix used.
func (t *Theory) zBreaks(buf *[maxKinks + 1]float64, s, m float64) []float64 {
	bp := buf[:0]
	bp = append(bp, -m/s)
	for _, k := range t.kinks {
		bp = append(bp, (k-m)/s)
	}
	slices.Sort(bp)
	return bp
}

// Expect returns E[g(√q·z)], z ~ N(0, 1), with the Theory's quadrature rule (breakpoints at
// the activation's kinks). q must be ≥ 0; NaN otherwise.
func (t *Theory) Expect(g func(float64) float64, q float64) float64 {
	if !(q >= 0) || math.IsInf(q, 0) {
		return math.NaN()
	}
	s := math.Sqrt(q)
	if len(t.kinks) == 0 || s == 0 {
		var sum float64
		for i, z := range t.z {
			sum += t.w[i] * g(s*z)
		}
		return sum
	}
	var buf [maxKinks + 1]float64
	var sum float64
	t.eachNodeBreaks(t.zBreaks(&buf, s, 0), func(z, w float64) { sum += w * g(s*z) })
	return sum
}

// Expect2 returns E[g(u₁)·h(u₂)] for the centred Gaussian pair u₁ = √q·z₁,
// u₂ = √q·(c·z₁ + √(1−c²)·z₂), that is Var u₁ = Var u₂ = q and Corr(u₁, u₂) = c ∈ [−1, 1].
// The inner integral over z₂ has its own breakpoints at the kinks of h(u₂), so both factors
// are integrated piecewise smoothly. NaN for q < 0 or c outside [−1, 1].
func (t *Theory) Expect2(g, h func(float64) float64, c, q float64) float64 {
	if !(q >= 0) || math.IsInf(q, 0) || !(c >= -1 && c <= 1) {
		return math.NaN()
	}
	s := math.Sqrt(q)
	r := math.Sqrt((1 - c) * (1 + c))
	inner := func(z1 float64) float64 {
		m := s * c * z1
		if r == 0 || s == 0 {
			return h(m)
		}
		sr := s * r
		var buf [maxKinks + 1]float64
		var sum float64
		t.eachNodeBreaks(t.zBreaks(&buf, sr, m), func(z2, w float64) { sum += w * h(m+sr*z2) })
		return sum
	}
	var sum float64
	if len(t.kinks) == 0 || s == 0 {
		for i, z1 := range t.z {
			sum += t.w[i] * g(s*z1) * inner(z1)
		}
		return sum
	}
	var buf [maxKinks + 1]float64
	t.eachNodeBreaks(t.zBreaks(&buf, s, 0), func(z1, w float64) { sum += w * g(s*z1) * inner(z1) })
	return sum
}
