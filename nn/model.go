package nn

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/isingact/isingact/activations"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model is a network's architecture and its weights. The weights live in one *tensor.Dense per
// learnable (W₀, b₀, W₁, b₁, …; W_l is fanIn×fanOut, b_l is 1×fanOut) and every Gorgonia graph
// built for the model — a training graph per batch size, evaluation and prediction graphs —
// binds its weight nodes to these same tensors. An optimiser step updates them in place, so all
// graphs always compute with the current weights and nothing is copied between them.
//
// A Model is not safe for concurrent use; independent runs use independent models.
type Model struct {
	arch   Arch
	act    activations.Activation
	dt     tensor.Dtype
	params []*tensor.Dense
	fwd    map[int]*graphRun // prediction graphs by batch size
	// actParams are the learned activation parameters (see learn.go), empty unless the
	// activation spec has learn=.
	actParams []*tensor.Dense
}

// NewModel validates a, draws the initial weights with init from rng and returns the model. An
// initialiser that depends on the activation and was given none (ParseInit("gain")) is bound to
// a's activation first.
func NewModel(a Arch, init Init, rng *rand.Rand) (*Model, error) {
	if init == nil || rng == nil {
		return nil, errors.New("nn: NewModel needs an initialiser and a seeded *rand.Rand")
	}
	m, err := newEmptyModel(a)
	if err != nil {
		return nil, err
	}
	if init, err = bindInit(init, m.act); err != nil {
		return nil, err
	}
	sizes := a.Sizes()
	for l := 0; l+1 < len(sizes); l++ {
		w := make([]float64, sizes[l]*sizes[l+1])
		b := make([]float64, sizes[l+1])
		init.Fill(w, b, sizes[l], sizes[l+1], rng)
		setData(m.params[2*l], w)
		setData(m.params[2*l+1], b)
	}
	return m, nil
}

// newEmptyModel validates a and allocates zero weights.
func newEmptyModel(a Arch) (*Model, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	act, err := activations.Parse(a.Activation)
	if err != nil {
		return nil, fmt.Errorf("nn: %w", err)
	}
	dt, _ := a.Dtype.tensor()
	a.Hidden = append([]int(nil), a.Hidden...)
	a.Activation = act.String() // canonical, as Save writes it
	m := &Model{arch: a, act: act, dt: dt, fwd: map[int]*graphRun{}}
	sizes := a.Sizes()
	for l := 0; l+1 < len(sizes); l++ {
		m.params = append(m.params,
			tensor.New(tensor.Of(dt), tensor.WithShape(sizes[l], sizes[l+1])),
			tensor.New(tensor.Of(dt), tensor.WithShape(1, sizes[l+1])))
	}
	m.newActParams()
	return m, nil
}

func setData(t *tensor.Dense, v []float64) {
	switch d := t.Data().(type) {
	case []float64:
		copy(d, v)
	case []float32:
		for i, x := range v {
			d[i] = float32(x)
		}
	}
}

// Arch returns the model's architecture, with the activation's canonical spec.
func (m *Model) Arch() Arch {
	a := m.arch
	a.Hidden = append([]int(nil), a.Hidden...)
	return a
}

// Weights returns a float64 copy of every learnable in order W₀, b₀, W₁, b₁, … (W_l row-major
// fanIn×fanOut). Float32 weights convert exactly, so equal copies mean bit-identical weights.
func (m *Model) Weights() [][]float64 {
	out := make([][]float64, len(m.params))
	for i, p := range m.params {
		switch d := p.Data().(type) {
		case []float64:
			out[i] = append([]float64(nil), d...)
		case []float32:
			out[i] = make([]float64, len(d))
			for j, x := range d {
				out[i][j] = float64(x)
			}
		}
	}
	return out
}

// SetWeights overwrites the weights from w, in the layout of Weights; the counts must match.
func (m *Model) SetWeights(w [][]float64) error {
	if len(w) != len(m.params) {
		return fmt.Errorf("nn: %d weight tensors given, the model has %d", len(w), len(m.params))
	}
	for i, p := range m.params {
		if len(w[i]) != p.Shape().TotalSize() {
			return fmt.Errorf("nn: weight tensor %d has %d values, want %d", i, len(w[i]), p.Shape().TotalSize())
		}
	}
	for i, p := range m.params {
		setData(p, w[i])
	}
	return nil
}

// build adds the network to g on the input batch x (B×In) and returns its output (B×Out: the
// logits for the cross-entropies) and the learnable nodes (weights, then activation
// parameters; see learnables), bound to the model's tensors.
func (m *Model) build(g *gorgonia.ExprGraph, x *gorgonia.Node) (*gorgonia.Node, gorgonia.Nodes, error) {
	h := x
	var learn, actNodes gorgonia.Nodes
	nl := len(m.params) / 2
	for l := 0; l < nl; l++ {
		wt, bt := m.params[2*l], m.params[2*l+1]
		w := gorgonia.NewMatrix(g, m.dt, gorgonia.WithShape(wt.Shape()...), gorgonia.WithName(fmt.Sprintf("W%d", l)), gorgonia.WithValue(wt))
		b := gorgonia.NewMatrix(g, m.dt, gorgonia.WithShape(bt.Shape()...), gorgonia.WithName(fmt.Sprintf("b%d", l)), gorgonia.WithValue(bt))
		learn = append(learn, w, b)
		xw, err := gorgonia.Mul(h, w)
		if err != nil {
			return nil, nil, fmt.Errorf("nn: layer %d: %w", l, err)
		}
		if h, err = gorgonia.BroadcastAdd(xw, b, nil, []byte{0}); err != nil {
			return nil, nil, fmt.Errorf("nn: layer %d bias: %w", l, err)
		}
		last := l == nl-1
		if !last || m.arch.Kind == KindPerceptron {
			var nodes gorgonia.Nodes
			if h, nodes, err = m.applyAct(g, h, l); err != nil {
				return nil, nil, fmt.Errorf("nn: layer %d activation: %w", l, err)
			}
			actNodes = append(actNodes, nodes...)
		}
	}
	return h, append(learn, actNodes...), nil
}

// Predict returns the model's outputs for every example of d (row-major N×Out, float64): the
// logits for a model trained with a cross-entropy, the predictions for MSE. Labels and Targets of
// d are ignored. It runs forward-only graphs of at most batch rows, kept for the next call.
func (m *Model) Predict(d Data, batch int) ([]float64, error) {
	if batch < 1 {
		return nil, fmt.Errorf("nn: Predict batch size %d (want ≥ 1)", batch)
	}
	if err := d.validate(m.arch.In, m.arch.Out, ""); err != nil {
		return nil, err
	}
	out := make([]float64, 0, d.N*m.arch.Out)
	rows := make([]int, 0, batch)
	for lo := 0; lo < d.N; lo += batch {
		rows = rows[:0]
		for i := lo; i < min(lo+batch, d.N); i++ {
			rows = append(rows, i)
		}
		r, ok := m.fwd[len(rows)]
		if !ok {
			var err error
			if r, err = newGraph(m, len(rows), "", false); err != nil {
				return nil, err
			}
			m.fwd[len(rows)] = r
		}
		if err := r.run(d, rows); err != nil {
			return nil, err
		}
		switch z := r.out().(type) {
		case []float64:
			out = append(out, z...)
		case []float32:
			for _, v := range z {
				out = append(out, float64(v))
			}
		}
	}
	return out, nil
}
