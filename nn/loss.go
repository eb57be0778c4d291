package nn

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Loss names a training loss. Each is one fused Gorgonia op over the B×K output matrix z and the
// B×K target matrix y (forward in one pass, numerically stable, float32 and float64, the
// float32 sums accumulated in float64), with an exact gradient op of its own, instead of a chain
// of primitive nodes.
type Loss string

// The three losses.
const (
	// SoftmaxCrossEntropy is the mean over the batch of the cross-entropy between the softmax of
	// the logits z and the target distribution y (one-hot for class labels):
	//
	//	L = (1/B) Σ_i [ lse(z_i) − Σ_k y_ik z_ik ],  lse(z_i) = m_i + ln Σ_k exp(z_ik − m_i),
	//	m_i = max_k z_ik   (log-sum-exp shifted by the row maximum: no overflow for any finite z)
	//	∂L/∂z_ik = (softmax(z_i)_k · Σ_j y_ij − y_ik)/B
	SoftmaxCrossEntropy Loss = "softmax-cross-entropy"
	// BinaryCrossEntropy is the mean over all B·K elements of the binary cross-entropy between
	// σ(z) and y ∈ [0, 1], computed from the logits z in the stable form (as PyTorch's
	// BCEWithLogitsLoss):
	//
	//	ℓ(z, y) = max(z, 0) − z·y + ln(1 + exp(−|z|))   (= −y ln σ(z) − (1−y) ln(1−σ(z)))
	//	∂ℓ/∂z = σ(z) − y
	BinaryCrossEntropy Loss = "binary-cross-entropy"
	// MSE is the mean over all B·K elements of the squared error:
	//
	//	L = (1/(B·K)) Σ (z − y)²,   ∂L/∂z = 2(z − y)/(B·K)
	MSE Loss = "mse"
)

// LossNames lists the valid losses.
func LossNames() []string {
	return []string{string(SoftmaxCrossEntropy), string(BinaryCrossEntropy), string(MSE)}
}

func (l Loss) validate() error {
	switch l {
	case SoftmaxCrossEntropy, BinaryCrossEntropy, MSE:
		return nil
	}
	return fmt.Errorf("nn: unknown loss %q (valid: %s, %s, %s)", string(l), SoftmaxCrossEntropy, BinaryCrossEntropy, MSE)
}

// applyLoss puts the loss of outputs z against targets y (both B×K) into z's graph.
func applyLoss(l Loss, z, y *gorgonia.Node) (*gorgonia.Node, error) {
	if err := l.validate(); err != nil {
		return nil, err
	}
	return gorgonia.ApplyOp(lossOp{l}, z, y)
}

// lossValue computes the loss of z against y (row-major B×K, any float type) in float64.
func lossValue[T float32 | float64](l Loss, z, y []T, b, k int) float64 {
	var sum float64
	switch l {
	case SoftmaxCrossEntropy:
		for i := 0; i < b; i++ {
			zi, yi := z[i*k:(i+1)*k], y[i*k:(i+1)*k]
			m := float64(zi[0])
			for _, v := range zi[1:] {
				m = max(m, float64(v))
			}
			var s, ys, yz float64
			for j, v := range zi {
				s += math.Exp(float64(v) - m)
				ys += float64(yi[j])
				yz += float64(yi[j]) * float64(v)
			}
			sum += (m+math.Log(s))*ys - yz
		}
		return sum / float64(b)
	case BinaryCrossEntropy:
		for j, v := range z {
			zz := float64(v)
			sum += max(zz, 0) - zz*float64(y[j]) + math.Log1p(math.Exp(-math.Abs(zz)))
		}
	case MSE:
		for j, v := range z {
			d := float64(v) - float64(y[j])
			sum += d * d
		}
	}
	return sum / float64(len(z))
}

