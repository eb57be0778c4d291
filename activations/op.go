package activations

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// elemOp is the one generic elementwise Gorgonia op behind every activation that Gorgonia has
// no native op for: y = F(x) elementwise, any shape, float32 or float64.
//
// Its symbolic derivative (SymDiff) is a second op, elemDiffOp, that computes g·DF(x) in one
// pass from the input x and the upstream gradient g, so a layer costs two passes over memory
// (forward, backward) instead of a chain of a dozen primitive nodes. Both ops evaluate the
// activation's float64 F/DF per element (float32 data is widened and narrowed), write into
// Gorgonia's preallocated output when the machine offers one (UsePreallocDo) and otherwise
// allocate exactly one output tensor per call; nothing is allocated per element.
//
// The hash and the printed name carry the activation's canonical spec, so two nodes with the
// same input and the same activation are merged by the graph and different ones never are.
//
// Only symbolic differentiation (gorgonia.Grad, TapeMachine) is supported; the LispMachine's
// forward-mode DoDiff needs Gorgonia internals that an external op cannot reach.
type elemOp struct {
	act  Activation
	spec string
}

func newElemOp(a Activation) elemOp { return elemOp{act: a, spec: a.String()} }

var (
	_ gorgonia.Op              = elemOp{}
	_ gorgonia.SDOp            = elemOp{}
	_ gorgonia.UsePreallocDoer = elemOp{}
	_ gorgonia.Op              = elemDiffOp{}
	_ gorgonia.UsePreallocDoer = elemDiffOp{}
)

func (op elemOp) Arity() int { return 1 }

// Type is a → a: the output has the input's type (tensor or scalar, float32 or float64).
func (op elemOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(a, a)
}

func (op elemOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return sameShape(op, in...)
}

func (op elemOp) Do(in ...value) (value, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("activations: %v takes 1 input, got %d", op, len(in))
	}
	return op.UsePreallocDo(nil, in...)
}

// UsePreallocDo writes F(x) into prealloc when it is a dense tensor of the input's dtype and
// shape; with any other prealloc (nil, a register of another shape) it allocates the output.
func (op elemOp) UsePreallocDo(prealloc value, in ...value) (value, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("activations: %v takes 1 input, got %d", op, len(in))
	}
	switch x := in[0].(type) {
	case *gorgonia.F64:
		return gorgonia.NewF64(op.act.F(float64(*x))), nil
	case *gorgonia.F32:
		return gorgonia.NewF32(float32(op.act.F(float64(*x)))), nil
	}
	x, err := denseInput(op, in[0])
	if err != nil {
		return nil, err
	}
	out := output(prealloc, x)
	switch x.Dtype() {
	case tensor.Float64:
		applyF64(op.act, out.Float64s(), x.Float64s())
	case tensor.Float32:
		applyF32(op.act, out.Float32s(), x.Float32s())
	}
	return out, nil
}

func (op elemOp) ReturnsPtr() bool     { return false }
func (op elemOp) CallsExtern() bool    { return false }
func (op elemOp) OverwritesInput() int { return -1 }
func (op elemOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "activations.F(%s)", op.spec)
}
func (op elemOp) Hashcode() uint32 { return hashOf(op) }
func (op elemOp) String() string   { return op.spec }

// DiffWRT: the op is differentiable with respect to its one input.
func (op elemOp) DiffWRT(inputs int) []bool { return []bool{true} }

// SymDiff returns the node g·DF(x), where g is the gradient flowing into the output.
func (op elemOp) SymDiff(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	if len(inputs) != 1 {
		return nil, fmt.Errorf("activations: %v takes 1 input, got %d", op, len(inputs))
	}
	d, err := gorgonia.ApplyOp(elemDiffOp(op), inputs[0], grad)
	if err != nil {
		return nil, fmt.Errorf("activations: gradient of %v: %w", op, err)
	}
	return gorgonia.Nodes{d}, nil
}

// elemDiffOp computes g·DF(x) elementwise from the inputs (x, g): the backward pass of elemOp
// in one op. It is not itself differentiable (no second derivatives).
type elemDiffOp elemOp

func (op elemDiffOp) Arity() int { return 2 }

