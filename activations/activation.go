package activations

import (
	"fmt"
	"sort"
	"strings"

	"gorgonia.org/gorgonia"
)

// Activation is an elementwise activation function with an exact derivative.
type Activation interface {
	// String returns the canonical spec, for example "quench-tanh:a=6,c=0"; Parse(a.String())
	// gives back an activation with the same spec and the same F and DF. It must identify the
	// function: Apply names and hashes its graph op by it, and Gorgonia merges equal nodes.
	String() string
	// F is the activation at x (float64 reference implementation).
	F(x float64) float64
	// DF is the derivative dF/dx at x (exact, except where an activation's doc comment says how
	// it keeps a divergent derivative finite).
	DF(x float64) float64
}

// Parse builds an activation from a spec: "name" or "name:key=value,key=value". Omitted
// parameters take their defaults. A nested spec (population's of=) writes its own commas as
// semicolons: "population:of=quench-tanh:a=2;c=0,sigma=0.5". Unknown names, unknown keys,
// repeated keys, unparsable and out-of-range values are errors that list what is valid.
// The keys learn=<param>[+<param>…] and per=layer|unit make the parameters learnable and
// return a Learned (see there); the errors then list the learnable parameters.
func Parse(spec string) (Activation, error) {
	name, raw, err := splitSpec(spec)
	if err != nil {
		return nil, err
	}
	e, ok := lookup(name)
	if !ok {
		return nil, unknown(name)
	}
	learn, err := takeLearn(name, raw)
	if err != nil {
		return nil, err
	}
	a, err := parseArgs(name, e.params, raw)
	if err != nil {
		return nil, err
	}
	act, err := e.build(a)
	if err != nil || learn == nil {
		return act, err
	}
	return learn.wrap(name, e.params, act)
}

// Names lists the registered activations, sorted.
func Names() []string {
	reg := registry()
	names := make([]string, len(reg))
	for i, e := range reg {
		names[i] = e.name
	}
	sort.Strings(names)
	return names
}

// grapher is implemented by the activations that have a native Gorgonia op (tanh, sigmoid,
// relu, softplus, mish): Apply uses that op, the baseline a Gorgonia user would pick.
type grapher interface {
	graph(x *gorgonia.Node) (*gorgonia.Node, error)
}

// Apply puts a into the graph elementwise on x (any shape, float32 or float64). Activations
// with a native Gorgonia op use it; every other Activation, including ones defined outside this
// package, runs through the package's generic op, whose gradient is g·DF(x) in one op.
func Apply(a Activation, x *gorgonia.Node) (*gorgonia.Node, error) {
	if a == nil || x == nil {
		return nil, fmt.Errorf("activations: Apply needs an activation and a node (got %v, %v)", a, x)
	}
	if l, ok := a.(Learned); ok {
		return nil, fmt.Errorf("activations: %s learns parameters: apply it with ApplyLearned and their nodes", l)
	}
	if g, ok := a.(grapher); ok {
		y, err := g.graph(x)
		if err != nil {
			return nil, fmt.Errorf("activations: %s: %w", a, err)
		}
		return y, nil
	}
	y, err := gorgonia.ApplyOp(newElemOp(a), x)
	if err != nil {
		return nil, fmt.Errorf("activations: %s: %w", a, err)
	}
	return y, nil
}

// splitSpec cuts a spec into its name and raw key=value pairs. Only the first ':' separates
// the name, so nested specs may contain ':'.
func splitSpec(spec string) (string, map[string]string, error) {
	name, rest, hasParams := strings.Cut(strings.TrimSpace(spec), ":")
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, fmt.Errorf("activations: empty activation name in spec %q (valid: %s)", spec, strings.Join(Names(), ", "))
	}
	params := map[string]string{}
	if !hasParams {
		return name, params, nil
	}
	if strings.TrimSpace(rest) == "" {
		return "", nil, fmt.Errorf("activations: spec %q has ':' but no parameters", spec)
	}
	for _, kv := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return "", nil, fmt.Errorf("activations: bad parameter %q in %q (want key=value)", kv, spec)
		}
		if _, dup := params[k]; dup {
			return "", nil, fmt.Errorf("activations: parameter %q repeated in %q", k, spec)
		}
		params[k] = v
	}
	return name, params, nil
}
