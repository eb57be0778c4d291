package nn

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/isingact/isingact/activations"
)

// xorData is the XOR truth table with inputs in {−1, +1} (zero-centred, suits tanh) and labels
// 1 where the inputs differ.
func xorData() Data {
	return Data{N: 4, D: 2, X64: []float64{-1, -1, -1, 1, 1, -1, 1, 1}, Labels: []int{0, 1, 1, 0}}
}

func trainXOR(t *testing.T, a Arch, loss Loss, seed uint64, epochs int) (*Model, []EpochMetrics) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	m, err := NewModel(a, Glorot{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, TrainConfig{Loss: loss, Optimizer: OptimizerConfig{Name: "adam", LearningRate: 0.05},
		BatchSize: 4, Epochs: epochs}, rng)
	if err != nil {
		t.Fatal(err)
	}
	hist, err := tr.Fit(context.Background(), xorData(), xorData())
	if err != nil {
		t.Fatal(err)
	}
	return m, hist
}

// TestMLPLearnsXOR: a 2-4-1 tanh MLP trained with binary cross-entropy on the four points reaches
// 100% accuracy (the hidden layer makes XOR separable).
func TestMLPLearnsXOR(t *testing.T) {
	for _, loss := range []Loss{BinaryCrossEntropy, MSE} {
		_, hist := trainXOR(t, MLP(2, []int{4}, 1, "tanh"), loss, 1, 300)
		last := hist[len(hist)-1]
		if last.ValAcc != 1 {
			t.Errorf("%s: XOR accuracy %v after %d epochs, want 1 (loss %v)", loss, last.ValAcc, len(hist), last.ValLoss)
		}
		if !(last.ValLoss < hist[0].ValLoss) {
			t.Errorf("%s: loss did not fall: %v → %v", loss, hist[0].ValLoss, last.ValLoss)
		}
	}
}

// TestPerceptronCannotLearnXOR: y = f(w·x + b) with a monotone f classifies by a half-plane, and
// no half-plane separates XOR (Minsky & Papert 1969), so at most 3 of the 4 points are right —
// for every seed, activation and loss tried.
func TestPerceptronCannotLearnXOR(t *testing.T) {
	acts := []string{"tanh", "relu"}
	for _, extra := range []string{"sigmoid", "softplus", "elu"} {
		if _, err := activations.Parse(extra); err == nil {
			acts = append(acts, extra)
		}
	}
	for _, act := range acts {
		for _, loss := range []Loss{BinaryCrossEntropy, MSE} {
			for seed := uint64(1); seed <= 5; seed++ {
				_, hist := trainXOR(t, Perceptron(2, 1, act), loss, seed, 100)
				for _, e := range hist {
					if e.ValAcc > 0.75 {
						t.Fatalf("%s %s seed %d epoch %d: perceptron accuracy %v on XOR (> 3/4)", act, loss, seed, e.Epoch, e.ValAcc)
					}
				}
			}
		}
	}
}
