package signal_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/isingact/isingact/physics/signal"
)

// The edge of chaos of tanh for σ_b² = 0.05 (Schoenholz et al. 2017: σ_w² ≈ 1.76), and ReLU,
// which has none for σ_b > 0. An initialiser draws W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²).
func ExampleTheory_EOCWeightVariance() {
	tanh := signal.Activation{F: math.Tanh, DF: func(x float64) float64 { c := math.Cosh(x); return 1 / (c * c) }}
	th, err := signal.New(tanh, nil)
	if err != nil {
		panic(err)
	}
	sw2, err := th.EOCWeightVariance(0.05)
	if err != nil {
		panic(err)
	}
	ds, _ := th.DepthScales(1.5, 0.05)
	fmt.Printf("tanh: σ_w² = %.4f on the EOC; at σ_w² = 1.5 χ₁ = %.4f, ξ_c = %.2f layers\n", sw2, ds.Chi1, ds.XiC)

	relu := signal.Activation{F: func(x float64) float64 { return math.Max(x, 0) }, DF: func(x float64) float64 {
		if x > 0 {
			return 1
		}
		return 0
	}}
	th, _ = signal.New(relu, nil)
	_, err = th.EOCWeightVariance(0.01)
	fmt.Println("relu, σ_b² = 0.01: no EOC:", errors.Is(err, signal.ErrNoEOC))
	// Output:
	// tanh: σ_w² = 1.7610 on the EOC; at σ_w² = 1.5 χ₁ = 0.9386, ξ_c = 15.79 layers
	// relu, σ_b² = 0.01: no EOC: true
}
