package mnist

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/nn"
)

// Config is the mnist experiment's configuration: the common training settings plus its own.
type Config struct {
	command.Training
	Models      []string // "mlp" (one per Hidden architecture) and/or "perceptron"
	Init        string   // weight initialiser, nn.ParseInit's name
	Subset      int      // train on the first Subset training images, evaluate on the first min(Subset, 10 000) validation and test images; 0: all
	SweepSeeds  int      // seeds of the learning-rate sweep (1..SweepSeeds); 0 means Seeds
	SweepEpochs int      // epochs of each sweep run; 0 means Epochs (the sweep's runs are then final runs of their seeds)
	MNISTDir    string   // folder of the four MNIST files; "" finds them (datasets.FindMNIST)
	Stage       string   // "all" ("" too): the sweep, then the final runs; "sweep" or "final": one stage only (Stages)
}

// Stages are the values of Config.Stage (-stage). A sharded sweep runs them as separate
// cluster arrays, because the final runs need the learning rates the whole sweep chooses:
//
//	sweep  the learning-rate sweep's runs not yet in the folder (a shard: its share of them);
//	       no summaries. Rerun it until it says the sweep is complete.
//	final  the final runs at the rates chosen from the folder's complete sweep (every runs file
//	       merged); an error while the sweep is incomplete. Unsharded, it writes the summaries.
//	all    both, in one process (unsharded only when there is a sweep).
func Stages() []string { return []string{"all", "sweep", "final"} }

// Full is the full run, the committed results/mnist (about 25 minutes on 2 cores for 16
// activations): every activation, MLP 784-256-10, Adam, batch 128, 10 epochs, seeds 1..3, the
// learning rate chosen from {3e-4, 1e-3, 3e-3} on validation, baseline relu. It is also the
// command's default.
func Full() Config {
	relu, _ := activations.Parse("relu")
	return Config{
		Training: command.Training{Seeds: 3, Epochs: 10, Hidden: [][]int{{256}}, Batch: 128, LRs: []float64{3e-4, 1e-3, 3e-3},
			Opt: "adam", Baseline: relu},
		Models: []string{"mlp"}, Init: "glorot-uniform",
	}
}

// Quick is the slice of Full that the all command runs: the first 10 000 training images,
// 3 epochs, 2 seeds, lr 1e-3 (no sweep).
func Quick() Config {
	c := Full()
	c.Seeds, c.Epochs, c.LRs = 2, 3, []float64{1e-3}
	c.Subset, c.SweepSeeds = 10000, 1
	return c
}

// presetDir is the output folder of a preset.
func presetDir(name string) string {
	if name == "quick" {
		return filepath.Join("results", "quick", "mnist")
	}
	return filepath.Join("results", "mnist")
}

// normalize checks cfg and fills in its defaults (SweepSeeds and SweepEpochs 0).
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
	const trainImages = datasets.MNISTTrainN - datasets.MNISTValN
	switch {
	case cfg.Subset < 0 || cfg.Subset > trainImages:
		return fmt.Errorf("-subset = %d, want 0 … %d (0: all images)", cfg.Subset, trainImages)
	case cfg.SweepSeeds < 0 || cfg.SweepSeeds > command.MaxSeeds:
		return fmt.Errorf("-sweep-seeds = %d, want 1 … %d, or 0 for -seeds", cfg.SweepSeeds, command.MaxSeeds)
	case cfg.SweepEpochs < 0 || cfg.SweepEpochs > command.MaxEpochs:
		return fmt.Errorf("-sweep-epochs = %d, want 1 … %d, or 0 for -epochs", cfg.SweepEpochs, command.MaxEpochs)
	}
	if cfg.Stage == "" {
		cfg.Stage = "all"
	}
	if !slices.Contains(Stages(), cfg.Stage) {
		return fmt.Errorf("-stage %q is unknown (valid: %s)", cfg.Stage, strings.Join(Stages(), ", "))
	}
	if cfg.SweepEpochs == 0 {
		cfg.SweepEpochs = cfg.Epochs
	}
	if cfg.SweepSeeds == 0 {
		cfg.SweepSeeds = cfg.Seeds
	}
	return nil
}
