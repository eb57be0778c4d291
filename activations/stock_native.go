package activations

import (
	"math"

	"gorgonia.org/gorgonia"
)

// The stock activations that Gorgonia implements itself. Apply uses Gorgonia's op, which is
// what a Gorgonia user would compare against; F and DF are the float64 references the tests
// check those ops against.

// Tanh is the hyperbolic tangent, F = tanh(x), DF = 1 − tanh²(x) (gorgonia.Tanh).
type Tanh struct{}

var _ Activation = Tanh{}

func (Tanh) String() string { return "tanh" }

// F returns tanh(x).
func (Tanh) F(x float64) float64 { return math.Tanh(x) }

// DF returns 1 − tanh²(x) = 1/cosh²(x) (0 when cosh overflows, |x| > 710).
func (Tanh) DF(x float64) float64 { c := math.Cosh(x); return 1 / (c * c) }

func (Tanh) graph(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.Tanh(x) }

// Sigmoid is the logistic function, F = σ(x) = 1/(1 + e^(−x)), DF = σ(x)(1 − σ(x))
// (gorgonia.Sigmoid).
type Sigmoid struct{}

var _ Activation = Sigmoid{}

func (Sigmoid) String() string { return "sigmoid" }

// F returns σ(x), evaluated without overflow for either sign of x.
func (Sigmoid) F(x float64) float64 { return logistic(x) }

// DF returns σ(x)σ(−x).
func (Sigmoid) DF(x float64) float64 { return logistic(x) * logistic(-x) }

func (Sigmoid) graph(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.Sigmoid(x) }

// ReLU is the rectifier, F = max(x, 0) (gorgonia.Rectify). DF is 1 for x ≥ 0 and 0 for x < 0:
// at the kink x = 0 it is 1, as in Gorgonia's Rectify, which multiplies x by (x ≥ 0).
type ReLU struct{}

var _ Activation = ReLU{}

func (ReLU) String() string { return "relu" }

// F returns max(x, 0).
func (ReLU) F(x float64) float64 { return math.Max(x, 0) }

// DF returns 1 for x ≥ 0 and 0 otherwise.
func (ReLU) DF(x float64) float64 {
	if x >= 0 {
		return 1
	}
	return 0
}

func (ReLU) graph(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.Rectify(x) }

// Softplus is F = ln(1 + e^x), DF = σ(x) (gorgonia.Softplus). Gorgonia returns x for x > 16
// (float64) or x > 14 (float32) and 0 below −708 (−103), below the precision of either type.
type Softplus struct{}

var _ Activation = Softplus{}

func (Softplus) String() string { return "softplus" }

// F returns ln(1 + e^x) = max(x, 0) + ln(1 + e^(−|x|)), without overflow.
func (Softplus) F(x float64) float64 { return softplus(x) }

// DF returns σ(x).
func (Softplus) DF(x float64) float64 { return logistic(x) }

func (Softplus) graph(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.Softplus(x) }

// Mish is F = x·tanh(softplus(x)) (Misra 2019, arXiv:1908.08681; gorgonia.Mish, which builds it
// from Softplus, Tanh and a product, so its gradient comes from the chain rule):
//
//	DF = tanh(sp) + x·σ(x)·(1 − tanh²(sp)),  sp = softplus(x).
type Mish struct{}

var _ Activation = Mish{}

func (Mish) String() string { return "mish" }

// F returns x·tanh(softplus(x)).
func (Mish) F(x float64) float64 { return x * math.Tanh(softplus(x)) }

// DF returns tanh(sp) + x·σ(x)·sech²(sp).
func (Mish) DF(x float64) float64 {
	t := math.Tanh(softplus(x))
	return t + x*logistic(x)*(1-t*t)
}

func (Mish) graph(x *gorgonia.Node) (*gorgonia.Node, error) { return gorgonia.Mish(x) }

// logistic returns σ(x) = 1/(1 + e^(−x)) without overflow.
func logistic(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus returns ln(1 + e^x) = max(x, 0) + log1p(e^(−|x|)) without overflow.
func softplus(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}
