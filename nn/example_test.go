package nn_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/isingact/isingact/nn"
)

// A 2-4-1 tanh MLP learns XOR with binary cross-entropy on its logit.
func Example() {
	rng := rand.New(rand.NewPCG(1, 1))
	model, err := nn.NewModel(nn.MLP(2, []int{4}, 1, "tanh"), nn.Glorot{}, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	tr, err := nn.NewTrainer(model, nn.TrainConfig{
		Loss:      nn.BinaryCrossEntropy,
		Optimizer: nn.OptimizerConfig{Name: "adam", LearningRate: 0.05},
		BatchSize: 4,
		Epochs:    300,
	}, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	xor := nn.Data{N: 4, D: 2, X64: []float64{-1, -1, -1, 1, 1, -1, 1, 1}, Labels: []int{0, 1, 1, 0}}
	hist, err := tr.Fit(context.Background(), xor, xor)
	if err != nil {
		fmt.Println(err)
		return
	}
	last := hist[len(hist)-1]
	fmt.Printf("epoch %d: accuracy %.2f, loss below 0.05: %v\n", last.Epoch, last.ValAcc, last.ValLoss < 0.05)
	// Output: epoch 300: accuracy 1.00, loss below 0.05: true
}

// The activation's own gain, σ_w² = 1/E[φ′(z)²] at z ~ N(0, 1), beside PyTorch's calculate_gain
// (relu √2, tanh 5/3, sigmoid 1).
func ExampleNewGain() {
	for _, act := range []string{"relu", "tanh", "sigmoid", "quench-mf", "onsager-magnetization"} {
		g, err := nn.NewGain(act, 1, false)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-22s σ_w² = %.4f, gain %.4f\n", act, g.WeightVariance(), g.Gain())
	}
	// Output:
	// relu                   σ_w² = 2.0000, gain 1.4142
	// tanh                   σ_w² = 2.1533, gain 1.4674
	// sigmoid                σ_w² = 22.3034, gain 4.7226
	// quench-mf              σ_w² = 2.4364, gain 1.5609
	// onsager-magnetization  σ_w² = 1.4434, gain 1.2014
}
