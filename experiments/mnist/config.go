package mnist

import (
	"fmt"
	"path/filepath"
	"slices"

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
	// GainSeeds is the number of seeds (1..GainSeeds) of the second table: every activation at
	// its chosen rate with the gain initialiser (GainInit); 0: no second table.
	GainSeeds int
	// Stage is what Run does: StageSweep runs the missing runs of the current sweep round,
	// StageFinal the final (and gain) runs of a complete sweep and the tables, StageAll (the
	// default) every round, then the final stage.
	Stage string
}

// GainInit is the initialiser of the second MNIST table: each layer's weight variance from the
// activation itself, σ_w² = 1/E[φ′(z)²]-style (nn's gain initialiser, physics/signal).
const GainInit = "gain"

// The stages of Run (Config.Stage, -stage).
const (
	StageSweep = "sweep"
	StageFinal = "final"
	StageAll   = "all"
)

// Full is the full run, the committed results/mnist: every activation, MLP 784-256-10, Adam,
// batch 128, 10 epochs; the learning rate bracketed on validation from {3e-4, 1e-3, 3e-3} with
// seeds 1..3 (Bracket); the final comparison on seeds 1..10 at the chosen rate (the sweep's
// seeds 1..3 are reused), baseline relu, equivalence margin 0.2 accuracy points; the gain
// initialiser's table on seeds 1..5. It is also the command's default.
func Full() Config {
	relu, _ := activations.Parse("relu")
	return Config{
		Training: command.Training{Seeds: 10, Epochs: 10, Hidden: [][]int{{256}}, Batch: 128, LRs: []float64{3e-4, 1e-3, 3e-3},
			Opt: "adam", Baseline: relu, Margin: 0.002},
		Models: []string{"mlp"}, Init: "glorot-uniform", SweepSeeds: 3, GainSeeds: 5, Stage: StageAll,
	}
}

// Quick is the slice of Full that the all command runs: the first 10 000 training images,
// 3 epochs, 2 seeds, lr 1e-3 (no sweep), the gain table on 1 seed (a smoke test of it: no
// comparison is possible with n = 1).
func Quick() Config {
	c := Full()
	c.Seeds, c.Epochs, c.LRs = 2, 3, []float64{1e-3}
	c.Subset, c.SweepSeeds, c.GainSeeds = 10000, 1, 1
	return c
}

// presetDir is the output folder of a preset.
func presetDir(name string) string {
	if name == "quick" {
		return filepath.Join("results", "quick", "mnist")
	}
	return filepath.Join("results", "mnist")
}

// Normalize checks cfg and fills in its defaults, as Run does first; PlanSweep, FinalKeys,
// GainKeys, Jobs and Tables expect a normalised Config. Errors name the flag that sets a field.
func (cfg *Config) Normalize() error { return cfg.normalize(false) }

// normalize checks cfg and fills in its defaults (SweepSeeds and SweepEpochs 0, Stage "").
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
	case cfg.GainSeeds < 0 || cfg.GainSeeds > command.MaxSeeds:
		return fmt.Errorf("-gain-seeds = %d, want 0 … %d (0: no gain table)", cfg.GainSeeds, command.MaxSeeds)
	case cfg.Stage == "":
		cfg.Stage = StageAll
	case cfg.Stage != StageSweep && cfg.Stage != StageFinal && cfg.Stage != StageAll:
		return fmt.Errorf("-stage %q is unknown (valid: %s, %s, %s)", cfg.Stage, StageSweep, StageFinal, StageAll)
	}
	for i, lr := range cfg.LRs {
		if slices.Contains(cfg.LRs[:i], lr) {
			return fmt.Errorf("-lr %s: %v is given twice", command.FormatFloats(cfg.LRs), lr)
		}
	}
	if cfg.SweepEpochs == 0 {
		cfg.SweepEpochs = cfg.Epochs
	}
	if cfg.SweepSeeds == 0 {
		cfg.SweepSeeds = cfg.Seeds
	}
	return nil
}
