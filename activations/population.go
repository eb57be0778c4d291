package activations

import (
	"fmt"
	"math"

	"github.com/isingact/isingact/internal/vec"
	"gonum.org/v1/gonum/integrate/quad"
)

// Population is the Gaussian-quench average of another activation f: the mean response of a
// population of units whose quenches scatter around x with standard deviation σ (section 3.1
// of the founding paper; Wilson & Cowan 1972 obtain the population sigmoid the same way from a
// distribution of thresholds):
//
//	F(x) = E[f(x + σξ)] = ∫ f(x + σξ) φ(ξ) dξ,      ξ ~ N(0, 1),
//	DF(x) = E[f′(x + σξ)] = (1/σ)·E[ξ·f(x + σξ)]    (Gaussian integration by parts),
//
// so DF is the exact derivative of F even where f′ has a kink, a clipped divergence
// (mf-magnetization) or a jump, and F is smooth (C^∞) for every σ > 0. For example
// population:of=relu,sigma=s is x·Φ(x/s) + s·φ(x/s) in closed form (a test checks this).
//
// Spec: "population:of=<spec>,sigma=<σ>", where the nested spec writes its own commas as
// semicolons, e.g. "population:of=quench-tanh:a=2;c=-1,sigma=0.3"; the nested activation may
// not itself be a population.
//
// Evaluation: Parse tabulates F, F′ and F″ = (1/σ²)·E[(ξ² − 1)·f(x + σξ)] on a uniform grid
// over [−20, 20] with step min(σ/32, 1/64) and interpolates F and DF by cubic Hermite
// polynomials (interpolation error below 1e-8 in the tests). The expectations are computed
// over |ξ| ≤ 10 (the Gaussian tail beyond is below 1e-22) by 8-point Gauss–Legendre panels of
// width ≤ 1, split at the inner activation's kinks (x + σξ = 0 for all registered ones,
// x + σξ = θ for tanh-fit) with panels refined geometrically (24 halvings) toward each kink, so
// that the x^(1/8) and x^(1/2) onsets of the Ising magnetizations are integrated accurately.
// Outside [−20, 20] the same quadrature is evaluated directly (about 500 evaluations of f).
type Population struct {
	// Of is the activation averaged over; default quench-mf.
	Of Activation
	// Sigma is the standard deviation σ of the quench noise; default 0.5, range [0.05, 5].
	Sigma float64

	table *hermiteTable // nil: evaluate the quadrature directly
}

var _ Activation = Population{}

var populationParams = []Param{
	{Key: "of", Doc: "the activation averaged over (its commas written as ';')", Default: "quench-mf", Nested: true},
	floatParam("sigma", 0.5, 0.05, 5, "standard deviation of the Gaussian quench noise"),
}

// populationRange is the x range tabulated by Parse.
const populationRange = 20

func newPopulation(p args) (Activation, error) {
	inner, err := Parse(p.spec("of"))
	if err != nil {
		return nil, fmt.Errorf("activations: population: of=%s: %w", p.spec("of"), err)
	}
	if _, nested := inner.(Population); nested {
		return nil, fmt.Errorf("activations: population: of=%s: a population of a population is not supported", inner)
	}
	if _, learned := inner.(Learned); learned {
		return nil, fmt.Errorf("activations: population: of=%s: the averaged activation cannot learn parameters (learn sigma on the population)", inner)
	}
	pop := Population{Of: inner, Sigma: p.float("sigma")}
	h := math.Min(pop.Sigma/32, 1.0/64)
	n := int(math.Ceil(2 * populationRange / h))
	q := newGaussPanels()
	pop.table, err = newHermiteTable(func(x float64) (f, df, ddf float64) {
		return q.moments(inner, x, pop.Sigma)
	}, -populationRange, populationRange, n)
	if err != nil {
		return nil, fmt.Errorf("activations: population of %s: %w", inner, err)
	}
	return pop, nil
}

func (p Population) String() string {
	return specOf("population", "of", p.Of, "sigma", p.Sigma)
}

// F returns E[f(x + σξ)].
func (p Population) F(x float64) float64 {
	if p.table != nil && p.table.in(x) {
		return p.table.eval(p.table.f, x)
	}
	if p.Of == nil {
		return math.NaN()
	}
	f, _, _ := newGaussPanels().moments(p.Of, x, p.Sigma)
	return f
}

// DF returns E[f′(x + σξ)] = E[ξ·f(x + σξ)]/σ.
func (p Population) DF(x float64) float64 {
	if p.table != nil && p.table.in(x) {
		return p.table.eval(p.table.df, x)
	}
	if p.Of == nil {
		return math.NaN()
	}
	_, df, _ := newGaussPanels().moments(p.Of, x, p.Sigma)
	return df
}

func (p Population) forward32(dst, x []float32) {
	x = x[:len(dst)]
	done := 0
	if t := p.table; t != nil {
		// The vector loop's prefix, then ours; off the table F is the quadrature.
		done = vec.Cubic(dst, x, t.f, t.lo, t.invH)
		p.offTable(dst[:done], x[:done], nil)
	}
	for i := done; i < len(x); i++ {
		dst[i] = float32(p.F(float64(x[i])))
	}
}

