package nn

import (
	"fmt"
	"strings"

	"github.com/isingact/isingact/activations"
	"gorgonia.org/tensor"
)

// Dtype is the floating-point type of a model's weights and of its graphs.
type Dtype string

// The two supported dtypes. Float64 is the reference precision; Float32 halves memory and is
// what the MNIST benchmark uses.
const (
	Float32 Dtype = "float32"
	Float64 Dtype = "float64"
)

func (d Dtype) tensor() (tensor.Dtype, error) {
	switch d {
	case Float32:
		return tensor.Float32, nil
	case Float64:
		return tensor.Float64, nil
	}
	return tensor.Dtype{}, fmt.Errorf("nn: unknown dtype %q (valid: %s, %s)", string(d), Float32, Float64)
}

// Kind says which network an Arch describes.
type Kind string

// The two network kinds.
const (
	// KindPerceptron maps the inputs straight to the outputs through one dense layer followed by
	// the activation: y = f(x·W + b).
	KindPerceptron Kind = "perceptron"
	// KindMLP has one or more hidden dense layers with the activation and a linear output layer:
	// h₀ = x, h_l = f(h_{l−1}·W_l + b_l), y = h_L·W_out + b_out.
	KindMLP Kind = "mlp"
)

// Arch describes a network: its kind, layer sizes, activation spec (parsed by
// activations.Parse) and dtype. It is all that Save writes besides the weights.
type Arch struct {
	Kind       Kind
	In         int   // number of input features
	Hidden     []int // hidden layer widths (MLP only; empty for a perceptron)
	Out        int   // number of outputs (classes for softmax cross-entropy)
	Activation string
	Dtype      Dtype
}

// Perceptron returns the Arch of a single-layer network y = f(x·W + b) with in inputs and out
// outputs, activation spec act and dtype Float64 (set Dtype to change it).
func Perceptron(in, out int, act string) Arch {
	return Arch{Kind: KindPerceptron, In: in, Out: out, Activation: act, Dtype: Float64}
}

// MLP returns the Arch of a multi-layer perceptron with the given hidden widths, the activation
// spec act on every hidden layer and a linear output layer, dtype Float64.
func MLP(in int, hidden []int, out int, act string) Arch {
	return Arch{Kind: KindMLP, In: in, Hidden: append([]int(nil), hidden...), Out: out, Activation: act, Dtype: Float64}
}

// Sizes returns the widths of every layer, input first and output last.
func (a Arch) Sizes() []int {
	s := make([]int, 0, len(a.Hidden)+2)
	s = append(s, a.In)
	s = append(s, a.Hidden...)
	return append(s, a.Out)
}

// String describes the architecture, for example "mlp 784-128-10 relu float32".
func (a Arch) String() string {
	parts := make([]string, 0, len(a.Hidden)+2)
	for _, s := range a.Sizes() {
		parts = append(parts, fmt.Sprint(s))
	}
	return fmt.Sprintf("%s %s %s %s", a.Kind, strings.Join(parts, "-"), a.Activation, a.Dtype)
}

// maxWidth bounds every layer width; it keeps a corrupted file or a typo from asking for
// terabytes.
const maxWidth = 1 << 20

// Validate checks the architecture: known kind and dtype, positive sizes, hidden layers only and
// always for an MLP, and an activation spec that activations.Parse accepts.
func (a Arch) Validate() error {
	if _, err := a.Dtype.tensor(); err != nil {
		return err
	}
	switch a.Kind {
	case KindPerceptron:
		if len(a.Hidden) != 0 {
			return fmt.Errorf("nn: a perceptron has no hidden layers (got %v)", a.Hidden)
		}
	case KindMLP:
		if len(a.Hidden) == 0 {
			return fmt.Errorf("nn: an MLP needs at least one hidden layer")
		}
	default:
		return fmt.Errorf("nn: unknown model kind %q (valid: %s, %s)", string(a.Kind), KindPerceptron, KindMLP)
	}
	for i, s := range a.Sizes() {
		if s < 1 || s > maxWidth {
			return fmt.Errorf("nn: layer %d has width %d (want 1 … %d)", i, s, maxWidth)
		}
	}
	if _, err := activations.Parse(a.Activation); err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	return nil
}
