package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/physics/signal"
)

// Gain is the activation's own gain: the generalisation of PyTorch's calculate_gain to any
// activation with a derivative. Every layer draws, fan-in based,
//
//	w ~ U(−a, a), a = √(3σ_w²/fanIn)   or   w ~ N(0, σ_w²/fanIn),   b = 0,
//	σ_w² = 1/E[φ′(√q·z)²],   z ~ N(0, 1),
//
// so that a layer whose inputs are φ(h) with pre-activations h ~ N(0, q) has a Jacobian
// W·diag(φ′(h)) of mean squared singular value σ_w²·E[φ′²] = 1 (χ₁ = 1 at variance q; Poole
// et al. 2016, Eq. 7): gradients keep their norm through it. q is the pre-activation variance
// the gain is computed for, default 1 (standardised pre-activations), and one σ_w² serves every
// layer, the first (on the data) and the linear output layer included, as PyTorch's
// kaiming_*(…, gain) does. E[φ′²] is a Gaussian expectation of physics/signal (composite
// Gauss–Legendre split at the activation's kinks, exact to ~1e-9 even for the clipped
// magnetizations). The gain in PyTorch's sense (std = gain/√fanIn) is √σ_w².
//
// What it gives at q = 1 (tests against mpmath, nn/testdata/gainref.py), with PyTorch's value:
//
//	relu                  σ_w² = 2 exactly (every q)   gain √2 = 1.4142   PyTorch √2 (He et al. 2015)
//	tanh                  σ_w² = 2.15330               gain 1.4674        PyTorch 5/3 (reached at q = 1.867)
//	sigmoid               σ_w² = 22.3034               gain 4.7226        PyTorch 1
//	quench-mf             σ_w² = 2.43642               gain 1.5609
//	mf-magnetization      σ_w² = 0.808115              gain 0.8990        (DF clipped at 10)
//	onsager-magnetization σ_w² = 1.44340               gain 1.2014        (DF clipped at 10)
//
// ReLU reproduces He's variance because E[relu′²] = P(h > 0) = 1/2 for every q. For tanh the
// gain depends on q (E[sech⁴(√q·z)] falls as q grows); PyTorch's fixed 5/3 is this gain at
// q ≈ 1.87. For sigmoid, σ′ ≤ 1/4 forces any Jacobian-preserving gain above 4; PyTorch's 1 is
// not derived from the derivative, and with it each sigmoid layer scales squared gradients by
// E[σ′²] ≈ 0.045.
//
// The gain fixes the backward pass, not the forward one: the pre-activation variance follows
// the length map q ↦ σ_w²·E[φ(√q·z)²] (first layer: q₁ = σ_w²·E[x²]), which keeps q exactly
// only for ReLU. For bounded φ it settles at a fixed point (from standardised inputs: tanh
// 0.725, mf-magnetization 0.274, onsager-magnetization 0.682). For the ReLU-like spike counts
// with a soft onset it is bistable: S(q) = q/E[φ²] falls from above towards 2, so their gain
// σ_w² > 2 leaves one unstable fixed point q_u (quench-mf 1.46, quench-onsager 1.15,
// quench-tanh 1.46 for q = 1) below which the variance collapses towards 0 and above which it
// grows by up to σ_w²/2 per layer (quench-mf from q₁ = 2.44: 4.2 after 10 layers, 1.9e3 after
// 50). Requiring q to be the length map's fixed point as well is the edge of chaos at σ_b = 0
// (EOC with sb2 = 0).
//
// Build it with NewGain, or ParseInit("gain"), which NewModel binds to the model's activation.
type Gain struct {
	act    string  // canonical activation spec; "" until bound
	q      float64 // pre-activation variance at which E[φ′²] is taken
	normal bool
	sw2    float64
}

var _ Init = Gain{}

// GainWeightVariance returns σ_w² = 1/E[φ′(√q·z)²] for the activation a at the pre-activation
// variance q > 0. It is an error when E[φ′²] is not positive and finite.
func GainWeightVariance(a activations.Activation, q float64) (float64, error) {
	if err := checkVariance("q", q, true); err != nil {
		return math.NaN(), err
	}
	th, err := signal.New(SignalActivation(a), nil)
	if err != nil {
		return math.NaN(), fmt.Errorf("nn: %s: %w", a, err)
	}
	e := th.Expect(func(x float64) float64 { d := a.DF(x); return d * d }, q)
	if !(e > 0) || math.IsInf(e, 0) {
		return math.NaN(), fmt.Errorf("nn: %s has E[φ′²] = %v at q = %v: no finite gain", a, e, q)
	}
	return 1 / e, nil
}

// NewGain returns the gain initialiser of the activation spec act (activations.Parse) at the
// pre-activation variance q > 0, drawing from the normal distribution when normal is set and
// from the uniform one otherwise. An empty act leaves it unbound: NewModel then binds it to
// the model's activation, and Fill before that panics.
func NewGain(act string, q float64, normal bool) (Gain, error) {
	if err := checkVariance("q", q, true); err != nil {
		return Gain{}, err
	}
	g := Gain{q: q, normal: normal}
	if act == "" {
		return g, nil
	}
	a, err := activations.Parse(act)
	if err != nil {
		return Gain{}, fmt.Errorf("nn: %w", err)
	}
	return g.withActivation(a)
}

