package mnist

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/internal/fit"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/rng"
	"github.com/isingact/isingact/nn"
)

// stream names the MNIST runs' generator (weights, shuffling): rng.New(Key.RNGSeed(), stream),
// the seed shared by every activation and learning rate (paired comparison).
const stream = "mnist"

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

// Group is a (model, hidden sizes, activation) group of runs: the unit of the learning-rate
// choice. Hidden is sweep.FormatHidden's form, Act the canonical activation spec.
type Group struct{ Model, Hidden, Act string }

// groups lists cfg's groups: per network, per activation.
func groups(cfg Config) []Group {
	var out []Group
	for _, n := range networks(cfg) {
		for _, a := range cfg.Acts {
			out = append(out, Group{n.model, sweep.FormatHidden(n.hidden), a.String()})
		}
	}
	return out
}

// settings are the runs' settings beyond the key's columns: a subset, an initialiser other than
// glorot-uniform; none for the standard run.
func (cfg Config) settings(init string) sweep.Settings {
	s := sweep.Settings{Subset: cfg.Subset}
	if init != "glorot-uniform" {
		s.Init = init
	}
	return s
}

// key is the run of group g at learning rate lr with seed, epochs and initialiser init.
func (cfg Config) key(g Group, lr float64, seed, epochs int, init string) sweep.Key {
	return sweep.Key{Experiment: "mnist", Model: g.Model, Activation: g.Act, Seed: seed, LR: lr, Hidden: g.Hidden,
		Batch: cfg.Batch, Opt: cfg.Opt, Epochs: epochs, Settings: cfg.settings(init)}
}

// sweepKey is a sweep run: SweepEpochs epochs with the configuration's initialiser.
func (cfg Config) sweepKey(g Group, lr float64, seed int) sweep.Key {
	return cfg.key(g, lr, seed, cfg.SweepEpochs, cfg.Init)
}

// FinalKeys are the final runs of a complete sweep: every group at its chosen rate, seeds
// 1..Seeds, Epochs epochs, the configuration's initialiser. With SweepEpochs = Epochs the sweep's
// runs at the chosen rate are among them (the same keys), so they are not trained again.
func FinalKeys(cfg Config, s SweepState) []sweep.Key {
	var out []sweep.Key
	for _, g := range groups(cfg) {
		for seed := 1; seed <= cfg.Seeds; seed++ {
			out = append(out, cfg.key(g, s.Groups[g].Chosen, seed, cfg.Epochs, cfg.Init))
		}
	}
	return out
}

// GainKeys are the runs of the second table: every group at the rate chosen for the primary
// initialiser, seeds 1..GainSeeds, Epochs epochs, initialiser gain (none when GainSeeds is 0 or
// the primary initialiser is gain already).
func GainKeys(cfg Config, s SweepState) []sweep.Key {
	if cfg.GainSeeds == 0 || cfg.Init == GainInit {
		return nil
	}
	var out []sweep.Key
	for _, g := range groups(cfg) {
		for seed := 1; seed <= cfg.GainSeeds; seed++ {
			out = append(out, cfg.key(g, s.Groups[g].Chosen, seed, cfg.Epochs, GainInit))
		}
	}
	return out
}

// Jobs turns run keys of cfg (sweep, final or gain runs) into jobs on the data d.
func Jobs(cfg Config, d *data.MNIST, keys []sweep.Key) ([]sweep.Job, error) {
	out := make([]sweep.Job, 0, len(keys))
	for _, k := range keys {
		name := k.Settings.Init
		if name == "" {
			name = "glorot-uniform"
		}
		init, err := nn.ParseInit(name)
		if err != nil {
			return nil, err
		}
		n := network{model: k.Model}
		if k.Model == "mlp" {
			if n.hidden, err = parseHidden(k.Hidden); err != nil {
				return nil, err
			}
		}
		arch := n.arch(k.Activation)
		opt := nn.OptimizerConfig{Name: k.Opt, LearningRate: k.LR}
		out = append(out, sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
			return train(ctx, report, k, arch, init, opt, d)
		}})
	}
	return out, nil
}

// parseHidden reads sweep.FormatHidden's form back.
func parseHidden(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(f)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("mnist: hidden sizes %q", s)
		}
		out = append(out, v)
	}
	return out, nil
}

// train trains one network and returns per epoch the training loss and accuracy (means over
// the epoch's batches) and the validation loss and accuracy; the test loss and accuracy after
// the last epoch; the code's sparsity on the test set (activity); diverged (0/1) and
// seconds_per_epoch (training pass and validation, the mean over epochs); with learned
// activation parameters, their summaries and final per-unit values (sweep.ParamTracker). A
// diverged run stops at the NaN batch; its test metrics are those of the
// weights at that point.
func train(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig, d *data.MNIST) ([]sweep.Row, error) {
	gen := rng.New(k.RNGSeed(), stream)
	var rows []sweep.Row
	var seconds []float64
	var params sweep.ParamTracker
	last := 0
	res, err := fit.Fit(ctx, fit.Spec{Arch: arch, Init: init, Weights: gen, Order: gen,
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
	act, err := activity(tr.Model(), d.Test, end)
	if err != nil {
		return nil, err
	}
	rows = append(rows, params.Final(tr.Model().ActivationParamValues())...)
	rows = append(rows, sweep.Row{Epoch: end, Split: "test", Metric: "loss", Value: loss},
		sweep.Row{Epoch: end, Split: "test", Metric: "accuracy", Value: acc},
		sweep.Row{Epoch: end, Metric: "diverged", Value: diverged},
		sweep.Row{Epoch: end, Metric: sweep.MetricSecondsPerEpoch, Value: perEpoch})
	return append(rows, act...), nil
}

// ZeroTol is the tolerance below which an activation counts as zero in the sparsity rows.
const ZeroTol = 1e-6

// activity measures the code of the trained network on the test set (paper §3.1: do spike
// counts give sparse codes?): over every layer the activation follows (the hidden layers of an
// MLP, the output of a perceptron) and every test image, the fraction of values with |h| ≤
// ZeroTol (sparsity), the fraction of units that are zero on every test image (dead_units) and
// the mean value (mean_activation), as test rows at epoch end.
func activity(m *nn.Model, test nn.Data, end int) ([]sweep.Row, error) {
	layers, err := m.Activity(test, 1000, ZeroTol)
	if err != nil {
		return nil, err
	}
	var units, zero, dead, mean float64
	for _, a := range layers {
		u := float64(a.Units)
		units += u
		zero += a.Zero * u
		dead += a.Dead * u
		mean += a.Mean * u
	}
	return []sweep.Row{
		{Epoch: end, Split: "test", Metric: "sparsity", Value: zero / units},
		{Epoch: end, Split: "test", Metric: "dead_units", Value: dead / units},
		{Epoch: end, Split: "test", Metric: "mean_activation", Value: mean / units},
	}, nil
}
