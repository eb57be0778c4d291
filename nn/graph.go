package nn

import (
	"fmt"
	"math"
	"reflect"
	"unsafe"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// graphRun is one compiled Gorgonia graph of fixed batch size: forward only (prediction),
// forward + loss (evaluation), or forward + loss + gradients (training). It is built once and run
// many times: per batch the rows are copied into the bound input tensors (no allocation), then
// RunAll and Reset (without Reset the next RunAll silently does nothing).
//
// Only the subgraph that the roots need is compiled (ExactSubgraphRoots of the reads and the
// weight gradients): Gorgonia would otherwise also differentiate with respect to the input
// batch. Outputs and the loss are copied out by gorgonia.Read nodes, because a TapeMachine reuses
// the memory of intermediate values.
type graphRun struct {
	m      *Model
	batch  int
	loss   Loss
	vm     gorgonia.VM
	pc     *int                // the TapeMachine's program counter (see rewindable); nil: Reset after each run
	sub    *gorgonia.ExprGraph // the compiled subgraph
	x, y   *gorgonia.Node
	xT, yT *tensor.Dense
	outV   gorgonia.Value
	lossV  gorgonia.Value
	grads  gorgonia.Nodes
	params []Param // Value: the model's tensors; Grad: set after each training run
}

// newGraph builds and compiles a graph of the model for batch rows; loss "" means prediction
// only, train adds the gradients of the loss with respect to the weights.
func newGraph(m *Model, batch int, loss Loss, train bool) (r *graphRun, err error) {
	defer func() {
		// Gorgonia's graph constructors panic on some inconsistencies instead of returning an
		// error; report them as one.
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("nn: building the graph: %v", p)
		}
	}()
	g := gorgonia.NewGraph()
	r = &graphRun{m: m, batch: batch, loss: loss}
	r.xT = tensor.New(tensor.Of(m.dt), tensor.WithShape(batch, m.arch.In))
	r.x = gorgonia.NewMatrix(g, m.dt, gorgonia.WithShape(batch, m.arch.In), gorgonia.WithName("x"), gorgonia.WithValue(r.xT))
	out, learn, err := m.build(g, r.x)
	if err != nil {
		return nil, err
	}
	roots := gorgonia.Nodes{gorgonia.Read(out, &r.outV)}
	if loss != "" {
		r.yT = tensor.New(tensor.Of(m.dt), tensor.WithShape(batch, m.arch.Out))
		r.y = gorgonia.NewMatrix(g, m.dt, gorgonia.WithShape(batch, m.arch.Out), gorgonia.WithName("y"), gorgonia.WithValue(r.yT))
		cost, err := applyLoss(loss, out, r.y)
		if err != nil {
			return nil, err
		}
		roots = append(roots, gorgonia.Read(cost, &r.lossV))
		if train {
			if r.grads, err = gorgonia.Grad(cost, learn...); err != nil {
				return nil, fmt.Errorf("nn: gradients: %w", err)
			}
			roots = append(roots, r.grads...)
			r.params = make([]Param, len(learn))
			for i, t := range m.learnables() {
				r.params[i].Value = t
			}
		}
	}
	r.sub = g.ExactSubgraphRoots(roots...)
	r.vm = gorgonia.NewTapeMachine(r.sub)
	r.pc = rewindable(r.vm)
	return r, nil
}

// rewindable returns a pointer to the program counter of Gorgonia's TapeMachine, or nil if vm is
// not the TapeMachine of Gorgonia v0.9.18 (a struct with an int field pc).
//
// Why: TapeMachine.Reset sets pc to 0 and also drops every register, so each RunAll after it
// allocates every intermediate tensor afresh (about 700 KiB and 400 objects per step of the
// 784-128-10 reference MLP). Setting pc to 0 alone keeps the registers: an Alloc instruction
// reuses a register that already holds a tensor of its dtype and shape, and an op writes into a
// register that holds a value through UsePreallocDo where it has one. The program is the same
// every run, so every register holds, at the start of a run, the value the same instruction
// left in it in the previous run: tensors of the right shape that each run overwrites in full.
// The results are bit-identical to a Reset (TestRewindMatchesReset). Gorgonia exports no way
// to rewind the tape without dropping the registers, hence the unsafe write of an unexported
// field, guarded by its name and type; on any other VM the caller falls back to Reset.
func rewindable(vm gorgonia.VM) *int {
	v := reflect.ValueOf(vm)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName("pc")
	if !f.IsValid() || f.Kind() != reflect.Int {
		return nil
	}
	return (*int)(unsafe.Pointer(f.UnsafeAddr()))
}

// run copies rows of d into the graph's inputs and runs it once.
func (r *graphRun) run(d Data, rows []int) error {
	if len(rows) != r.batch {
		return fmt.Errorf("nn: internal: %d rows for a graph of batch %d", len(rows), r.batch)
	}
	switch x := r.xT.Data().(type) {
	case []float32:
		if d.X32 != nil {
			copyRows(x, d.X32, d.D, rows)
		} else {
			fillX(x, d, rows)
		}
		if r.yT != nil {
			fillY(r.yT.Data().([]float32), d, rows, r.m.arch.Out)
		}
	case []float64:
		if d.X64 != nil {
			copyRows(x, d.X64, d.D, rows)
		} else {
			fillX(x, d, rows)
		}
		if r.yT != nil {
			fillY(r.yT.Data().([]float64), d, rows, r.m.arch.Out)
		}
	}
	err := r.vm.RunAll()
	if r.pc != nil && err == nil {
		*r.pc = 0
	} else {
		r.vm.Reset()
	}
	if err != nil {
		return fmt.Errorf("nn: running the graph: %w", err)
	}
	for i, gn := range r.grads {
		gt, ok := gn.Value().(*tensor.Dense)
		if !ok {
			return fmt.Errorf("nn: internal: gradient %d is a %T", i, gn.Value())
		}
		r.params[i].Grad = gt
	}
	return nil
}

// copyRows writes rows of src (row length dim) into dst, one copy (memmove) per row: the same
// values as fillX when the dtypes agree, without its elementwise conversion loop.
func copyRows[T float32 | float64](dst, src []T, dim int, rows []int) {
	for r, i := range rows {
		copy(dst[r*dim:(r+1)*dim], src[i*dim:(i+1)*dim])
	}
}

// out returns the outputs of the last run ([]float32 or []float64, batch×Out).
func (r *graphRun) out() any { return r.outV.(tensor.Tensor).Data() }

// lossValue returns the loss of the last run (NaN if the graph has none).
func (r *graphRun) lossValue() float64 {
	if v, err := scalarOf(r.lossV); err == nil {
		return v
	}
	return math.NaN()
}

// correct counts the right predictions of the last run on rows of d.
func (r *graphRun) correct(d Data, rows []int) int {
	switch z := r.out().(type) {
	case []float32:
		return countCorrect(z, d, rows, r.m.arch.Out, r.loss)
	case []float64:
		return countCorrect(z, d, rows, r.m.arch.Out, r.loss)
	}
	return 0
}
