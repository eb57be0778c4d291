package activations

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

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
	p := newBenchPass(b, a, dt, rows, cols)
	defer p.close()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p.run(b)
	}
}

// BenchmarkActivationRatio measures the same forward + backward pass as BenchmarkActivation
// for every registered activation, interleaved with tanh and relu in every iteration, and
// reports the ratios of the fastest passes seen (x_tanh, x_relu): on a shared, noisy machine
// the interleaving and the minimum make the ratios much steadier than separate benchmarks.
//
//	go test -run '^$' -bench ActivationRatio -benchtime 100x ./activations
func BenchmarkActivationRatio(b *testing.B) {
	tanh := newBenchPass(b, Tanh{}, tensor.Float32, 128, 256)
	relu := newBenchPass(b, ReLU{}, tensor.Float32, 128, 256)
	defer tanh.close()
	defer relu.close()
	for _, name := range Names() {
		b.Run(name, func(b *testing.B) {
			a, err := Parse(name)
			if err != nil {
				b.Fatal(err)
			}
			p := newBenchPass(b, a, tensor.Float32, 128, 256)
			defer p.close()
			best := [3]time.Duration{math.MaxInt64, math.MaxInt64, math.MaxInt64}
			for b.Loop() {
				for i, q := range []*benchPass{p, tanh, relu} {
					if d := q.run(b); d < best[i] {
						best[i] = d
					}
				}
			}
			b.ReportMetric(float64(best[0].Nanoseconds()), "ns/pass")
			b.ReportMetric(float64(best[0])/float64(best[1]), "x_tanh")
			b.ReportMetric(float64(best[0])/float64(best[2]), "x_relu")
		})
	}
}

// benchPass is a compiled x → act → Sum → Grad graph with its input set.
type benchPass struct {
	m gorgonia.VM
}

func newBenchPass(b *testing.B, a Activation, dt tensor.Dtype, rows, cols int) *benchPass {
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
	if err := gorgonia.Let(x, benchInput(dt, rows, cols)); err != nil {
		b.Fatal(err)
	}
	return &benchPass{m: gorgonia.NewTapeMachine(g)}
}

func (p *benchPass) run(b *testing.B) time.Duration {
	t0 := time.Now()
	if err := p.m.RunAll(); err != nil {
		b.Fatal(err)
	}
	p.m.Reset()
	return time.Since(t0)
}

func (p *benchPass) close() { p.m.Close() }

// benchInput is a seeded rows×cols batch of pre-activations drawn from N(0, 2²).
func benchInput(dt tensor.Dtype, rows, cols int) *tensor.Dense {
	r := rand.New(rand.NewPCG(1, 2))
	if dt == tensor.Float32 {
		d := make([]float32, rows*cols)
		for i := range d {
			d[i] = float32(r.NormFloat64() * 2)
		}
		return tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(d))
	}
	d := make([]float64, rows*cols)
	for i := range d {
		d[i] = r.NormFloat64() * 2
	}
	return tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(d))
}
