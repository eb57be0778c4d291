package activations_test

import (
	"fmt"
	"log"
	"math"

	"github.com/isingact/isingact/activations"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Parse a spec, evaluate it, and differentiate it in a Gorgonia graph.
func Example() {
	a, err := activations.Parse("quench-tanh:a=2,c=-0.5")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a, a.F(0), a.DF(0))

	g := gorgonia.NewGraph()
	x := gorgonia.NewVector(g, tensor.Float64, gorgonia.WithShape(3), gorgonia.WithName("x"))
	y, err := activations.Apply(a, x)
	if err != nil {
		log.Fatal(err)
	}
	cost := gorgonia.Must(gorgonia.Sum(y))
	if _, err := gorgonia.Grad(cost, x); err != nil {
		log.Fatal(err)
	}
	gorgonia.Let(x, tensor.New(tensor.WithBacking([]float64{-0.5, 0, 0.5})))
	m := gorgonia.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		log.Fatal(err)
	}
	grad, _ := x.Grad()
	fmt.Printf("F = %.4f\ndF/dx = %.4f\n", y.Value().Data(), grad.Data())
	// Output:
	// quench-tanh:a=2,c=-0.5 -0.5 0.5
	// F = [-0.6416 -0.5000 -0.1416]
	// dF/dx = [0.1192 0.5000 0.8808]
}

// softsign is an activation defined outside the package: Apply runs it through the generic
// op, so it is differentiable without any Gorgonia code.
type softsign struct{}

func (softsign) String() string       { return "softsign" }
func (softsign) F(x float64) float64  { return x / (1 + math.Abs(x)) }
func (softsign) DF(x float64) float64 { d := 1 + math.Abs(x); return 1 / (d * d) }

func ExampleApply() {
	g := gorgonia.NewGraph()
	x := gorgonia.NewVector(g, tensor.Float32, gorgonia.WithShape(2), gorgonia.WithName("x"))
	y, err := activations.Apply(softsign{}, x)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := gorgonia.Grad(gorgonia.Must(gorgonia.Sum(y)), x); err != nil {
		log.Fatal(err)
	}
	gorgonia.Let(x, tensor.New(tensor.WithBacking([]float32{-1, 3})))
	m := gorgonia.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		log.Fatal(err)
	}
	grad, _ := x.Grad()
	fmt.Println(y.Value().Data(), grad.Data())
	// Output: [-0.5 0.75] [0.25 0.0625]
}

// List the derived activations with their defaults, as docs and plots do.
func ExampleNamesOf() {
	for _, name := range activations.NamesOf(activations.Derived) {
		spec, _ := activations.Default(name)
		fmt.Println(spec)
	}
	// Output:
	// mf-magnetization:h=0,maxslope=10
	// onsager-magnetization:maxslope=10,units=tc
	// population:of=quench-mf:h=0,sigma=0.5
	// quench-mf:h=0
	// quench-onsager:units=tc
	// quench-sigmoid:c=0
	// quench-tanh:a=1,c=0
	// tanh-fit:a=6,theta=0
}
