package xor

import (
	"context"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// Tasks: the runs' sweep.Settings.Task — "" for XOR itself.
const (
	taskAND   = "and"       // the perceptron's control: AND is linearly separable
	taskNoisy = "noisy-xor" // MLPs on noisy XOR (train/test clouds)
)

// stream names the XOR runs' generator (weights, shuffling): rng.New(Key.RNGSeed(), stream), the
// seed shared by every activation (paired comparison).
const stream = "xor"

// network is one (task, model) pair of the sweep: how to build its network for an activation
// spec, its loss and its data (nil for noisy XOR, drawn per seed).
type network struct {
	task  string
	model string
	arch  func(act string) nn.Arch
	loss  nn.Loss
	data  *datasets.Set
}

// networks lists the (task, model) pairs of cfg: the perceptron on XOR (and on AND with
// Control), an MLP per hidden architecture on XOR, and on noisy XOR.
func networks(cfg Config) []network {
	xor := datasets.XOR()
	and := &datasets.Set{X: xor.X, Y: []int{0, 0, 0, 1}, N: 4, D: 2, Classes: 2}
	var out []network
	for _, m := range cfg.Models {
		if m == "perceptron" {
			p := func(act string) nn.Arch { return nn.Perceptron(2, 1, act) }
			out = append(out, network{"", m, p, nn.MSE, xor})
			if cfg.Control {
				out = append(out, network{taskAND, m, p, nn.MSE, and})
			}
			continue
		}
		for _, h := range cfg.Hidden {
			a := func(act string) nn.Arch { return nn.MLP(2, h, 1, act) }
			out = append(out, network{"", m, a, nn.BinaryCrossEntropy, xor})
			if cfg.NoisyEpochs > 0 {
				out = append(out, network{taskNoisy, m, a, nn.BinaryCrossEntropy, nil})
			}
		}
	}
	return out
}

// jobs lists the runs of cfg (normalised): per network, activation, learning rate and seed.
func jobs(cfg Config) ([]sweep.Job, error) {
	init, err := nn.ParseInit(cfg.Init)
	if err != nil {
		return nil, err
	}
	var out []sweep.Job
	for _, n := range networks(cfg) {
		for _, act := range cfg.Acts {
			for _, lr := range cfg.LRs {
				for seed := 1; seed <= cfg.Seeds; seed++ {
					out = append(out, job(cfg, n, act.String(), lr, seed, init))
				}
			}
		}
	}
	return out, nil
}

// job is one run: network n with activation act (canonical spec), learning rate lr and seed.
func job(cfg Config, n network, act string, lr float64, seed int, init nn.Init) sweep.Job {
	arch := n.arch(act)
	epochs := cfg.Epochs
	if n.task == taskNoisy {
		epochs = cfg.NoisyEpochs
	}
	k := sweep.Key{Experiment: "xor", Model: n.model, Activation: act, Seed: seed, LR: lr,
		Hidden: sweep.FormatHidden(arch.Hidden), Batch: cfg.Batch, Opt: cfg.Opt, Epochs: epochs,
		Settings: sweep.Settings{Task: n.task, ByLR: len(cfg.LRs) > 1}} // a learning-rate sweep: one table section per rate
	if cfg.Init != "glorot-uniform" {
		k.Settings.Init = cfg.Init
	}
	opt := nn.OptimizerConfig{Name: cfg.Opt, LearningRate: lr}
	return sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
		if n.task == taskNoisy {
			return trainNoisy(ctx, report, k, arch, init, opt)
		}
		return trainPoints(ctx, report, k, arch, init, opt, n.loss, n.data)
	}}
}
