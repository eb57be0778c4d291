package activations

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// BenchmarkActivation times forward + backward of every registered activation (at its default
// parameters) on a 128×256 float32 batch: x → act → Sum → Grad, one TapeMachine, RunAll and
// Reset per iteration. Compare each name with tanh and relu, for example with
//
//	go test -run '^$' -bench Activation -benchtime 200ms ./activations
func BenchmarkActivation(b *testing.B) {
	for _, name := range Names() {
		b.Run(name, func(b *testing.B) {
			a, err := Parse(name)
			if err != nil {
				b.Fatal(err)
			}
			benchForwardBackward(b, a, tensor.Float32, 128, 256)
		})
	}
}

func benchForwardBackward(b *testing.B, a Activation, dt tensor.Dtype, rows, cols int) {
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, dt, gorgonia.WithShape(rows, cols), gorgonia.WithName("x"))
	y, err := Apply(a, x)
	if err != nil {
		b.Fatal(err)
	}
	cost, err := gorgonia.Sum(y)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := gorgonia.Grad(cost, x); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	var xv *tensor.Dense
	if dt == tensor.Float32 {
		d := make([]float32, rows*cols)
		for i := range d {
			d[i] = float32(r.NormFloat64() * 2)
		}
		xv = tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(d))
	} else {
		d := make([]float64, rows*cols)
		for i := range d {
			d[i] = r.NormFloat64() * 2
		}
		xv = tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(d))
	}
	if err := gorgonia.Let(x, xv); err != nil {
		b.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g)
	defer m.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := m.RunAll(); err != nil {
			b.Fatal(err)
		}
		m.Reset()
	}
}
