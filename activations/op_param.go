package activations

import (
	"fmt"
	"hash"
	"math"
	"sync"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ApplyLearned puts the Learned activation l into the graph on x with its learned parameters
// as the nodes theta, one per l.Keys in that order, so that gorgonia.Grad reaches them:
//
//   - per layer: each θ_k is a vector of length 1 and x may have any shape (dims ≥ 1);
//   - per unit: x is a batch×width matrix and each θ_k a vector of length width, broadcast
//     over the rows (unit j of every example uses θ_k[j]).
//
// x and the θ_k have one dtype, float32 or float64. The op's gradients are g·DF(x; θ) for x
// and Σ_rows g·∂F/∂θ_k for θ_k (over every element per layer), from the activation's exact
// partials (Learnable); the evaluation is in float64 for both dtypes.
func ApplyLearned(l Learned, x *gorgonia.Node, theta ...*gorgonia.Node) (*gorgonia.Node, error) {
	if l.Base == nil || x == nil {
		return nil, fmt.Errorf("activations: ApplyLearned needs a learned activation and a node")
	}
	if len(theta) != len(l.Keys) {
		return nil, fmt.Errorf("activations: %s: %d parameter nodes, want %d (%v)", l, len(theta), len(l.Keys), l.Keys)
	}
	if x.Dims() < 1 || (l.Per == PerUnit && x.Dims() != 2) {
		return nil, fmt.Errorf("activations: %s: input of shape %v (per unit wants a batch×width matrix, per layer a tensor)", l, x.Shape())
	}
	want := 1
	if l.Per == PerUnit {
		want = x.Shape()[1]
	}
	for k, t := range theta {
		if t == nil || t.Dims() != 1 || t.Shape()[0] != want || t.Dtype() != x.Dtype() {
			return nil, fmt.Errorf("activations: %s: parameter %s must be a %v vector of length %d (got %v)", l, l.Keys[k], x.Dtype(), want, t)
		}
	}
	op := paramOp{l: l, spec: l.String(), dims: x.Dims(), cache: &paramCache{}}
	y, err := gorgonia.ApplyOp(op, append(gorgonia.Nodes{x}, theta...)...)
	if err != nil {
		return nil, fmt.Errorf("activations: %s: %w", l, err)
	}
	return y, nil
}

// paramOp is y = F(x; θ) elementwise for the inputs (x, θ_1, …, θ_K) of a Learned activation.
// Its symbolic derivative is one paramDiffOp per input. Like elemOp it writes into Gorgonia's
// preallocated output where it fits; it builds one ParamEval per unit (per layer: one) and
// pass, evaluates every element once in the forward pass and hands DF and ∂F/∂θ to the
// gradient ops (paramCache), so a training step costs one evaluation per element. Only
// symbolic differentiation (gorgonia.Grad) is supported.
type paramOp struct {
	l     Learned
	spec  string
	dims  int         // dimensions of x
	cache *paramCache // shared with the gradient ops of this node
}

var (
	_ gorgonia.Op              = paramOp{}
	_ gorgonia.SDOp            = paramOp{}
	_ gorgonia.UsePreallocDoer = paramOp{}
	_ gorgonia.UsePreallocDoer = paramDiffOp{}
)

func (op paramOp) Arity() int { return 1 + len(op.l.Keys) }

// Type is X → V → … → V → X, X a tensor of x's dims and V a vector, of one dtype.
func (op paramOp) Type() hm.Type { return op.fnType(false) }

func (op paramOp) fnType(withGrad bool) hm.Type {
	a := hm.TypeVariable('a')
	xt := gorgonia.TensorType{Dims: op.dims, Of: a}
	vt := gorgonia.TensorType{Dims: 1, Of: a}
	ts := []hm.Type{xt}
	for range op.l.Keys {
		ts = append(ts, vt)
	}
	if withGrad {
		ts = append(ts, xt)
	}
	return hm.NewFnType(append(ts, xt)...)
}

func (op paramOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	return sameShape(op, in...)
}

func (op paramOp) Do(in ...value) (value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes F(x; θ) into prealloc when it is a dense tensor of x's dtype and shape.
// When the node has gradient ops, it also keeps DF and ∂F/∂θ of every element for them
// (paramCache).
func (op paramOp) UsePreallocDo(prealloc value, in ...value) (value, error) {
	p, err := op.prepare(in, op.Arity(), true)
	if err != nil {
		return nil, err
	}
	out := output(prealloc, p.x)
	var dv *derivs
	if op.cache != nil && op.cache.wanted {
		op.cache.mu.Lock()
		defer op.cache.mu.Unlock()
		dv = op.cache.fill(p, len(op.l.Keys))
	}
	switch p.x.Dtype() {
	case tensor.Float64:
		paramForward(out.Float64s(), p.x.Float64s(), p.evals, p.d, op.l.index, dv)
	case tensor.Float32:
		paramForward(out.Float32s(), p.x.Float32s(), p.evals, p.d, op.l.index, dv)
	}
	return out, nil
}

func (op paramOp) ReturnsPtr() bool      { return false }
func (op paramOp) CallsExtern() bool     { return false }
func (op paramOp) OverwritesInput() int  { return -1 }
func (op paramOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "activations.P%d(%s)", op.dims, op.spec) }
func (op paramOp) Hashcode() uint32      { return hashOf(op) }
func (op paramOp) String() string        { return op.spec }

// DiffWRT: differentiable with respect to x and every parameter.
func (op paramOp) DiffWRT(inputs int) []bool {
	d := make([]bool, inputs)
	for i := range d {
		d[i] = true
	}
	return d
}

// SymDiff returns, for x, the node g·DF(x; θ) and, for θ_k, Σ g·∂F/∂θ_k.
func (op paramOp) SymDiff(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	if len(inputs) != op.Arity() {
		return nil, fmt.Errorf("activations: %v takes %d inputs, got %d", op, op.Arity(), len(inputs))
	}
	if op.cache != nil {
		op.cache.mu.Lock()
		op.cache.wanted = true
		op.cache.mu.Unlock()
	}
	args := append(append(gorgonia.Nodes{}, inputs...), grad)
	out := make(gorgonia.Nodes, len(inputs))
	for i := range inputs {
		d, err := gorgonia.ApplyOp(paramDiffOp{paramOp: op, wrt: i}, args...)
		if err != nil {
			return nil, fmt.Errorf("activations: gradient of %v: %w", op, err)
		}
		out[i] = d
	}
	return out, nil
}

// paramDiffOp computes the gradient of paramOp with respect to input wrt (0: x, k ≥ 1: θ_k)
// from the inputs (x, θ_1, …, θ_K, g). It is not itself differentiable.
type paramDiffOp struct {
	paramOp
	wrt int
}

func (op paramDiffOp) Arity() int { return op.paramOp.Arity() + 1 }

// Type is X → V → … → V → X → X for x and → V for a parameter.
func (op paramDiffOp) Type() hm.Type {
	if op.wrt == 0 {
		return op.fnType(true)
	}
	a := hm.TypeVariable('a')
	xt := gorgonia.TensorType{Dims: op.dims, Of: a}
	vt := gorgonia.TensorType{Dims: 1, Of: a}
	ts := []hm.Type{xt}
	for range op.l.Keys {
		ts = append(ts, vt)
	}
	return hm.NewFnType(append(ts, xt, vt)...)
}

func (op paramDiffOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	if op.wrt < 0 || op.wrt >= len(in) {
		return nil, fmt.Errorf("activations: %v: no input %d", op, op.wrt)
	}
	return sameShape(op, in[op.wrt])
}

func (op paramDiffOp) Do(in ...value) (value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes the gradient into prealloc when it is a dense tensor of the right
// dtype and shape.
func (op paramDiffOp) UsePreallocDo(prealloc value, in ...value) (value, error) {
	if len(in) != op.Arity() {
		return nil, fmt.Errorf("activations: %v takes %d inputs (x, parameters, grad), got %d", op, op.Arity(), len(in))
	}
	p, err := op.prepare(in[:len(in)-1], op.paramOp.Arity(), false)
	if err != nil {
		return nil, err
	}
	g, err := denseInput(op, in[len(in)-1])
	if err != nil {
		return nil, err
	}
	if g.Dtype() != p.x.Dtype() || !g.Shape().Eq(p.x.Shape()) {
		return nil, fmt.Errorf("activations: %v: x is %v %v, grad is %v %v", op, p.x.Dtype(), p.x.Shape(), g.Dtype(), g.Shape())
	}
	dv, unlock, err := op.derivs(p, in[:len(in)-1])
	if err != nil {
		return nil, err
	}
	defer unlock()
	if op.wrt == 0 {
		out := output(prealloc, p.x)
		switch p.x.Dtype() {
		case tensor.Float64:
			backwardX(out.Float64s(), g.Float64s(), dv.df)
		case tensor.Float32:
			backwardX(out.Float32s(), g.Float32s(), dv.df)
		}
		return out, nil
	}
	out := output(prealloc, p.theta[op.wrt-1])
	switch p.x.Dtype() {
	case tensor.Float64:
		backwardTheta(out.Float64s(), g.Float64s(), dv.dk[op.wrt-1])
	case tensor.Float32:
		backwardTheta(out.Float32s(), g.Float32s(), dv.dk[op.wrt-1])
	}
	return out, nil
}

// derivs returns DF and ∂F/∂θ of every element at the inputs: the forward pass's, when it ran
// on these inputs (the cache is then held until unlock), and otherwise computed afresh.
func (op paramDiffOp) derivs(p paramPass, in []value) (dv *derivs, unlock func(), err error) {
	n := p.x.Shape().TotalSize()
	if c := op.cache; c != nil {
		c.mu.Lock()
		if dv, ok := c.take(p); ok {
			return dv, c.mu.Unlock, nil
		}
		c.mu.Unlock()
	}
	if p, err = op.prepare(in, op.paramOp.Arity(), true); err != nil {
		return nil, nil, err
	}
	dv = &derivs{}
	dv.resize(n, len(op.l.Keys))
	switch p.x.Dtype() {
	case tensor.Float64:
		paramForward(nil, p.x.Float64s(), p.evals, p.d, op.l.index, dv)
	case tensor.Float32:
		paramForward(nil, p.x.Float32s(), p.evals, p.d, op.l.index, dv)
	}
	return dv, func() {}, nil
}

func (op paramDiffOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "activations.dP%d/%d(%s)", op.dims, op.wrt, op.spec)
}
func (op paramDiffOp) Hashcode() uint32 { return hashOf(op) }
func (op paramDiffOp) String() string   { return fmt.Sprintf("d%d(%s)", op.wrt, op.spec) }

// paramPass is one pass's inputs: x, the parameter tensors, the evaluator of every unit (one
// per layer) and a scratch derivative vector.
type paramPass struct {
	x     *tensor.Dense
	theta []*tensor.Dense
	evals []ParamEval
	d     []float64
}

// prepare checks the n inputs (x, θ_1, …, θ_K) and, if withEvals, builds the evaluators.
func (op paramOp) prepare(in []value, n int, withEvals bool) (paramPass, error) {
	if len(in) != n {
		return paramPass{}, fmt.Errorf("activations: %v takes %d inputs, got %d", op, n, len(in))
	}
	x, err := denseInput(op, in[0])
	if err != nil {
		return paramPass{}, err
	}
	width := 1
	if op.l.Per == PerUnit {
		if x.Dims() != 2 {
			return paramPass{}, fmt.Errorf("activations: %v: per-unit input of shape %v, want batch×width", op, x.Shape())
		}
		width = x.Shape()[1]
	}
	p := paramPass{x: x, theta: make([]*tensor.Dense, len(in)-1), evals: make([]ParamEval, width),
		d: make([]float64, len(op.l.Base.LearnableParams()))}
	vals := make([][]float64, len(in)-1)
	for k := range p.theta {
		t, err := denseInput(op, in[k+1])
		if err != nil {
			return paramPass{}, err
		}
		if t.Dtype() != x.Dtype() || t.Shape().TotalSize() != width {
			return paramPass{}, fmt.Errorf("activations: %v: parameter %s is %v %v, want %v of %d values", op, op.l.Keys[k], t.Dtype(), t.Shape(), x.Dtype(), width)
		}
		p.theta[k], vals[k] = t, float64s(t)
	}
	if !withEvals {
		return p, nil
	}
	theta := make([]float64, len(vals))
	for j := range p.evals {
		for k := range vals {
			theta[k] = vals[k][j]
		}
		if p.evals[j], err = op.l.At(theta); err != nil {
			return paramPass{}, fmt.Errorf("activations: unit %d: %w", j, err)
		}
	}
	return p, nil
}

// float64s returns the values of a float32 or float64 tensor as float64.
func float64s(t *tensor.Dense) []float64 {
	if t.Dtype() == tensor.Float64 {
		return t.Float64s()
	}
	f := t.Float32s()
	v := make([]float64, len(f))
	for i, x := range f {
		v[i] = float64(x)
	}
	return v
}

// paramForward sets dst[i] = F(x[i]; θ_j), j = i mod len(evals) (the unit of a row-major
// batch×width tensor, or 0 per layer), and, when dv is not nil, dv.df[i] = DF and
// dv.dk[k][i] = ∂F/∂θ_k for the learned parameters at positions index of the derivative
// vector. dst may be nil (derivatives only).
func paramForward[T float32 | float64](dst, x []T, evals []ParamEval, d []float64, index []int, dv *derivs) {
	j := 0
	for i, v := range x {
		f, df := evals[j].Eval(float64(v), d)
		if dst != nil {
			dst[i] = T(f)
		}
		if dv != nil {
			dv.df[i] = df
			for k, at := range index {
				dv.dk[k][i] = d[at]
			}
		}
		if j++; j == len(evals) {
			j = 0
		}
	}
}

// backwardX sets dst[i] = g[i]·DF_i.
func backwardX[T float32 | float64](dst, g []T, df []float64) {
	g, df = g[:len(dst)], df[:len(dst)]
	for i := range dst {
		dst[i] = T(float64(g[i]) * df[i])
	}
}

// backwardTheta sets dst[j] = Σ_{i: unit j} g[i]·∂F/∂θ_i, j = i mod len(dst), summed in float64.
func backwardTheta[T float32 | float64](dst, g []T, dk []float64) {
	acc := make([]float64, len(dst))
	j := 0
	for i, gi := range g {
		acc[j] += float64(gi) * dk[i]
		if j++; j == len(acc) {
			j = 0
		}
	}
	for j := range dst {
		dst[j] = T(acc[j])
	}
}

// derivs holds DF and the learned parameters' ∂F/∂θ_k of every element of one pass.
type derivs struct {
	df []float64
	dk [][]float64
}

func (d *derivs) resize(n, keys int) {
	if cap(d.df) < n {
		d.df = make([]float64, n)
	}
	d.df = d.df[:n]
	if len(d.dk) != keys {
		d.dk = make([][]float64, keys)
	}
	for k := range d.dk {
		if cap(d.dk[k]) < n {
			d.dk[k] = make([]float64, n)
		}
		d.dk[k] = d.dk[k][:n]
	}
}

// paramCache carries the derivatives that the forward pass of a node computes anyway to the
// gradient ops of the same node, so that a training step evaluates each element once instead
// of once per op (x and every θ_k). The forward pass fills it when the node has gradient ops
// (wanted, set by SymDiff), together with a copy of its inputs; a gradient op uses it only when
// its own inputs are bitwise those, and computes the derivatives itself otherwise, so the
// result never depends on the cache.
type paramCache struct {
	mu     sync.Mutex
	wanted bool
	x      []float64   // the forward pass's x
	theta  [][]float64 // and parameter values
	derivs
}

// fill records the inputs of a forward pass and returns the derivative buffers (mu held).
func (c *paramCache) fill(p paramPass, keys int) *derivs {
	n := p.x.Shape().TotalSize()
	c.x = appendFloats(c.x[:0], p.x)
	c.theta = c.theta[:0]
	for _, t := range p.theta {
		c.theta = append(c.theta, appendFloats(nil, t))
	}
	c.resize(n, keys)
	return &c.derivs
}

// take returns the cached derivatives if p's inputs are those of the cached forward pass
// (mu held).
func (c *paramCache) take(p paramPass) (*derivs, bool) {
	if len(c.x) == 0 || len(c.theta) != len(p.theta) || !sameFloats(c.x, p.x) {
		return nil, false
	}
	for k, t := range p.theta {
		if !sameFloats(c.theta[k], t) {
			return nil, false
		}
	}
	return &c.derivs, true
}

// appendFloats appends the values of a float32 or float64 tensor to dst as float64.
func appendFloats(dst []float64, t *tensor.Dense) []float64 {
	if t.Dtype() == tensor.Float64 {
		return append(dst, t.Float64s()...)
	}
	for _, v := range t.Float32s() {
		dst = append(dst, float64(v))
	}
	return dst
}

// sameFloats reports whether the tensor holds exactly the values v (bitwise, so NaNs compare).
func sameFloats(v []float64, t *tensor.Dense) bool {
	if t.Shape().TotalSize() != len(v) {
		return false
	}
	if t.Dtype() == tensor.Float64 {
		for i, x := range t.Float64s() {
			if math.Float64bits(x) != math.Float64bits(v[i]) {
				return false
			}
		}
		return true
	}
	for i, x := range t.Float32s() {
		if math.Float64bits(float64(x)) != math.Float64bits(v[i]) {
			return false
		}
	}
	return true
}
