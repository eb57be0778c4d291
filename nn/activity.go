package nn

import (
	"fmt"
	"math"
)

// Activity summarises what the units of one activation layer do on a data set: the values
// h = φ(x·W + b) of the layer for every example (the paper's §3.1 asks whether rectifier-like
// spike counts give sparse codes).
type Activity struct {
	Layer    int // the dense layer the activation follows (0-based)
	Units    int // the layer's width
	Examples int
	// Zero is the fraction of the Examples × Units values with |h| ≤ tol: the code's sparsity.
	Zero float64
	// Dead is the fraction of units with |h| ≤ tol on every example.
	Dead float64
	// Mean is the mean of h over examples and units.
	Mean float64
}

// Activity evaluates every layer the activation follows — the hidden layers of an MLP, the
// output layer of a perceptron — on every example of d, in forward-only graphs of at most batch
// rows, and summarises each layer's values with tolerance tol (Activity.Zero, Dead). The values
// are computed by the same Gorgonia ops as training and Predict, in the model's dtype: layer l
// is evaluated as a one-layer perceptron with the model's W_l, b_l (and learned activation
// parameters) on the previous layer's values. Labels and Targets of d are ignored.
func (m *Model) Activity(d Data, batch int, tol float64) ([]Activity, error) {
	if !(tol >= 0) {
		return nil, fmt.Errorf("nn: Activity tolerance %v (want ≥ 0)", tol)
	}
	if err := d.validate(m.arch.In, m.arch.Out, ""); err != nil {
		return nil, err
	}
	sizes := m.arch.Sizes()
	layers := m.actLayers()
	in := Data{N: d.N, D: d.D, X32: d.X32, X64: d.X64}
	var out []Activity
	for i, l := range layers { // consecutive: 0 … nl−2 for an MLP, the one layer of a perceptron
		p, err := m.layerModel(i, l)
		if err != nil {
			return nil, err
		}
		h, err := p.Predict(in, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, summarise(h, l, sizes[l+1], d.N, tol))
		in = Data{N: d.N, D: sizes[l+1], X64: h}
	}
	return out, nil
}

// layerModel returns dense layer l, the i-th activation layer, as a perceptron sharing nothing
// with m: copies of W_l, b_l and the layer's learned activation parameters.
func (m *Model) layerModel(i, l int) (*Model, error) {
	sizes := m.arch.Sizes()
	a := Perceptron(sizes[l], sizes[l+1], m.arch.Activation)
	a.Dtype = m.arch.Dtype
	p, err := newEmptyModel(a)
	if err != nil {
		return nil, err
	}
	setData(p.params[0], floatsOf(m.params[2*l]))
	setData(p.params[1], floatsOf(m.params[2*l+1]))
	k := len(p.actParams) // learned parameters per layer (0 when nothing is learned)
	for j := range k {
		setData(p.actParams[j], floatsOf(m.actParams[i*k+j]))
	}
	return p, nil
}

// summarise computes a layer's Activity from its values h (examples × units, row-major).
func summarise(h []float64, layer, units, examples int, tol float64) Activity {
	a := Activity{Layer: layer, Units: units, Examples: examples}
	active := make([]bool, units)
	zero := 0
	for i, v := range h {
		a.Mean += v
		if math.Abs(v) <= tol {
			zero++
		} else {
			active[i%units] = true
		}
	}
	dead := 0
	for _, on := range active {
		if !on {
			dead++
		}
	}
	n := float64(len(h))
	a.Mean /= n
	a.Zero = float64(zero) / n
	a.Dead = float64(dead) / float64(units)
	return a
}
