package xor

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/internal/fit"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/rng"
	"github.com/isingact/isingact/nn"
)

// errStop ends a Fit early from its OnEpoch callback; it is not an error of the run.
var errStop = errors.New("stop")

// pointsRun follows one run on the four points epoch by epoch.
type pointsRun struct {
	k               sweep.Key
	report          sweep.Report
	full            bool // full batch: the training pass of epoch e evaluates the weights after e − 1 updates
	data            nn.Data
	tr              *nn.Trainer
	updates, passes int
	loss, acc       float64
	solved          bool
	params          sweep.ParamTracker
}

// onEpoch reads the epoch's loss and accuracy (from the pass with the full batch, else by
// evaluating) and stops at success or at the budget.
func (r *pointsRun) onEpoch(em nn.EpochMetrics) error {
	r.passes = em.Epoch
	r.params.Epoch(em.Epoch, em.Params)
	if r.full {
		r.updates, r.loss, r.acc = em.Epoch-1, em.TrainLoss, em.TrainAcc
	} else {
		var err error
		r.updates = em.Epoch
		if r.loss, r.acc, err = r.tr.Evaluate(r.data); err != nil {
			return err
		}
	}
	r.report(r.updates, r.k.Epochs, r.loss)
	if r.acc == 1 {
		r.solved = true
		return errStop
	}
	if r.updates >= r.k.Epochs {
		return errStop
	}
	return nil
}

// trainPoints trains one network on the four points until all four are right or k.Epochs
// epochs have passed, and returns its rows: success (0/1), epochs_to_success (successful runs
// only), the training loss and accuracy of the final weights, diverged (0/1) and
// seconds_per_epoch; for a perceptron also silent_unit_init and silent_unit (0/1: the output is
// 0 at all four points with the initial and with the final weights, silentUnit);
// with learned activation parameters, their summaries and final per-unit values
// (sweep.ParamTracker), at the epoch that counts the passes run: the parameters after that many
// updates (with the full batch, one update past the weights the success was read from).
//
// With the full batch the training pass of epoch e is evaluated on the weights after e − 1
// updates, before its own step: so the trainer runs up to Epochs + 1 passes and the success is
// read from those passes, with no separate evaluation. With smaller batches the weights are
// evaluated after every epoch.
func trainPoints(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig, loss nn.Loss, s *datasets.Set) ([]sweep.Row, error) {
	gen := rng.New(k.RNGSeed(), stream)
	model, err := nn.NewModel(arch, init, gen)
	if err != nil {
		return nil, err
	}
	act, err := activations.Parse(arch.Activation)
	if err != nil {
		return nil, err
	}
	perceptron := arch.Kind == nn.KindPerceptron
	silentInit := perceptron && silentUnit(model, act, s)
	batch := min(k.Batch, s.N)
	r := &pointsRun{k: k, report: report, full: batch == s.N, data: data.FromSet(s), loss: math.NaN()}
	epochs := k.Epochs
	if r.full {
		epochs++
	}
	r.tr, err = nn.NewTrainer(model, nn.TrainConfig{Loss: loss, Optimizer: opt, BatchSize: batch, Epochs: epochs, OnEpoch: r.onEpoch}, gen)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	_, err = r.tr.Fit(ctx, r.data, nn.Data{})
	wall := time.Since(start).Seconds()
	diverged := 0.0
	switch {
	case err == nil || errors.Is(err, errStop):
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, nn.ErrDiverged):
		diverged, r.solved, r.loss = 1, false, math.NaN()
	default:
		return nil, err
	}
	rows := r.rows(diverged, wall)
	if perceptron {
		rows = append(rows, sweep.Row{Epoch: r.updates, Metric: "silent_unit_init", Value: b2f(silentInit)},
			sweep.Row{Epoch: r.updates, Metric: "silent_unit", Value: b2f(diverged == 0 && silentUnit(model, act, s))})
	}
	return append(rows, r.params.Final(model.ActivationParamValues())...), nil
}

// rows are the run's results after training.
func (r *pointsRun) rows(diverged, wall float64) []sweep.Row {
	rows := []sweep.Row{
		{Epoch: r.updates, Metric: "success", Value: b2f(r.solved)},
		{Epoch: r.updates, Split: "train", Metric: "loss", Value: r.loss},
		{Epoch: r.updates, Split: "train", Metric: "accuracy", Value: r.acc},
		{Epoch: r.updates, Metric: "diverged", Value: diverged},
		{Epoch: r.updates, Metric: sweep.MetricSecondsPerEpoch, Value: wall / float64(max(r.passes, 1))},
	}
	if r.solved {
		rows = append(rows, sweep.Row{Epoch: r.updates, Metric: "epochs_to_success", Value: float64(r.updates)})
	}
	return rows
}

// noisyXOR is the data of the noisy-XOR runs: datasets.DefaultNoisyXOR with the run's seed.
func noisyXOR(seed int) (train, test *datasets.Set, err error) {
	c := datasets.DefaultNoisyXOR
	c.Seed = uint64(seed)
	return datasets.NoisyXOR(c)
}

// trainNoisy trains an MLP on a noisy XOR for k.Epochs epochs and returns the training loss and
// accuracy of the last epoch, the test loss and accuracy, diverged and seconds_per_epoch, and
// the learned activation parameters (sweep.ParamTracker).
func trainNoisy(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig) ([]sweep.Row, error) {
	trainSet, testSet, err := noisyXOR(k.Seed)
	if err != nil {
		return nil, err
	}
	gen := rng.New(k.RNGSeed(), stream)
	train, test := data.FromSet(trainSet), data.FromSet(testSet)
	last := nn.EpochMetrics{TrainLoss: math.NaN()}
	var params sweep.ParamTracker
	res, err := fit.Fit(ctx, fit.Spec{Arch: arch, Init: init, Weights: gen, Order: gen,
		Train: nn.TrainConfig{Loss: nn.BinaryCrossEntropy, Optimizer: opt, BatchSize: min(k.Batch, train.N),
			Epochs: k.Epochs, OnEpoch: func(em nn.EpochMetrics) error {
				last = em
				params.Epoch(em.Epoch, em.Params)
				report(em.Epoch, k.Epochs, em.TrainLoss)
				return nil
			}}}, train, nn.Data{})
	if err != nil {
		return nil, err
	}
	tr, diverged, wall := res.Trainer, res.Diverged, res.Seconds
	testLoss, testAcc, err := tr.Evaluate(test)
	if err != nil {
		return nil, err
	}
	e := max(last.Epoch, 1)
	return append([]sweep.Row{
		{Epoch: e, Split: "train", Metric: "loss", Value: last.TrainLoss},
		{Epoch: e, Split: "train", Metric: "accuracy", Value: last.TrainAcc},
		{Epoch: e, Split: "test", Metric: "loss", Value: testLoss},
		{Epoch: e, Split: "test", Metric: "accuracy", Value: testAcc},
		{Epoch: e, Metric: "diverged", Value: diverged},
		{Epoch: e, Metric: sweep.MetricSecondsPerEpoch, Value: wall / float64(e)},
	}, params.Final(tr.Model().ActivationParamValues())...), nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
