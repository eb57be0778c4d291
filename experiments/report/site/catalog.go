package site

import (
	"strings"

	"github.com/isingact/isingact/activations"
)

// Activation is a registered activation as the pages show it: the registry's name, kind
// ("derived" or "stock"), one-line doc (formula and source), canonical default spec, parameters
// and the keys learn= accepts.
type Activation struct {
	Name, Kind, Doc, Default string
	Params                   []Param
	Learnable                []string
}

// Param is one parameter of an activation: its spec key, doc line and default.
type Param struct{ Key, Doc, Default string }

// Registry lists every registered activation (activations.All), in the registry's name order.
func Registry() []Activation {
	var out []Activation
	for _, info := range activations.All() {
		a := Activation{Name: info.Name, Kind: info.Kind.String(), Doc: info.Doc, Default: info.Default,
			Learnable: info.Learnable}
		for _, p := range info.Params {
			a.Params = append(a.Params, Param{Key: p.Key, Doc: p.Doc, Default: p.Default})
		}
		out = append(out, a)
	}
	return out
}

// catalog finds the activation a cell names.
type catalog map[string]Activation

func newCatalog(acts []Activation) catalog {
	c := catalog{}
	for _, a := range acts {
		c[a.Name] = a
	}
	return c
}

// spec returns the activation of a spec string ("quench-tanh:a=1,c=0" → quench-tanh).
func (c catalog) spec(s string) (Activation, bool) {
	name, _, _ := strings.Cut(strings.TrimSpace(s), ":")
	a, ok := c[name]
	return a, ok
}

// mention returns the first activation named by a word of s ("mlp elu:alpha=1" → elu): the
// criticality tables put the activation in the model column and initialisers in the rows.
func (c catalog) mention(s string) (Activation, bool) {
	for _, w := range strings.Fields(s) {
		if a, ok := c.spec(w); ok {
			return a, true
		}
	}
	return Activation{}, false
}

// pageName is the file of an activation's page inside the activations folder.
func pageName(name string) string { return name + ".html" }
