// Package activations holds the Ising-derived and the stock activation functions, one registry
// of them, and the Gorgonia ops that put them into a graph with exact gradients.
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
	// gives back an equal activation.
	String() string
	// F is the activation at x (float64 reference implementation).
	F(x float64) float64
	// DF is the exact derivative dF/dx at x.
	DF(x float64) float64
}

// Parse builds an activation from a spec: "name" or "name:key=value,key=value".
// Unknown names and bad parameters are errors that list what is valid.
func Parse(spec string) (Activation, error) {
	name, params, err := splitSpec(spec)
	if err != nil {
		return nil, err
	}
	e, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("activations: unknown activation %q (valid: %s)", name, strings.Join(Names(), ", "))
	}
	return e.build(params)
}

// Names lists the registered activations, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Apply puts a into the graph elementwise on x (any shape, float32 or float64).
func Apply(a Activation, x *gorgonia.Node) (*gorgonia.Node, error) {
	if g, ok := a.(interface {
		apply(*gorgonia.Node) (*gorgonia.Node, error)
	}); ok {
		return g.apply(x)
	}
	return nil, fmt.Errorf("activations: %s has no graph op yet", a)
}

func splitSpec(spec string) (string, map[string]string, error) {
	name, rest, _ := strings.Cut(strings.TrimSpace(spec), ":")
	params := map[string]string{}
	if rest == "" {
		return name, params, nil
	}
	for _, kv := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return "", nil, fmt.Errorf("activations: bad parameter %q in %q (want key=value)", kv, spec)
		}
		params[k] = v
	}
	return name, params, nil
}