// withActivation returns g bound to a, with σ_w² computed.
func (g Gain) withActivation(a activations.Activation) (Gain, error) {
	sw2, err := GainWeightVariance(a, g.q)
	if err != nil {
		return Gain{}, err
	}
	g.act, g.sw2 = a.String(), sw2
	return g, nil
}

// bind implements activationBinder: an unbound Gain takes the model's activation; a bound one
// keeps its own (an explicit act wins).
func (g Gain) bind(a activations.Activation) (Init, error) {
	if g.act != "" {
		return g, nil
	}
	return g.withActivation(a)
}

// Activation returns the canonical spec of the activation the gain was computed for ("" while
// unbound).
func (g Gain) Activation() string { return g.act }

// PreactivationVariance returns q, the variance at which E[φ′²] is taken.
func (g Gain) PreactivationVariance() float64 { return g.q }

// WeightVariance returns σ_w² = 1/E[φ′(√q·z)²] (the weights' variance times fanIn); 0 while
// unbound.
func (g Gain) WeightVariance() float64 { return g.sw2 }

// Gain returns √σ_w², the gain in PyTorch's sense (std = gain/√fanIn).
func (g Gain) Gain() float64 { return math.Sqrt(g.sw2) }

// String returns "gain:q=<q>,dist=uniform|normal" and, once bound, ",act=<activation spec>";
// ParseInit reads it back.
func (g Gain) String() string {
	dist := "uniform"
	if g.normal {
		dist = "normal"
	}
	s := "gain:q=" + formatVar(g.q) + ",dist=" + dist
	if g.act != "" {
		s += ",act=" + g.act
	}
	return s
}

// Fill implements Init: w ~ U(−√(3σ_w²/fanIn), √(3σ_w²/fanIn)) or N(0, σ_w²/fanIn), b = 0. It
// panics on an unbound Gain (a programmer error: NewModel binds it).
func (g Gain) Fill(w, b []float64, fanIn, fanOut int, rng *rand.Rand) {
	if g.act == "" {
		panic("nn: gain initialiser used before it was bound to an activation (pass it to NewModel, or give act=)")
	}
	fill(w, b, g.sw2/float64(fanIn), g.normal, rng)
}

// activationBinder is an Init that depends on the network's activation; NewModel binds it to
// the model's activation before drawing.
type activationBinder interface {
	bind(a activations.Activation) (Init, error)
}

// bindInit returns init bound to the activation a when it needs one, else init itself.
func bindInit(init Init, a activations.Activation) (Init, error) {
	if b, ok := init.(activationBinder); ok {
		return b.bind(a)
	}
	return init, nil
}

// gainSpecHelp is how ParseInit's errors describe the gain initialiser.
const gainSpecHelp = "gain[:q=<variance>,dist=uniform|normal,act=<activation spec>]"

// parseGainInit reads the gain initialiser's spec:
//
//	gain                                  unbound, q = 1, uniform (NewModel binds it)
//	gain:act=tanh                         bound to tanh
//	gain:q=0.5,dist=normal,act=quench-mf  q = 0.5, normal
//
// act must come last: everything after "act=" is the activation spec, commas included. ok is
// false when name is not a gain spec.
func parseGainInit(name string) (in Init, ok bool, err error) {
	kind, rest, _ := strings.Cut(name, ":")
	if kind != "gain" {
		return nil, false, nil
	}
	q, normal, act := 1.0, false, ""
	seen := map[string]bool{}
	for rest != "" {
		var kv string
		if strings.HasPrefix(rest, "act=") {
			kv, rest = rest, ""
		} else {
			kv, rest, _ = strings.Cut(rest, ",")
		}
		k, v, found := strings.Cut(kv, "=")
		switch {
		case !found:
			return nil, true, fmt.Errorf("nn: initialiser %q: %q is not key=value (%s)", name, kv, gainSpecHelp)
		case seen[k]:
			return nil, true, fmt.Errorf("nn: initialiser %q: %s is given twice", name, k)
		case k == "act" && v == "":
			return nil, true, fmt.Errorf("nn: initialiser %q: act= needs an activation spec (or leave it out: NewModel binds the model's)", name)
		case k == "act":
			act = v
		case k == "q":
			x, perr := strconv.ParseFloat(v, 64)
			if perr != nil {
				return nil, true, fmt.Errorf("nn: initialiser %q: q = %q is not a number", name, v)
			}
			q = x
		case k == "dist" && (v == "uniform" || v == "normal"):
			normal = v == "normal"
		case k == "dist":
			return nil, true, fmt.Errorf("nn: initialiser %q: dist = %q, want uniform or normal", name, v)
		default:
			return nil, true, fmt.Errorf("nn: initialiser %q: unknown key %q (valid: %s)", name, k, gainSpecHelp)
		}
		seen[k] = true
	}
	g, err := NewGain(act, q, normal)
	if err != nil {
		return nil, true, err
	}
	return g, true, nil
}