// Type is a → a → a.
func (op elemDiffOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(a, a, a)
}

func (op elemDiffOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return sameShape(op, in...)
}

func (op elemDiffOp) Do(in ...value) (value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes g·DF(x) into prealloc when it fits (see elemOp.UsePreallocDo).
func (op elemDiffOp) UsePreallocDo(prealloc value, in ...value) (value, error) {
	if len(in) != 2 {
		return nil, fmt.Errorf("activations: %v takes 2 inputs (x, grad), got %d", op, len(in))
	}
	switch x := in[0].(type) {
	case *gorgonia.F64:
		g, ok := in[1].(*gorgonia.F64)
		if !ok {
			return nil, fmt.Errorf("activations: %v: x is float64 scalar, grad is %T", op, in[1])
		}
		return gorgonia.NewF64(float64(*g) * op.act.DF(float64(*x))), nil
	case *gorgonia.F32:
		g, ok := in[1].(*gorgonia.F32)
		if !ok {
			return nil, fmt.Errorf("activations: %v: x is float32 scalar, grad is %T", op, in[1])
		}
		return gorgonia.NewF32(float32(float64(*g) * op.act.DF(float64(*x)))), nil
	}
	x, err := denseInput(op, in[0])
	if err != nil {
		return nil, err
	}
	g, err := denseInput(op, in[1])
	if err != nil {
		return nil, err
	}
	if g.Dtype() != x.Dtype() || !g.Shape().Eq(x.Shape()) {
		return nil, fmt.Errorf("activations: %v: x is %v %v, grad is %v %v", op, x.Dtype(), x.Shape(), g.Dtype(), g.Shape())
	}
	out := output(prealloc, x)
	switch x.Dtype() {
	case tensor.Float64:
		applyDF64(op.act, out.Float64s(), x.Float64s(), g.Float64s())
	case tensor.Float32:
		applyDF32(op.act, out.Float32s(), x.Float32s(), g.Float32s())
	}
	return out, nil
}

func (op elemDiffOp) ReturnsPtr() bool     { return false }
func (op elemDiffOp) CallsExtern() bool    { return false }
func (op elemDiffOp) OverwritesInput() int { return -1 }
func (op elemDiffOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "activations.DF(%s)", op.spec)
}
func (op elemDiffOp) Hashcode() uint32 { return hashOf(op) }
func (op elemDiffOp) String() string   { return "d(" + op.spec + ")" }

// value is gorgonia.Value, shortened for the signatures above.
type value = gorgonia.Value

func hashOf(op interface{ WriteHash(hash.Hash) }) uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}

func sameShape(op fmt.Stringer, in ...gorgonia.DimSizer) (tensor.Shape, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("activations: %v: no input shape", op)
	}
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("activations: %v: input shape is %T, not a tensor.Shape", op, in[0])
	}
	return s.Clone(), nil
}

// denseInput returns v as a contiguous float32 or float64 *tensor.Dense (a strided view is
// copied once).
func denseInput(op fmt.Stringer, v value) (*tensor.Dense, error) {
	d, ok := v.(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("activations: %v: input is %T, want *tensor.Dense or a float scalar", op, v)
	}
	if dt := d.Dtype(); dt != tensor.Float64 && dt != tensor.Float32 {
		return nil, fmt.Errorf("activations: %v: dtype %v not supported (float32 or float64)", op, dt)
	}
	if d.RequiresIterator() {
		m, ok := d.Materialize().(*tensor.Dense)
		if !ok {
			return nil, fmt.Errorf("activations: %v: cannot materialize %v view", op, d.Shape())
		}
		d = m
	}
	return d, nil
}

// output returns prealloc when it is a contiguous dense tensor of x's dtype and shape, and a
// new tensor otherwise.
func output(prealloc value, x *tensor.Dense) *tensor.Dense {
	if p, ok := prealloc.(*tensor.Dense); ok && p.Dtype() == x.Dtype() && p.Shape().Eq(x.Shape()) && !p.RequiresIterator() && !p.IsMaterializable() {
		return p
	}
	return tensor.New(tensor.Of(x.Dtype()), tensor.WithShape(x.Shape().Clone()...))
}
