package xor

import (
	"fmt"
	"path/filepath"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/nn"
)

// Config is the xor experiment's configuration: the common training settings plus its own.
type Config struct {
	command.Training
	Models      []string // "perceptron" and/or "mlp" (one MLP per Hidden architecture)
	Init        string   // weight initialiser, nn.ParseInit's name
	Control     bool     // also train the perceptron on AND, which it can separate
	NoisyEpochs int      // epochs of the noisy-XOR runs of every MLP; 0 skips them
	// NoisyMargin is the equivalence margin of the noisy-XOR test accuracies (a fraction);
	// Training.Margin is the success rates' margin.
	NoisyMargin float64
}

// Full is the full run, the committed results/xor: every registered activation, 100 seeds,
// 1000 epochs, the perceptron and MLPs 2-2-1 and 2-4-1, Adam with lr 0.05, full batch,
// baseline relu, equivalence margins 10 points of success rate and 2 points of noisy-XOR test
// accuracy. It is also the command's default.
func Full() Config {
	relu, _ := activations.Parse("relu")
	return Config{
		Training: command.Training{Seeds: 100, Epochs: 1000, Hidden: [][]int{{2}, {4}}, Batch: 256, LRs: []float64{0.05},
			Opt: "adam", Baseline: relu, Margin: 0.10},
		Models: []string{"perceptron", "mlp"}, Init: "glorot-uniform", Control: true, NoisyEpochs: 100, NoisyMargin: 0.02,
	}
}

// Quick is the slice of Full that the all command runs: 20 seeds.
func Quick() Config {
	c := Full()
	c.Seeds = 20
	return c
}

// presetDir is the output folder of a preset.
func presetDir(name string) string {
	if name == "quick" {
		return filepath.Join("results", "quick", "xor")
	}
	return filepath.Join("results", "xor")
}

// normalize checks cfg and fills in its defaults (see command.Training.Normalize).
func (cfg *Config) normalize(explicitBaseline bool) error {
	cfg.Training = cfg.Training.Clone()
	if err := cfg.Training.Normalize(explicitBaseline); err != nil {
		return err
	}
	if err := command.CheckModels(cfg.Models); err != nil {
		return err
	}
	if _, err := nn.ParseInit(cfg.Init); err != nil {
		return fmt.Errorf("-init: %w", err)
	}
	if cfg.NoisyEpochs < 0 {
		return fmt.Errorf("-noisy-epochs = %d, want ≥ 0", cfg.NoisyEpochs)
	}
	if !(cfg.NoisyMargin >= 0 && cfg.NoisyMargin < 1) {
		return fmt.Errorf("-noisy-margin = %v, want 0 ≤ margin < 1 (a fraction of the test points)", cfg.NoisyMargin)
	}
	return nil
}
