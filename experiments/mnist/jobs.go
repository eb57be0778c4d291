package mnist

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/internal/fit"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// stream is the second PCG word of the MNIST runs' generators (weights, shuffling); the first
// is the run's seed, shared by every activation and learning rate (paired comparison).
const stream = 0x6d6e6973 // "mnis"

// network is one network of the sweep: its model name and hidden sizes.
type network struct {
	model  string
	hidden []int
}

// arch is the network with activation act (a canonical spec), float32.
func (n network) arch(act string) nn.Arch {
	var ar nn.Arch
	if n.model == "perceptron" {
		ar = nn.Perceptron(datasets.MNISTPixels, datasets.MNISTClasses, act)
	} else {
		ar = nn.MLP(datasets.MNISTPixels, n.hidden, datasets.MNISTClasses, act)
	}
	ar.Dtype = nn.Float32
	return ar
}

// networks lists cfg's networks: the perceptron, an MLP per hidden architecture.
func networks(cfg Config) []network {
	var out []network
	for _, m := range cfg.Models {
		if m == "perceptron" {
			out = append(out, network{model: m})
			continue
		}
		for _, h := range cfg.Hidden {
			out = append(out, network{model: m, hidden: h})
		}
	}
	return out
}

// group is a (model, hidden, activation) group, the unit of the learning-rate choice.
type group struct{ model, hidden, act string }

// groupOf is the group of a run.
func groupOf(k sweep.Key) group { return group{k.Model, k.Hidden, k.Activation} }

// settings are the runs' settings beyond the key's columns: a subset, a non-default
// initialiser; none for the standard run.
func (cfg Config) settings() sweep.Settings {
	s := sweep.Settings{Subset: cfg.Subset}
	if cfg.Init != "glorot-uniform" {
		s.Init = cfg.Init
	}
	return s
}

// jobs lists the sweep's runs when chosen is nil (every activation × learning rate × sweep
// seed, SweepEpochs epochs), else the final runs: every activation at its chosen learning rate ×
// seed, Epochs epochs. Both are the same kind of run, with the same key for the same settings,
// so a final run that the sweep already made is skipped by the runner.
func jobs(cfg Config, d *data.MNIST, chosen map[group]float64) []sweep.Job {
	init, _ := nn.ParseInit(cfg.Init) // checked by normalize
	var out []sweep.Job
	for _, n := range networks(cfg) {
		for _, a := range cfg.Acts {
			act, hidden := a.String(), sweep.FormatHidden(n.hidden)
			lrs, seeds, epochs := cfg.LRs, cfg.SweepSeeds, cfg.SweepEpochs
			if chosen != nil {
				lrs, seeds, epochs = []float64{chosen[group{n.model, hidden, act}]}, cfg.Seeds, cfg.Epochs
			}
			for _, lr := range lrs {
				for seed := 1; seed <= seeds; seed++ {
					k := sweep.Key{Experiment: "mnist", Model: n.model, Activation: act, Seed: seed, LR: lr, Hidden: hidden,
						Batch: cfg.Batch, Opt: cfg.Opt, Epochs: epochs, Settings: cfg.settings()}
					opt := nn.OptimizerConfig{Name: cfg.Opt, LearningRate: lr}
					arch := n.arch(act)
					out = append(out, sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
						return train(ctx, report, k, arch, init, opt, d)
					}})
				}
			}
		}
	}
	return out
}

// train trains one network and returns per epoch the training loss and accuracy (means over
// the epoch's batches) and the validation loss and accuracy; the test loss and accuracy after
// the last epoch; diverged (0/1) and seconds_per_epoch (training pass and validation, the mean
// over epochs); with learned activation parameters, their summaries and final per-unit values
// (sweep.ParamTracker). A diverged run stops at the NaN batch; its test metrics are those of the
// weights at that point.
func train(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig, d *data.MNIST) ([]sweep.Row, error) {
	rng := rand.New(rand.NewPCG(k.RNGSeed(), stream))
	var rows []sweep.Row
	var seconds []float64
	var params sweep.ParamTracker
	last := 0
	res, err := fit.Fit(ctx, fit.Spec{Arch: arch, Init: init, Weights: rng, Order: rng,
		Train: nn.TrainConfig{Loss: nn.SoftmaxCrossEntropy, Optimizer: opt, BatchSize: k.Batch, Epochs: k.Epochs,
			OnEpoch: func(em nn.EpochMetrics) error {
				last = em.Epoch
				seconds = append(seconds, em.Seconds)
				rows = append(rows,
					sweep.Row{Epoch: em.Epoch, Split: "train", Metric: "loss", Value: em.TrainLoss},
					sweep.Row{Epoch: em.Epoch, Split: "train", Metric: "accuracy", Value: em.TrainAcc},
					sweep.Row{Epoch: em.Epoch, Split: "val", Metric: "loss", Value: em.ValLoss},
					sweep.Row{Epoch: em.Epoch, Split: "val", Metric: "accuracy", Value: em.ValAcc})
				params.Epoch(em.Epoch, em.Params)
				report(em.Epoch, k.Epochs, em.TrainLoss)
				return nil
			}}}, d.Train, d.Val)
	if err != nil {
		return nil, err
	}
	tr, diverged := res.Trainer, res.Diverged
	end := max(last, 1)
	if diverged == 1 {
		end = last + 1 // the epoch it diverged in
	}
	loss, acc, err := tr.Evaluate(d.Test)
	if err != nil {
		return nil, err
	}
	perEpoch := math.NaN()
	if len(seconds) > 0 {
		perEpoch = stats.Mean(seconds)
	}
	rows = append(rows, params.Final(tr.Model().ActivationParamValues())...)
	return append(rows, sweep.Row{Epoch: end, Split: "test", Metric: "loss", Value: loss},
		sweep.Row{Epoch: end, Split: "test", Metric: "accuracy", Value: acc},
		sweep.Row{Epoch: end, Metric: "diverged", Value: diverged},
		sweep.Row{Epoch: end, Metric: sweep.MetricSecondsPerEpoch, Value: perEpoch}), nil
}
