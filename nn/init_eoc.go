package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/physics/signal"
)

// Gaussian draws the weights and the biases of a layer from centred normal distributions with
// the variances of mean-field signal-propagation theory (Poole et al. 2016; Schoenholz et al.
// 2017, "Deep Information Propagation"):
//
//	w ~ N(0, σ_w²/fanIn),   b ~ N(0, σ_b²)
//
// so that a pre-activation h_i = Σ_j w_ij·φ(x_j) + b_i has variance σ_w²·mean(φ(x)²) + σ_b², the
// length map of package physics/signal. SW2 = 2, SB2 = 0 is He's normal initialiser; SW2 = 1,
// SB2 = 0 is LeCun's. The weights are drawn first, then the biases, from the same rng.
type Gaussian struct {
	SW2 float64 // σ_w² > 0, the weight variance times fanIn
	SB2 float64 // σ_b² ≥ 0, the bias variance
}

// EOC is the edge-of-chaos initialiser of one activation and bias variance: a Gaussian whose
// σ_w² puts the network on the boundary χ₁ = 1 between the ordered phase (χ₁ < 1: inputs and
// gradients fade with depth) and the chaotic one (χ₁ > 1: they explode), where
//
//	χ₁ = σ_w²·E[φ′(√q*·z)²],   z ~ N(0, 1),   q* = σ_w²·E[φ(√q*·z)²] + σ_b²
//
// (Schoenholz et al. 2017, Eqs. 3 and 8), computed once by NewEOC with
// signal.Theory.EOCWeightVariance (fixed point iterated from q = 1, the variance of
// standardised inputs). On the edge of chaos the correlation depth scale ξ_c diverges, so signals
// and gradients cross many more layers than elsewhere; Schoenholz et al. find networks
// trainable up to about 6·ξ_c layers. Reference points: tanh with σ_b² = 0.05 has σ_w² ≈ 1.76
// (q* ≈ 0.57), tanh with σ_b² = 0 has σ_w² = 1, ReLU has σ_w² = 2 at σ_b² = 0 (He's
// initialiser) and no edge of chaos for σ_b² > 0 (Hayou et al. 2019, Prop. 1).
//
// For activations whose derivative diverges at the critical point and is capped by MaxSlope
// (mf-magnetization, onsager-magnetization), χ₁ is finite only because of the cap, and the σ_w²
// found depends on it.
//
// Build it with NewEOC; the zero value has σ_w² = 0 and draws zero weights.
type EOC struct {
	act      string // canonical activation spec
	sw2, sb2 float64
}

var (
	_ Init = Gaussian{}
	_ Init = EOC{}
)

// ErrNoEOC is signal.ErrNoEOC: NewEOC's error wraps it when the activation has no edge of
// chaos for the bias variance asked for.
var ErrNoEOC = signal.ErrNoEOC

// checkVariance rejects a non-finite or negative variance (and 0 when positive is set).
func checkVariance(name string, v float64, positive bool) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (positive && v == 0) {
		want := "≥ 0"
		if positive {
			want = "> 0"
		}
		return fmt.Errorf("nn: %s = %v, want a finite value %s", name, v, want)
	}
	return nil
}

// NewGaussian returns Gaussian{sw2, sb2} after checking σ_w² > 0 and σ_b² ≥ 0, both finite.
func NewGaussian(sw2, sb2 float64) (Gaussian, error) {
	if err := errors.Join(checkVariance("σ_w²", sw2, true), checkVariance("σ_b²", sb2, false)); err != nil {
		return Gaussian{}, err
	}
	return Gaussian{SW2: sw2, SB2: sb2}, nil
}

// String returns "gaussian:sw2=<σ_w²>,sb2=<σ_b²>".
func (g Gaussian) String() string {
	return "gaussian:sw2=" + formatVar(g.SW2) + ",sb2=" + formatVar(g.SB2)
}

// Fill implements Init: w ~ N(0, SW2/fanIn), then b ~ N(0, SB2).
func (g Gaussian) Fill(w, b []float64, fanIn, fanOut int, rng *rand.Rand) {
	s := math.Sqrt(g.SW2 / float64(fanIn))
	for i := range w {
		w[i] = s * rng.NormFloat64()
	}
	sb := math.Sqrt(g.SB2)
	for i := range b {
		b[i] = sb * rng.NormFloat64()
	}
}

// SignalActivation adapts an activation to the mean-field theory of package physics/signal:
// φ = a.F, φ′ = a.DF, and the quadrature splits at activations.Kinks(a) (x = 0 always, and the
// corner of a clipped magnetization's DF, so that E[φ′²] is exact there too).
func SignalActivation(a activations.Activation) signal.Activation {
	var kinks []float64
	for _, k := range activations.Kinks(a) {
		if k != 0 {
			kinks = append(kinks, k)
		}
	}
	return signal.Activation{F: a.F, DF: a.DF, Kinks: kinks}
}

