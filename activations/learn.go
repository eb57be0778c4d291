package activations

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Learnable is the optional interface, beside Activation, of activations with continuous
// parameters that a network may learn (the field h of the mean-field forms, the slope a and
// constant c of the tanh fits, the quench noise σ of population). It gives the activation at
// any parameter values θ together with the exact partial derivatives ∂F/∂θ, so that a graph can
// take θ as inputs (ApplyLearned).
type Learnable interface {
	Activation
	// LearnableParams returns the keys of the learnable parameters, in canonical (declaration)
	// order; each is a numeric parameter of the registry entry.
	LearnableParams() []string
	// ParamValues returns the activation's values of those parameters, in that order.
	ParamValues() []float64
	// AtParams returns the activation evaluated at parameter values theta (one per
	// LearnableParams, in order, each within its registered range). It is cheap — no table is
	// built — since a graph calls it once per unit and pass.
	AtParams(theta []float64) (ParamEval, error)
}

// ParamEval evaluates an activation at fixed parameter values θ with its exact derivatives.
// It is safe for concurrent use.
type ParamEval interface {
	// Eval returns F(x; θ) and DF(x; θ) = ∂F/∂x, and sets d[k] = ∂F/∂θ_k for every learnable
	// parameter k (len(d) = len(LearnableParams)). Where an exact derivative diverges, the
	// activation's doc says how it is kept finite.
	Eval(x float64, d []float64) (f, df float64)
}

// Per says how a learned parameter is shared: one value for the whole layer, or one per unit
// (a column of the layer's batch×width pre-activations), broadcast over the batch.
type Per string

// The two ways to share a learned parameter.
const (
	PerLayer Per = "layer"
	PerUnit  Per = "unit"
)

// Learned is an activation whose parameters Keys are learned by the network: the spec
// "quench-mf:h=0,learn=h,per=unit" parses into Learned{Base: quench-mf at h = 0, Keys: [h],
// Per: PerUnit}. The values in the spec are the initial values; F and DF are Base's, at those
// values. A graph applies it with ApplyLearned, which takes the learned values as nodes.
// Build it with Parse (its unexported fields hold the registry's declarations).
//
// Range. Each learned parameter stays in its registered range (Params) by projection: the
// trainer clamps it to [Min, Max] after every optimiser step (Project). The stored value is the
// physical parameter itself and its gradient is the exact ∂F/∂θ; a smooth reparametrisation
// (h = 5·tanh φ, a = e^φ) would instead rescale the gradient by a factor that vanishes near the
// bounds and change the optimiser's effective step everywhere, for ranges that are safety
// bounds a healthy run does not reach.
type Learned struct {
	Base   Learnable
	Keys   []string // learned parameters, in canonical order
	Per    Per
	params []Param // the registry's declarations of Keys, with any narrowed range (min.<p>=, max.<p>=)
	index  []int   // positions of Keys in Base.LearnableParams()
	ranges string  // the narrowed ranges' canonical spelling, "min.h=0"; "" for none
}

var _ Activation = Learned{}

// String is the base spec followed by ",learn=k1+k2,per=layer|unit" and any narrowed ranges
// (",min.h=0").
func (l Learned) String() string {
	s := fmt.Sprintf("%s,learn=%s,per=%s", l.Base, strings.Join(l.Keys, "+"), l.Per)
	if l.ranges != "" {
		s += "," + l.ranges
	}
	return s
}

// F is Base's F, at the initial parameter values.
func (l Learned) F(x float64) float64 { return l.Base.F(x) }

// DF is Base's DF, at the initial parameter values.
func (l Learned) DF(x float64) float64 { return l.Base.DF(x) }

// Params returns the registry's declarations of the learned parameters (key, range, doc), in
// the order of Keys; a range narrowed in the spec (min.<p>=, max.<p>=) replaces the registered
// one.
func (l Learned) Params() []Param { return append([]Param(nil), l.params...) }

// Initial returns the initial values of the learned parameters, in the order of Keys.
func (l Learned) Initial() []float64 {
	all := l.Base.ParamValues()
	v := make([]float64, len(l.index))
	for k, i := range l.index {
		v[k] = all[i]
	}
	return v
}

// Project returns the value v of learned parameter k (an index into Keys) clamped to its
// range (the registered one, or as narrowed in the spec).
func (l Learned) Project(k int, v float64) float64 {
	return math.Min(math.Max(v, l.params[k].Min), l.params[k].Max)
}

