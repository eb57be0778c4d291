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
