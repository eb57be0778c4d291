package activations_test

import (
	"fmt"

	"github.com/isingact/isingact/activations"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A learned field h: the spec's h is the initial value, the graph takes h as a node and
// gorgonia.Grad reaches it.
func ExampleApplyLearned() {
	a, err := activations.Parse("quench-mf:h=0.1,learn=h,per=layer")
	if err != nil {
		panic(err)
	}
	l := a.(activations.Learned)
	fmt.Println(l, l.Keys, l.Initial())

	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(1, 3), gorgonia.WithName("x"),
		gorgonia.WithValue(tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]float64{-0.5, 0.2, 0.5}))))
	h := gorgonia.NewVector(g, tensor.Float64, gorgonia.WithShape(1), gorgonia.WithName("h"),
		gorgonia.WithValue(tensor.New(tensor.WithShape(1), tensor.WithBacking(l.Initial()))))
	y, err := activations.ApplyLearned(l, x, h)
	if err != nil {
		panic(err)
	}
	cost := gorgonia.Must(gorgonia.Sum(y))
	if _, err := gorgonia.Grad(cost, h); err != nil {
		panic(err)
	}
	m := gorgonia.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		panic(err)
	}
	dh, _ := h.Grad()
	fmt.Printf("F = %.6f, ∂ΣF/∂h = %.6f\n", y.Value().Data(), dh.Data())
	// Output:
	// quench-mf:h=0.1,learn=h,per=layer [h] [0.1]
	// F = [-0.179466 0.144064 0.416695], ∂ΣF/∂h = [-0.528500]
}
