package nn

import (
	"fmt"
	"math"

	"github.com/isingact/isingact/activations"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Learnable activation parameters. An activation spec with learn= (activations.Learned, for
// example "quench-mf:h=0,learn=h,per=unit") gives every layer that applies the activation — the
// hidden layers of an MLP, the output layer of a perceptron — one tensor per learned parameter:
// a vector of the layer's width per unit, of length 1 per layer, starting at the spec's value.
// They are model learnables after the weights (the optimiser steps them; Optimizer.WeightDecay
// does not touch them, TrainConfig.ActivationWeightDecay does), clamped to the parameter's
// registered range after every step (activations.Learned.Project), saved and loaded with the
// model, and summarised by ActivationParams.

// actLayers returns the indices of the dense layers followed by the activation.
func (m *Model) actLayers() []int {
	nl := len(m.arch.Sizes()) - 1
	if m.arch.Kind == KindPerceptron {
		return []int{nl - 1}
	}
	var ls []int
	for l := 0; l < nl-1; l++ {
		ls = append(ls, l)
	}
	return ls
}

// learned returns the model's activation as a Learned, if it learns parameters.
func (m *Model) learned() (activations.Learned, bool) {
	l, ok := m.act.(activations.Learned)
	return l, ok
}

// newActParams allocates the learned parameters of every activation layer at their initial
// values, layer by layer, each layer's keys in the Learned's order.
func (m *Model) newActParams() {
	l, ok := m.learned()
	if !ok {
		return
	}
	sizes := m.arch.Sizes()
	init := l.Initial()
	for _, layer := range m.actLayers() {
		n := 1
		if l.Per == activations.PerUnit {
			n = sizes[layer+1]
		}
		for _, v := range init {
			vals := make([]float64, n)
			for i := range vals {
				vals[i] = v
			}
			t := tensor.New(tensor.Of(m.dt), tensor.WithShape(n))
			setData(t, vals)
			if d, ok := t.Data().([]float32); ok { // the initial value may round out of range
				p := l.Params()[len(m.actParams)%len(init)]
				for i := range d {
					d[i] = project32(d[i], p.Min, p.Max)
				}
			}
			m.actParams = append(m.actParams, t)
		}
	}
}

// learnables returns every tensor the optimiser steps: the weights W₀, b₀, W₁, b₁, … and then
// the activation parameters.
func (m *Model) learnables() []*tensor.Dense {
	return append(append([]*tensor.Dense(nil), m.params...), m.actParams...)
}

// applyAct applies the activation after dense layer `layer` and returns the parameter nodes
// it added (bound to the model's tensors), if it learns parameters.
func (m *Model) applyAct(g *gorgonia.ExprGraph, h *gorgonia.Node, layer int) (*gorgonia.Node, gorgonia.Nodes, error) {
	l, ok := m.learned()
	if !ok {
		y, err := activations.Apply(m.act, h)
		return y, nil, err
	}
	pos := -1
	for i, al := range m.actLayers() {
		if al == layer {
			pos = i
		}
	}
	if pos < 0 {
		return nil, nil, fmt.Errorf("nn: internal: layer %d has no activation", layer)
	}
	var nodes gorgonia.Nodes
	for k, key := range l.Keys {
		t := m.actParams[pos*len(l.Keys)+k]
		nodes = append(nodes, gorgonia.NewVector(g, m.dt, gorgonia.WithShape(t.Shape()...),
			gorgonia.WithName(fmt.Sprintf("%s%d", key, layer)), gorgonia.WithValue(t)))
	}
	y, err := activations.ApplyLearned(l, h, nodes...)
	return y, nodes, err
}

// projectActParams clamps every learned activation parameter to its registered range.
func (m *Model) projectActParams() {
	l, ok := m.learned()
	if !ok {
		return
	}
	params := l.Params()
	for i, t := range m.actParams {
		k := i % len(l.Keys)
		switch d := t.Data().(type) {
		case []float64:
			for j, v := range d {
				d[j] = l.Project(k, v)
			}
		case []float32:
			p := params[k]
			for j, v := range d {
				d[j] = project32(v, p.Min, p.Max)
			}
		}
	}
}

// project32 clamps v to [lo, hi] in float32: to the float32 nearest each bound that lies
// inside the range (float32(0.001) is below 0.001, so the next float32 up is taken).
func project32(v float32, lo, hi float64) float32 {
	if float64(v) < lo {
		v = float32(lo)
		if float64(v) < lo {
			v = math.Nextafter32(v, float32(math.Inf(1)))
		}
	}
	if float64(v) > hi {
		v = float32(hi)
		if float64(v) > hi {
			v = math.Nextafter32(v, float32(math.Inf(-1)))
		}
	}
	return v
}

// ActParam is one learned activation parameter of one layer: its values (one per unit, or
// one for the layer).
type ActParam struct {
	Name   string // the key ("h"), with ".l<layer>" appended when several layers learn it
	Key    string // the parameter's key in the spec
	Layer  int    // the dense layer the activation follows (0-based)
	Values []float64
}

// ActivationParamValues returns a float64 copy of every learned activation parameter, layer by
// layer, each layer's keys in the spec's canonical order (nil when the activation learns
// nothing). Float32 values convert exactly.
func (m *Model) ActivationParamValues() []ActParam {
	l, ok := m.learned()
	if !ok {
		return nil
	}
	layers := m.actLayers()
	var out []ActParam
	for i, t := range m.actParams {
		layer, key := layers[i/len(l.Keys)], l.Keys[i%len(l.Keys)]
		name := key
		if len(layers) > 1 {
			name = fmt.Sprintf("%s.l%d", key, layer)
		}
		out = append(out, ActParam{Name: name, Key: key, Layer: layer, Values: floatsOf(t)})
	}
	return out
}

func floatsOf(t *tensor.Dense) []float64 {
	switch d := t.Data().(type) {
	case []float64:
		return append([]float64(nil), d...)
	case []float32:
		v := make([]float64, len(d))
		for i, x := range d {
			v[i] = float64(x)
		}
		return v
	}
	return nil
}

// ParamStat summarises one learned activation parameter of one layer across its units.
type ParamStat struct {
	Name  string // as ActParam.Name: "h", or "h.l1" when several layers learn h
	Key   string
	Layer int
	N     int // number of values (the layer's width per unit, 1 per layer)
	// Mean, Std (population standard deviation, divisor N; 0 for N = 1), Min and Max of the values.
	Mean, Std, Min, Max float64
}

// Metrics returns the stat's runs.csv metric names and values, in the order mean, std, min,
// max: "param:<name>:mean", "param:<name>:std", "param:<name>:min", "param:<name>:max".
func (s ParamStat) Metrics() []NamedValue {
	p := "param:" + s.Name + ":"
	return []NamedValue{{p + "mean", s.Mean}, {p + "std", s.Std}, {p + "min", s.Min}, {p + "max", s.Max}}
}

// NamedValue is a metric name and its value.
type NamedValue struct {
	Metric string
	Value  float64
}

// ActivationParams returns the mean, standard deviation, minimum and maximum of every learned
// activation parameter of every layer, in the order of ActivationParamValues (nil when the
// activation learns nothing). Fit reports them after every epoch in EpochMetrics.Params.
func (m *Model) ActivationParams() []ParamStat {
	var out []ParamStat
	for _, p := range m.ActivationParamValues() {
		s := ParamStat{Name: p.Name, Key: p.Key, Layer: p.Layer, N: len(p.Values), Min: math.Inf(1), Max: math.Inf(-1)}
		for _, v := range p.Values {
			s.Mean += v
			s.Min, s.Max = math.Min(s.Min, v), math.Max(s.Max, v)
		}
		s.Mean /= float64(s.N)
		for _, v := range p.Values {
			s.Std += (v - s.Mean) * (v - s.Mean)
		}
		s.Std = math.Sqrt(s.Std / float64(s.N))
		out = append(out, s)
	}
	return out
}

// actParamCount returns the number of learned activation parameter values a model file of
// architecture a and format version holds (version 1 files have none and may not learn).
func actParamCount(a Arch, version uint32) (int, error) {
	act, err := activations.Parse(a.Activation)
	if err != nil {
		return 0, fmt.Errorf("nn: model file header: %w", err)
	}
	l, ok := act.(activations.Learned)
	if !ok {
		return 0, nil
	}
	if version < 2 {
		return 0, fmt.Errorf("nn: model file version %d cannot hold the learned parameters of %s", version, a.Activation)
	}
	m := &Model{arch: a}
	n, sizes := 0, a.Sizes()
	for _, layer := range m.actLayers() {
		w := 1
		if l.Per == activations.PerUnit {
			w = sizes[layer+1]
		}
		n += w * len(l.Keys)
	}
	return n, nil
}

// checkActParams reports a learned activation parameter outside its registered range (a
// corrupted or hand-edited file).
func (m *Model) checkActParams() error {
	l, ok := m.learned()
	if !ok {
		return nil
	}
	params := l.Params()
	for i, t := range m.actParams {
		p := params[i%len(params)]
		for j, v := range floatsOf(t) {
			if !(v >= p.Min && v <= p.Max) {
				return fmt.Errorf("nn: model file: learned %s[%d] = %v is outside its range [%v, %v]", p.Key, j, v, p.Min, p.Max)
			}
		}
	}
	return nil
}
