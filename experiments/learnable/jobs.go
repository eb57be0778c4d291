package learnable

import (
	"slices"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/mnist"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/experiments/xor"
)

// pair is one comparison: a fixed activation and its learnable twin (Learn).
type pair struct {
	fixed, learned activations.Activation
}

// pairs lists cfg's comparisons (cfg normalised).
func pairs(cfg Config) []pair {
	var out []pair
	for _, a := range cfg.Acts {
		l, _ := Learn(a) // checked by normalize
		out = append(out, pair{a, l})
	}
	return out
}

// name is the registry name of an activation ("quench-mf" for "quench-mf:h=0,learn=h,…").
func name(a activations.Activation) string {
	if l, ok := a.(activations.Learned); ok {
		a = l.Base
	}
	s := a.String()
	for i, c := range s {
		if c == ':' {
			return s[:i]
		}
	}
	return s
}

// mnistPairs are the pairs of the MNIST part: those whose activation Skip does not name.
func mnistPairs(cfg Config) []pair {
	if cfg.MNIST.Seeds == 0 {
		return nil
	}
	var out []pair
	for _, p := range pairs(cfg) {
		if !slices.Contains(cfg.MNIST.Skip, name(p.fixed)) {
			out = append(out, p)
		}
	}
	return out
}

// mnistKey is the key of one MNIST run: experiment "mnist", as the mnist experiment's runs.
func mnistKey(m MNIST, act string, lr float64, seed int) sweep.Key {
	return sweep.Key{Experiment: "mnist", Model: "mlp", Activation: act, Seed: seed, LR: lr,
		Hidden: sweep.FormatHidden(m.Hidden), Batch: m.Batch, Opt: m.Opt, Epochs: m.Epochs,
		Settings: sweep.Settings{Subset: m.Subset}}
}

// xorKey is the key of one XOR run: experiment "xor", as the xor experiment's MLP runs (full
// batch: 256 ≥ the four points).
func xorKey(x XOR, act string, seed int) sweep.Key {
	return sweep.Key{Experiment: "xor", Model: "mlp", Activation: act, Seed: seed, LR: x.LR,
		Hidden: sweep.FormatHidden(x.Hidden), Batch: 256, Opt: x.Opt, Epochs: x.Epochs}
}

// mnistJobs lists the MNIST runs: per pair, fixed and learnable at the fixed one's rate, seeds
// 1..Seeds.
func mnistJobs(cfg Config, rates map[string]float64, d *data.MNIST) ([]sweep.Job, error) {
	var out []sweep.Job
	for _, p := range mnistPairs(cfg) {
		lr := rateOf(cfg.MNIST, rates, p.fixed)
		for _, a := range []activations.Activation{p.fixed, p.learned} {
			for seed := 1; seed <= cfg.MNIST.Seeds; seed++ {
				j, err := mnist.MLPJob(mnistKey(cfg.MNIST, a.String(), lr, seed), cfg.MNIST.Hidden, d)
				if err != nil {
					return nil, err
				}
				out = append(out, j)
			}
		}
	}
	return out, nil
}

// rateOf is the MNIST learning rate of a pair: the mnist comparison's for its fixed
// activation, else the configured one.
func rateOf(m MNIST, rates map[string]float64, fixed activations.Activation) float64 {
	if lr, ok := rates[fixed.String()]; ok {
		return lr
	}
	return m.LR
}

// xorJobs lists the XOR runs: per pair, fixed and learnable, seeds 1..Seeds.
func xorJobs(cfg Config) ([]sweep.Job, error) {
	if cfg.XOR.Seeds == 0 {
		return nil, nil
	}
	var out []sweep.Job
	for _, p := range pairs(cfg) {
		for _, a := range []activations.Activation{p.fixed, p.learned} {
			for seed := 1; seed <= cfg.XOR.Seeds; seed++ {
				j, err := xor.MLPJob(xorKey(cfg.XOR, a.String(), seed), cfg.XOR.Hidden)
				if err != nil {
					return nil, err
				}
				out = append(out, j)
			}
		}
	}
	return out, nil
}
