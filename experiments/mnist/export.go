package mnist

import (
	"context"

	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// MLPJob is the job of one MNIST run as this experiment trains it, for other experiments
// (learnable) that compare variants under the same protocol: an MLP 784-hidden-10, float32,
// activation k.Activation, optimiser k.Opt at rate k.LR, batch k.Batch, k.Epochs epochs, weights
// from k.Settings.Init ("" for Glorot-uniform) seeded by k.RNGSeed() as the mnist runs are (so
// runs of the same seed start alike), on d; the rows are those of the mnist runs (per epoch the
// training and validation loss and accuracy, the test ones after the last epoch, diverged,
// seconds_per_epoch, the learned activation parameters). The caller chooses k.Experiment.
func MLPJob(k sweep.Key, hidden []int, d *data.MNIST) (sweep.Job, error) {
	name := k.Settings.Init
	if name == "" {
		name = "glorot-uniform"
	}
	init, err := nn.ParseInit(name)
	if err != nil {
		return sweep.Job{}, err
	}
	arch := network{model: "mlp", hidden: hidden}.arch(k.Activation)
	opt := nn.OptimizerConfig{Name: k.Opt, LearningRate: k.LR}
	return sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
		return train(ctx, report, k, arch, init, opt, d)
	}}, nil
}