// lossGrad writes g·∂L/∂z into dz.
func lossGrad[T float32 | float64](l Loss, dz, z, y []T, b, k int, g float64) {
	switch l {
	case SoftmaxCrossEntropy:
		s := g / float64(b)
		for i := 0; i < b; i++ {
			zi, yi, di := z[i*k:(i+1)*k], y[i*k:(i+1)*k], dz[i*k:(i+1)*k]
			m := float64(zi[0])
			for _, v := range zi[1:] {
				m = max(m, float64(v))
			}
			var se, ys float64
			for j, v := range zi {
				se += math.Exp(float64(v) - m)
				ys += float64(yi[j])
			}
			c := ys / se
			for j, v := range zi {
				di[j] = T(s * (math.Exp(float64(v)-m)*c - float64(yi[j])))
			}
		}
	case BinaryCrossEntropy:
		s := g / float64(len(z))
		for j, v := range z {
			zz := float64(v)
			var sig float64
			if zz >= 0 {
				sig = 1 / (1 + math.Exp(-zz))
			} else {
				e := math.Exp(zz)
				sig = e / (1 + e)
			}
			dz[j] = T(s * (sig - float64(y[j])))
		}
	case MSE:
		s := 2 * g / float64(len(z))
		for j, v := range z {
			dz[j] = T(s * (float64(v) - float64(y[j])))
		}
	}
}

// lossOp is the fused loss: (z, y) ↦ scalar L.
type lossOp struct{ loss Loss }

// lossGradOp is its derivative: (z, y, ∂C/∂L) ↦ ∂C/∂z.
type lossGradOp struct{ loss Loss }

var (
	_ gorgonia.SDOp            = lossOp{}
	_ gorgonia.Op              = lossGradOp{}
	_ gorgonia.UsePreallocDoer = lossGradOp{}
)

func matType() (gorgonia.TensorType, hm.TypeVariable) {
	a := hm.TypeVariable('a')
	return gorgonia.TensorType{Dims: 2, Of: a}, a
}

func (op lossOp) Arity() int { return 2 }
func (op lossOp) Type() hm.Type {
	m, a := matType()
	return hm.NewFnType(m, m, a)
}
func (op lossOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	if err := sameShapes(in[0], in[1]); err != nil {
		return nil, err
	}
	return tensor.ScalarShape(), nil
}
func (op lossOp) ReturnsPtr() bool      { return false }
func (op lossOp) CallsExtern() bool     { return false }
func (op lossOp) OverwritesInput() int  { return -1 }
func (op lossOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op lossOp) Hashcode() uint32      { return hashOf(op) }
func (op lossOp) String() string        { return "nnLoss{" + string(op.loss) + "}" }
func (op lossOp) DiffWRT(n int) []bool  { return []bool{true, false} }

func (op lossOp) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	z, y, err := twoMatrices(in)
	if err != nil {
		return nil, err
	}
	b, k := z.Shape()[0], z.Shape()[1]
	switch zd := z.Data().(type) {
	case []float32:
		return gorgonia.NewF32(float32(lossValue(op.loss, zd, y.Data().([]float32), b, k))), nil
	case []float64:
		return gorgonia.NewF64(lossValue(op.loss, zd, y.Data().([]float64), b, k)), nil
	}
	return nil, fmt.Errorf("nn: loss of dtype %v", z.Dtype())
}

