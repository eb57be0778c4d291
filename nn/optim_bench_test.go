package nn

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/tensor"
)

// benchParams returns the parameters of the reference MLP 784-128-10 (W₀ 784×128, b₀ 1×128,
// W₁ 128×10, b₁ 1×10: 101 770 values) with random values and gradients of the given dtype.
func benchParams(dt tensor.Dtype) []Param {
	rng := rand.New(rand.NewPCG(1, 2))
	var ps []Param
	for _, sh := range [][2]int{{784, 128}, {1, 128}, {128, 10}, {1, 10}} {
		v := tensor.New(tensor.Of(dt), tensor.WithShape(sh[0], sh[1]))
		g := tensor.New(tensor.Of(dt), tensor.WithShape(sh[0], sh[1]))
		n := sh[0] * sh[1]
		vs, gs := make([]float64, n), make([]float64, n)
		for i := range vs {
			vs[i], gs[i] = rng.NormFloat64()*0.05, rng.NormFloat64()*1e-3
		}
		setData(v, vs)
		setData(g, gs)
		ps = append(ps, Param{Value: v, Grad: g})
	}
	return ps
}

// BenchmarkOptimizerStep times one optimiser step over the reference MLP's 101 770 parameters
// for every optimiser, in float32 (the peer benchmark's dtype) and float64, plain and with
// weight decay and clipping (which the step folds into the same pass). The gradients are not
// refreshed between steps: a step's cost does not depend on their values. allocs/op must be 0.
//
//	go test -run '^$' -bench OptimizerStep -benchtime 200ms ./nn/
func BenchmarkOptimizerStep(b *testing.B) {
	for _, dt := range []tensor.Dtype{tensor.Float32, tensor.Float64} {
		for _, name := range OptimizerNames() {
			for _, reg := range []struct {
				label       string
				decay, clip float64
			}{{"", 0, 0}, {"+decay+clip", 1e-4, 1}} {
				b.Run(dt.String()+"/"+name+reg.label, func(b *testing.B) {
					o, err := NewOptimizer(OptimizerConfig{Name: name, WeightDecay: reg.decay, Clip: reg.clip})
					if err != nil {
						b.Fatal(err)
					}
					ps := benchParams(dt)
					if err := o.Step(ps); err != nil { // allocate the state outside the timing
						b.Fatal(err)
					}
					b.ReportAllocs()
					b.ResetTimer()
					for b.Loop() {
						if err := o.Step(ps); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

// sinkFloat keeps benchmark results alive.
var sinkFloat float64

// BenchmarkTrainStep times one training step of the reference setup (batch 128 of MNIST:
// copy the rows in, forward, backward, Adam) as Fit does it, after a warm-up step that builds
// the graph and the optimiser state. allocs/op counts what the trainer, Gorgonia's TapeMachine
// and the optimiser allocate per step.
//
//	go test -run '^$' -bench TrainStep -benchtime 200x ./nn/
func BenchmarkTrainStep(b *testing.B) {
	ds := loadMNIST(b)
	train := fromSet(ds.Train)
	a := MLP(784, []int{128}, 10, "relu")
	a.Dtype = Float32
	tr := benchTrainer(b, a, 1)
	rows := make([]int, 128)
	for i := range rows {
		rows[i] = i
	}
	step := func() {
		r, err := tr.graph(tr.train, len(rows), true)
		if err != nil {
			b.Fatal(err)
		}
		if err := r.run(train, rows); err != nil {
			b.Fatal(err)
		}
		sinkFloat += r.lossValue() + float64(r.correct(train, rows))
		if err := tr.opt.Step(r.params); err != nil {
			b.Fatal(err)
		}
	}
	step()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		step()
	}
}