// At returns the evaluator at learned values theta (in the order of Keys; the parameters that
// are not learned keep Base's values). Its derivative vector has one entry per
// Base.LearnableParams(); Index maps Keys to it. Values outside their range are an error.
func (l Learned) At(theta []float64) (ParamEval, error) {
	if len(theta) != len(l.Keys) || len(l.params) != len(l.Keys) || l.Base == nil {
		return nil, fmt.Errorf("activations: %v: %d parameter values for learned %v (a Learned comes from Parse)", l.Base, len(theta), l.Keys)
	}
	all := l.Base.ParamValues()
	for k, v := range theta {
		p := l.params[k]
		if !(v >= p.Min && v <= p.Max) {
			return nil, fmt.Errorf("activations: %s: learned %s = %v is outside its range [%s, %s]", l, p.Key, v, formatFloat(p.Min), formatFloat(p.Max))
		}
		all[l.index[k]] = v
	}
	return l.Base.AtParams(all)
}

// Index returns the position of each learned key in Base.LearnableParams(), in the order of
// Keys.
func (l Learned) Index() []int { return append([]int(nil), l.index...) }

// learnSpec holds the learn=, per=, min.<p>= and max.<p>= keys of a spec, removed from its
// other parameters.
type learnSpec struct {
	keys   []string
	per    Per
	ranges []rangeSpec
}

// takeLearn removes learn=, per= and the narrowed ranges from raw and returns them (nil when
// the spec has none of them).
func takeLearn(name string, raw map[string]string) (*learnSpec, error) {
	lk, hasLearn := raw["learn"]
	pk, hasPer := raw["per"]
	delete(raw, "learn")
	delete(raw, "per")
	ranges, err := takeRanges(name, raw)
	if err != nil {
		return nil, err
	}
	if !hasLearn && !hasPer && len(ranges) == 0 {
		return nil, nil
	}
	switch {
	case !hasLearn && hasPer:
		return nil, fmt.Errorf("activations: %s: per=%s without learn= (write learn=<param>[+<param>…])", name, pk)
	case !hasLearn:
		return nil, fmt.Errorf("activations: %s: %s= without learn= (write learn=<param>[+<param>…])", name, ranges[0].spelling())
	}
	ls := &learnSpec{per: PerLayer, ranges: ranges}
	if hasPer {
		switch Per(pk) {
		case PerLayer, PerUnit:
			ls.per = Per(pk)
		default:
			return nil, fmt.Errorf("activations: %s: per=%q (valid: %s, %s)", name, pk, PerLayer, PerUnit)
		}
	}
	for _, k := range strings.Split(lk, "+") {
		k = strings.TrimSpace(k)
		if slices.Contains(ls.keys, k) {
			return nil, fmt.Errorf("activations: %s: learn=%s names %q twice", name, lk, k)
		}
		ls.keys = append(ls.keys, k)
	}
	return ls, nil
}

// wrap makes the Learned activation of base, checking the learned keys against its learnable
// parameters; the error lists them.
func (ls *learnSpec) wrap(name string, params []Param, base Activation) (Activation, error) {
	lb, ok := base.(Learnable)
	if !ok || len(lb.LearnableParams()) == 0 {
		return nil, fmt.Errorf("activations: %s has no learnable parameters (learn= is not supported)", name)
	}
	all := lb.LearnableParams()
	valid := "learnable: " + strings.Join(all, ", ")
	l := Learned{Base: lb, Per: ls.per}
	for _, k := range all { // canonical order
		if slices.Contains(ls.keys, k) {
			l.Keys = append(l.Keys, k)
			l.index = append(l.index, slices.Index(all, k))
			l.params = append(l.params, params[findParam(params, k)])
		}
	}
	for _, k := range ls.keys {
		if !slices.Contains(all, k) {
			return nil, fmt.Errorf("activations: %s cannot learn %q (%s)", name, k, valid)
		}
	}
	if err := l.narrow(name, ls.ranges); err != nil {
		return nil, err
	}
	return l, nil
}

// LearnableParamsOf returns the learnable parameter keys of a (nil when it has none).
func LearnableParamsOf(a Activation) []string {
	if l, ok := a.(Learnable); ok {
		return l.LearnableParams()
	}
	return nil
}
