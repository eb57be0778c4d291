package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// Init draws the initial weights and biases of one dense layer from a seeded source. Gorgonia's
// own initialisers seed themselves from the clock, so every model draws from an Init and the
// run's *rand.Rand instead: the same seed gives the same weights.
//
// Further schemes (for example an edge-of-chaos initialiser with a variance σ_w²/fanIn and
// biases of variance σ_b², Schoenholz et al. 2017) are a new type with these two methods and one
// line in the registry of ParseInit.
type Init interface {
	// String is the name ParseInit accepts, for example "glorot-uniform".
	String() string
	// Fill fills w, the fanIn×fanOut weight matrix (row-major), and b, the fanOut biases,
	// drawing from rng.
	Fill(w, b []float64, fanIn, fanOut int, rng *rand.Rand)
}

// Glorot is the initialiser of Glorot & Bengio (2010, Eq. 16), which keeps the variance of the
// activations and of the gradients roughly constant across layers of a tanh-like network:
//
//	Var(w) = 2/(fanIn + fanOut)
//	uniform: w ~ U(−a, a), a = √(6/(fanIn + fanOut))
//	normal:  w ~ N(0, 2/(fanIn + fanOut))  (not truncated)
//
// Biases start at 0.
type Glorot struct {
	Normal bool // draw from the normal instead of the uniform distribution
}

// He is the initialiser of He, Zhang, Ren & Sun (2015, Eq. 10) for ReLU networks, which halve the
// second moment at each layer:
//
//	Var(w) = 2/fanIn
//	uniform: w ~ U(−a, a), a = √(6/fanIn)
//	normal:  w ~ N(0, 2/fanIn)  (not truncated)
//
// Biases start at 0.
type He struct {
	Normal bool
}

var (
	_ Init = Glorot{}
	_ Init = He{}
)

func (g Glorot) String() string {
	if g.Normal {
		return "glorot-normal"
	}
	return "glorot-uniform"
}

// Fill implements Init.
func (g Glorot) Fill(w, b []float64, fanIn, fanOut int, rng *rand.Rand) {
	fill(w, b, 2/float64(fanIn+fanOut), g.Normal, rng)
}

func (h He) String() string {
	if h.Normal {
		return "he-normal"
	}
	return "he-uniform"
}

// Fill implements Init.
func (h He) Fill(w, b []float64, fanIn, fanOut int, rng *rand.Rand) {
	fill(w, b, 2/float64(fanIn), h.Normal, rng)
}

// fill draws w with mean 0 and variance v (a uniform U(−a, a) has variance a²/3, so a = √(3v))
// and zeroes b.
func fill(w, b []float64, v float64, normal bool, rng *rand.Rand) {
	if normal {
		s := math.Sqrt(v)
		for i := range w {
			w[i] = s * rng.NormFloat64()
		}
	} else {
		a := math.Sqrt(3 * v)
		for i := range w {
			w[i] = a * (2*rng.Float64() - 1)
		}
	}
	clear(b)
}

// inits is the read-only registry of ParseInit.
var inits = map[string]Init{
	"glorot-uniform": Glorot{},
	"glorot-normal":  Glorot{Normal: true},
	"he-uniform":     He{},
	"he-normal":      He{Normal: true},
}

// InitNames lists the initialisers ParseInit knows, sorted.
func InitNames() []string {
	names := make([]string, 0, len(inits))
	for n := range inits {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ParseInit returns the initialiser with the given name, or a parametrised one from its spec
// (eoc:sb2=0.05,act=tanh or gaussian:sw2=1.5,sb2=0.05, see init_eoc.go; gain or
// gain:q=1,dist=normal,act=tanh, see init_gain.go); an unknown name is an error that lists the
// valid ones.
func ParseInit(name string) (Init, error) {
	if in, ok := inits[name]; ok {
		return in, nil
	}
	if in, ok, err := parseParamInit(name); ok {
		return in, err
	}
	if in, ok, err := parseGainInit(name); ok {
		return in, err
	}
	return nil, fmt.Errorf("nn: unknown initialiser %q (valid: %s, %s, %s)", name, strings.Join(InitNames(), ", "), eocSpecHelp, gainSpecHelp)
}