// NewEOC returns the edge-of-chaos initialiser of the activation spec act (activations.Parse)
// for the bias variance σ_b² = sb2 ≥ 0. When the activation has no edge of chaos at that σ_b²
// (ReLU with σ_b > 0, softplus, …) the error says so and wraps ErrNoEOC. It takes the time of
// one EOCWeightVariance search: milliseconds for the stock activations, seconds for population.
func NewEOC(act string, sb2 float64) (EOC, error) {
	if err := checkVariance("σ_b²", sb2, false); err != nil {
		return EOC{}, err
	}
	a, err := activations.Parse(act)
	if err != nil {
		return EOC{}, fmt.Errorf("nn: %w", err)
	}
	th, err := signal.New(SignalActivation(a), nil)
	if err != nil {
		return EOC{}, fmt.Errorf("nn: %s: %w", a, err)
	}
	sw2, err := th.EOCWeightVariance(sb2)
	if errors.Is(err, signal.ErrNoEOC) {
		return EOC{}, fmt.Errorf("nn: %s has no edge of chaos for σ_b = %.4g (σ_b² = %v): %w", a, math.Sqrt(sb2), sb2, err)
	}
	if err != nil {
		return EOC{}, fmt.Errorf("nn: %s, σ_b² = %v: %w", a, sb2, err)
	}
	return EOC{act: a.String(), sw2: sw2, sb2: sb2}, nil
}

// Activation returns the canonical spec of the activation the initialiser was built for.
func (e EOC) Activation() string { return e.act }

// WeightVariance returns σ_w² on the edge of chaos (the weights' variance times fanIn).
func (e EOC) WeightVariance() float64 { return e.sw2 }

// BiasVariance returns σ_b².
func (e EOC) BiasVariance() float64 { return e.sb2 }

// String returns "eoc:sb2=<σ_b²>,act=<activation spec>", which ParseInit reads back.
func (e EOC) String() string { return "eoc:sb2=" + formatVar(e.sb2) + ",act=" + e.act }

// Fill implements Init: w ~ N(0, σ_w²/fanIn) with σ_w² on the edge of chaos, then b ~ N(0, σ_b²).
func (e EOC) Fill(w, b []float64, fanIn, fanOut int, rng *rand.Rand) {
	Gaussian{SW2: e.sw2, SB2: e.sb2}.Fill(w, b, fanIn, fanOut, rng)
}

func formatVar(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// eocSpecHelp is how ParseInit's errors describe the parametrised initialisers.
const eocSpecHelp = "eoc:sb2=<σ_b²>,act=<activation spec>, gaussian:sw2=<σ_w²>,sb2=<σ_b²>"

// parseParamInit reads the parametrised initialisers' specs:
//
//	eoc:sb2=0.05,act=tanh          NewEOC("tanh", 0.05); sb2 defaults to 0, act is required
//	gaussian:sw2=1.5,sb2=0.05      NewGaussian(1.5, 0.05); defaults sw2 = 1, sb2 = 0
//
// act must come last: everything after "act=" is the activation spec, commas included
// ("eoc:sb2=0,act=quench-tanh:a=1,c=0"). ok is false when name is neither.
func parseParamInit(name string) (in Init, ok bool, err error) {
	kind, rest, _ := strings.Cut(name, ":")
	if kind != "eoc" && kind != "gaussian" {
		return nil, false, nil
	}
	vals := map[string]float64{}
	act := ""
	for rest != "" {
		var kv string
		if strings.HasPrefix(rest, "act=") && kind == "eoc" {
			kv, rest = rest, ""
		} else {
			kv, rest, _ = strings.Cut(rest, ",")
		}
		k, v, found := strings.Cut(kv, "=")
		_, dup := vals[k]
		switch {
		case !found:
			return nil, true, fmt.Errorf("nn: initialiser %q: %q is not key=value", name, kv)
		case k == "act" && kind == "eoc":
			act = v
		case dup:
			return nil, true, fmt.Errorf("nn: initialiser %q: %s is given twice", name, k)
		case k == "sb2" || (k == "sw2" && kind == "gaussian"):
			x, perr := strconv.ParseFloat(v, 64)
			if perr != nil {
				return nil, true, fmt.Errorf("nn: initialiser %q: %s = %q is not a number", name, k, v)
			}
			vals[k] = x
		default:
			return nil, true, fmt.Errorf("nn: initialiser %q: unknown key %q (valid: %s)", name, k, eocSpecHelp)
		}
	}
	if kind == "gaussian" {
		sw2, set := vals["sw2"]
		if !set {
			sw2 = 1
		}
		g, err := NewGaussian(sw2, vals["sb2"])
		if err != nil {
			return nil, true, err
		}
		return g, true, nil
	}
	if act == "" {
		return nil, true, fmt.Errorf("nn: initialiser %q needs the activation: eoc:sb2=<σ_b²>,act=<activation spec>, for example eoc:sb2=0.05,act=tanh", name)
	}
	e, err := NewEOC(act, vals["sb2"])
	if err != nil {
		return nil, true, err
	}
	return e, true, nil
}
