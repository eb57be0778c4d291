package activations

import (
	"fmt"
	"sort"
	"strings"
)

// registry is THE table of activations: one line per name. Adding a derived activation is one
// file (its type, parameters and constructor) plus one line here; Names, Describe, All, the
// tests, the figures and the CLI all read this table.
func registry() []entry {
	return []entry{
		// Stock activations. The first five are Gorgonia's own ops.
		{"tanh", Stock, "hyperbolic tangent (gorgonia.Tanh)", nil, fixed(Tanh{})},
		{"sigmoid", Stock, "logistic σ(x) = 1/(1 + e^(−x)) (gorgonia.Sigmoid)", nil, fixed(Sigmoid{})},
		{"relu", Stock, "max(x, 0) (gorgonia.Rectify)", nil, fixed(ReLU{})},
		{"softplus", Stock, "ln(1 + e^x) (gorgonia.Softplus)", nil, fixed(Softplus{})},
		{"mish", Stock, "x·tanh(softplus(x)), Misra 2019 (gorgonia.Mish)", nil, fixed(Mish{})},
		{"elu", Stock, "x for x > 0, α(e^x − 1) otherwise; Clevert et al. 2015 (generic op)", eluParams, newELU},
		{"gelu", Stock, "x·Φ(x), exact erf form; Hendrycks & Gimpel 2016 (generic op)", nil, fixed(GELU{})},
		{"swish", Stock, "SiLU x·σ(x); Ramachandran et al. 2017 (generic op)", nil, fixed(Swish{})},

		// Activations derived from the Ising model (founding paper, section 2.4).
		{"tanh-fit", Derived, "Eq. 2 with T = Tc − x: ½ + ½·tanh(a(x − θ))", tanhFitParams, newTanhFit},
		{"quench-tanh", Derived, "spike count of Eq. 2: ∫₀^x ½(1 + tanh(a·u)) du + c (ReLU-like, ELU-like for c = −α)", quenchTanhParams, newQuenchTanh},
		{"quench-sigmoid", Derived, "spike count of a sigmoid fit: ∫₀^x σ(u) du + c = softplus(x) − ln 2 + c", quenchSigmoidParams, newQuenchSigmoid},
		{"mf-magnetization", Derived, "Eq. 1 exactly: mean-field m(1 − x, h), √x onset, DF clipped at maxslope", mfMagnetizationParams, newMFMagnetization},
		{"quench-mf", Derived, "exact mean-field spike count ∫₀^x m(1 − u, h) du, x^(3/2) onset", quenchMFParams, newQuenchMF},
		{"onsager-magnetization", Derived, "exact 2D Ising M(Tc·(1 − x)) (Yang 1952), x in units of Tc, β = 1/8 onset, DF clipped at maxslope", onsagerMagnetizationParams, newOnsagerMagnetization},
		{"population", Derived, "Gaussian-quench average E[f(x + σξ)] of another activation (paper §3.1, Wilson–Cowan)", populationParams, newPopulation},
		{"quench-onsager", Derived, "spike count ∫₀^x M_2D(Tc·(1 − u)) du of the exact 2D magnetization, x in units of Tc, x^(9/8) onset", quenchOnsagerParams, newQuenchOnsager},
	}
}

// Kind tells stock activations from the ones derived from the Ising model.
type Kind int

const (
	Stock   Kind = iota // a standard activation from the literature
	Derived             // derived from the Ising model in this project
)

func (k Kind) String() string {
	if k == Derived {
		return "derived"
	}
	return "stock"
}

// entry is one line of the registry.
type entry struct {
	name   string
	kind   Kind
	doc    string
	params []Param
	build  func(args) (Activation, error)
}

// fixed is the constructor of an activation without parameters.
func fixed(a Activation) func(args) (Activation, error) {
	return func(args) (Activation, error) { return a, nil }
}

// Info describes a registered activation for documentation, flags and plots.
type Info struct {
	Name    string
	Kind    Kind
	Doc     string  // one line: the formula and its source
	Params  []Param // in canonical order
	Default string  // the canonical spec with every parameter at its default
	// Learnable lists the keys of the parameters that learn= accepts (nil: none).
	Learnable []string
}

func lookup(name string) (entry, bool) {
	for _, e := range registry() {
		if e.name == name {
			return e, true
		}
	}
	return entry{}, false
}

func unknown(name string) error {
	return fmt.Errorf("activations: unknown activation %q (valid: %s)", name, strings.Join(Names(), ", "))
}

// Describe returns the registry's description of the activation name (a bare name, no
// parameters).
func Describe(name string) (Info, error) {
	e, ok := lookup(name)
	if !ok {
		return Info{}, unknown(name)
	}
	a, err := Parse(name)
	if err != nil {
		return Info{}, err
	}
	return Info{
		Name:      e.name,
		Kind:      e.kind,
		Doc:       e.doc,
		Params:    append([]Param(nil), e.params...),
		Default:   a.String(),
		Learnable: LearnableParamsOf(a),
	}, nil
}

// All describes every registered activation, sorted by name.
func All() []Info {
	names := Names()
	infos := make([]Info, 0, len(names))
	for _, n := range names {
		info, err := Describe(n)
		if err != nil {
			panic(err) // a registered activation whose defaults do not parse: a bug caught by the tests
		}
		infos = append(infos, info)
	}
	return infos
}

// NamesOf lists the registered activations of one kind, sorted.
func NamesOf(k Kind) []string {
	var names []string
	for _, e := range registry() {
		if e.kind == k {
			names = append(names, e.name)
		}
	}
	sort.Strings(names)
	return names
}

// Default returns the canonical spec of name with every parameter at its default, for
// example "quench-tanh:a=1,c=0".
func Default(name string) (string, error) {
	a, err := Parse(name)
	if err != nil {
		return "", err
	}
	return a.String(), nil
}