func (p Population) backward32(dst, x, g []float32) {
	x, g = x[:len(dst)], g[:len(dst)]
	done := 0
	if t := p.table; t != nil {
		done = vec.CubicTimes(dst, x, g, t.df, t.lo, t.invH)
		p.offTable(dst[:done], x[:done], g[:done])
	}
	for i := done; i < len(x); i++ {
		dst[i] = float32(float64(g[i]) * p.DF(float64(x[i])))
	}
}

// offTable redoes the elements of a vector loop's output whose x lies off the table (or is
// NaN): F(x), or g·DF(x) when g is given.
func (p Population) offTable(dst, x, g []float32) {
	for i, v := range x {
		if p.table.in(float64(v)) {
			continue
		}
		if g == nil {
			dst[i] = float32(p.F(float64(v)))
		} else {
			dst[i] = float32(float64(g[i]) * p.DF(float64(v)))
		}
	}
}

// kinker is implemented by activations whose kinks (points where F or a low derivative is not
// smooth) are not at x = 0, the default for every registered activation.
type kinker interface {
	kinks() []float64
}

func kinksOf(a Activation) []float64 {
	if k, ok := a.(kinker); ok {
		return k.kinks()
	}
	return []float64{0}
}

// gaussPanels holds the 8-point Gauss–Legendre rule on [−1, 1] used for the Gaussian averages.
type gaussPanels struct {
	x, w [8]float64
}

func newGaussPanels() *gaussPanels {
	var g gaussPanels
	quad.Legendre{}.FixedLocations(g.x[:], g.w[:], -1, 1)
	return &g
}

// populationCut is the truncation |ξ| ≤ 10 of the Gaussian average.
const populationCut = 10

// moments returns E[f(x + σξ)], E[ξ·f]/σ and E[(ξ² − 1)·f]/σ², ξ ~ N(0, 1), over |ξ| ≤ 10.
func (g *gaussPanels) moments(a Activation, x, sigma float64) (m0, m1, m2 float64) {
	// Breakpoints in ξ: the cut ends and the kinks of f mapped to ξ = (k − x)/σ.
	bps := []float64{-populationCut, populationCut}
	var kinks []float64
	for _, k := range kinksOf(a) {
		if xi := (k - x) / sigma; xi > -populationCut && xi < populationCut {
			kinks = append(kinks, xi)
			bps = append(bps, xi)
		}
	}
	sortFloats(bps)
	for i := 0; i+1 < len(bps); i++ {
		lo, hi := bps[i], bps[i+1]
		if hi <= lo {
			continue
		}
		g.segment(a, x, sigma, lo, hi, isIn(kinks, lo), isIn(kinks, hi), &m0, &m1, &m2)
	}
	return m0, m1 / sigma, m2 / (sigma * sigma)
}

// segment adds the integrals over [lo, hi] to the moments, refining geometrically toward the
// ends that are kinks and using panels of width ≤ 1 elsewhere.
func (g *gaussPanels) segment(a Activation, x, sigma, lo, hi float64, kinkLo, kinkHi bool, m0, m1, m2 *float64) {
	const levels = 24
	if kinkLo || kinkHi {
		mid := lo + (hi-lo)/2
		if kinkLo && kinkHi {
			g.segment(a, x, sigma, lo, mid, true, false, m0, m1, m2)
			g.segment(a, x, sigma, mid, hi, false, true, m0, m1, m2)
			return
		}
		// Geometric panels of width w/2, w/4, … toward the kink end, w = min(hi − lo, ½).
		w := math.Min(hi-lo, 0.5)
		near, far := lo, lo+w
		if kinkHi {
			near, far = hi, hi-w
		}
		for range levels {
			mid := near + (far-near)/2
			g.panel(a, x, sigma, math.Min(mid, far), math.Max(mid, far), m0, m1, m2)
			far = mid
		}
		g.panel(a, x, sigma, math.Min(near, far), math.Max(near, far), m0, m1, m2)
		if kinkLo {
			lo += w
		} else {
			hi -= w
		}
		if hi <= lo {
			return
		}
	}
	n := int(math.Ceil(hi - lo))
	step := (hi - lo) / float64(n)
	for i := range n {
		g.panel(a, x, sigma, lo+float64(i)*step, lo+float64(i+1)*step, m0, m1, m2)
	}
}

// panel adds the 8-point Gauss–Legendre integrals over [lo, hi] to the moments.
func (g *gaussPanels) panel(a Activation, x, sigma, lo, hi float64, m0, m1, m2 *float64) {
	c, r := (lo+hi)/2, (hi-lo)/2
	for i, t := range g.x {
		xi := c + r*t
		w := r * g.w[i] * math.Exp(-xi*xi/2) / math.Sqrt(2*math.Pi)
		f := a.F(x + sigma*xi)
		*m0 += w * f
		*m1 += w * xi * f
		*m2 += w * (xi*xi - 1) * f
	}
}

func isIn(s []float64, v float64) bool {
	for _, u := range s {
		if u == v {
			return true
		}
	}
	return false
}

// sortFloats sorts a short slice in place (insertion sort).
func sortFloats(s []float64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
