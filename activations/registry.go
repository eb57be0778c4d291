package activations

import (
	"fmt"
	"math"

	"gorgonia.org/gorgonia"
)

// TEMPORARY bootstrap registry (tanh, relu only) so nn/ can compile; the activations issue
// replaces this file.
type entry struct {
	build func(map[string]string) (Activation, error)
}

var registry = map[string]entry{
	"tanh": {func(p map[string]string) (Activation, error) { return noParams(p, tanhAct{}) }},
	"relu": {func(p map[string]string) (Activation, error) { return noParams(p, reluAct{}) }},
}

func noParams(p map[string]string, a Activation) (Activation, error) {
	if len(p) > 0 {
		return nil, fmt.Errorf("activations: %s takes no parameters", a)
	}
	return a, nil
}

type tanhAct struct{}

func (tanhAct) String() string       { return "tanh" }
func (tanhAct) F(x float64) float64  { return math.Tanh(x) }
func (tanhAct) DF(x float64) float64 { t := math.Tanh(x); return 1 - t*t }
func (tanhAct) apply(x *gorgonia.Node) (*gorgonia.Node, error) {
	return gorgonia.Tanh(x)
}

type reluAct struct{}

func (reluAct) String() string { return "relu" }
func (reluAct) F(x float64) float64 {
	return math.Max(x, 0)
}
func (reluAct) DF(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}
func (reluAct) apply(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.Rectify(x) }
