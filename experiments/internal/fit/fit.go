// Package fit is the training skeleton the experiments' jobs share: build the model, build the
// trainer, fit, and sort the outcome (divergence is a result, not a failure).
package fit

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// Spec is one training: the network, its initialiser, the generators of the initial weights
// and of the batch order (the same generator for both is allowed, and is what xor and mnist do),
// and the trainer's configuration.
type Spec struct {
	Arch           nn.Arch
	Init           nn.Init
	Weights, Order *rand.Rand
	Train          nn.TrainConfig
}

// Result is a finished training.
type Result struct {
	Trainer  *nn.Trainer // to evaluate the final weights (after divergence: the last ones)
	Diverged float64     // 1 when the loss became NaN or infinite, else 0
	Seconds  float64     // wall time of the fit alone (not building the model and trainer)
}

// Fit builds the model and the trainer of s and fits them on train (val: the validation data,
// empty for none). Divergence is a result (Result.Diverged, see sweep.FitOutcome); cancellation
// and any other failure are errors.
func Fit(ctx context.Context, s Spec, train, val nn.Data) (Result, error) {
	model, err := nn.NewModel(s.Arch, s.Init, s.Weights)
	if err != nil {
		return Result{}, err
	}
	tr, err := nn.NewTrainer(model, s.Train, s.Order)
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	_, err = tr.Fit(ctx, train, val)
	res := Result{Trainer: tr, Seconds: time.Since(start).Seconds()}
	res.Diverged, err = sweep.FitOutcome(ctx, err)
	return res, err
}
