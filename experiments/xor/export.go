package xor

import (
	"context"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// MLPJob is the job of one MLP run on the four XOR points as this experiment trains it, for
// other experiments (learnable): an MLP 2-hidden-1 with activation k.Activation, binary
// cross-entropy on the logit, optimiser k.Opt at rate k.LR, batch k.Batch (≥ 4: full batch), at
// most k.Epochs epochs stopping at success, weights from k.Settings.Init ("" for
// Glorot-uniform) seeded by k.RNGSeed() as the xor runs are; the rows are those of the xor runs
// (success, epochs_to_success, the final loss and accuracy, diverged, seconds_per_epoch, the
// learned activation parameters). The caller chooses k.Experiment.
func MLPJob(k sweep.Key, hidden []int) (sweep.Job, error) {
	name := k.Settings.Init
	if name == "" {
		name = "glorot-uniform"
	}
	init, err := nn.ParseInit(name)
	if err != nil {
		return sweep.Job{}, err
	}
	arch := nn.MLP(2, hidden, 1, k.Activation)
	opt := nn.OptimizerConfig{Name: k.Opt, LearningRate: k.LR}
	set := datasets.XOR()
	return sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
		return trainPoints(ctx, report, k, arch, init, opt, nn.BinaryCrossEntropy, set)
	}}, nil
}