func (op lossOp) SymDiff(in gorgonia.Nodes, out, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	dz, err := gorgonia.ApplyOp(lossGradOp(op), in[0], in[1], grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{dz, nil}, nil
}

func (op lossGradOp) Arity() int { return 3 }
func (op lossGradOp) Type() hm.Type {
	m, a := matType()
	return hm.NewFnType(m, m, a, m)
}
func (op lossGradOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	if err := sameShapes(in[0], in[1]); err != nil {
		return nil, err
	}
	return in[0].(tensor.Shape).Clone(), nil
}
func (op lossGradOp) ReturnsPtr() bool      { return false }
func (op lossGradOp) CallsExtern() bool     { return false }
func (op lossGradOp) OverwritesInput() int  { return -1 }
func (op lossGradOp) WriteHash(h hash.Hash) { fmt.Fprint(h, op.String()) }
func (op lossGradOp) Hashcode() uint32      { return hashOf(op) }
func (op lossGradOp) String() string        { return "nnLossGrad{" + string(op.loss) + "}" }

func (op lossGradOp) Do(in ...gorgonia.Value) (gorgonia.Value, error) {
	z, _, err := twoMatrices(in[:2])
	if err != nil {
		return nil, err
	}
	out := tensor.New(tensor.WithShape(z.Shape().Clone()...), tensor.Of(z.Dtype()))
	return op.UsePreallocDo(out, in...)
}

func (op lossGradOp) UsePreallocDo(prealloc gorgonia.Value, in ...gorgonia.Value) (gorgonia.Value, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("nn: loss gradient takes 3 inputs, got %d", len(in))
	}
	z, y, err := twoMatrices(in[:2])
	if err != nil {
		return nil, err
	}
	g, err := scalarOf(in[2])
	if err != nil {
		return nil, err
	}
	dz, ok := prealloc.(tensor.Tensor)
	if !ok || !dz.Shape().Eq(z.Shape()) || dz.Dtype() != z.Dtype() {
		return nil, fmt.Errorf("nn: loss gradient: bad output buffer %T", prealloc)
	}
	b, k := z.Shape()[0], z.Shape()[1]
	switch zd := z.Data().(type) {
	case []float32:
		lossGrad(op.loss, dz.Data().([]float32), zd, y.Data().([]float32), b, k, g)
	case []float64:
		lossGrad(op.loss, dz.Data().([]float64), zd, y.Data().([]float64), b, k, g)
	default:
		return nil, fmt.Errorf("nn: loss gradient of dtype %v", z.Dtype())
	}
	return dz, nil
}

func sameShapes(a, b gorgonia.DimSizer) error {
	sa, ok1 := a.(tensor.Shape)
	sb, ok2 := b.(tensor.Shape)
	if !ok1 || !ok2 || len(sa) != 2 || !sa.Eq(sb) {
		return fmt.Errorf("nn: loss wants two B×K matrices of the same shape, got %v and %v", a, b)
	}
	return nil
}

func twoMatrices(in []gorgonia.Value) (z, y tensor.Tensor, err error) {
	if len(in) != 2 {
		return nil, nil, fmt.Errorf("nn: loss takes 2 inputs, got %d", len(in))
	}
	z, ok1 := in[0].(tensor.Tensor)
	y, ok2 := in[1].(tensor.Tensor)
	if !ok1 || !ok2 {
		return nil, nil, fmt.Errorf("nn: loss inputs must be tensors, got %T and %T", in[0], in[1])
	}
	if z.Dims() != 2 || !z.Shape().Eq(y.Shape()) || z.Dtype() != y.Dtype() {
		return nil, nil, fmt.Errorf("nn: loss wants two B×K matrices of one shape and dtype, got %v %v and %v %v",
			z.Shape(), z.Dtype(), y.Shape(), y.Dtype())
	}
	if !z.IsNativelyAccessible() || !y.IsNativelyAccessible() || z.RequiresIterator() || y.RequiresIterator() {
		return nil, nil, fmt.Errorf("nn: loss inputs must be contiguous dense matrices")
	}
	return z, y, nil
}

func scalarOf(v gorgonia.Value) (float64, error) {
	switch s := v.(type) {
	case *gorgonia.F64:
		return float64(*s), nil
	case *gorgonia.F32:
		return float64(*s), nil
	case tensor.Tensor:
		if s.Shape().TotalSize() == 1 {
			switch d := s.Data().(type) {
			case float64:
				return d, nil
			case float32:
				return float64(d), nil
			case []float64:
				return d[0], nil
			case []float32:
				return float64(d[0]), nil
			}
		}
	}
	return 0, fmt.Errorf("nn: loss gradient: want a scalar, got %T", v)
}

func hashOf(op fmt.Stringer) uint32 {
	h := fnv.New32a()
	fmt.Fprint(h, op.String())
	return h.Sum32()
}
