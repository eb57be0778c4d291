package criticality

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/nn"
)

// Config is the criticality experiment's configuration.
type Config struct {
	Parts []string // of Parts(), in any order: "phase", "train", "compare"

	// Phase diagrams (part phase).
	PhaseActs []activations.Activation // nil: every registered activation
	GridW     int                      // σ_w² columns (log-spaced) of the χ₁ grid
	GridB     int                      // σ_b² rows (linear in [0, 1]) of the χ₁ grid
	CurveB    int                      // σ_b² values of the EOC curve (linear in [0, 1])
	PhaseSlow float64                  // an activation whose χ₁ costs more than PhaseSlow times tanh's gets a 3× coarser grid

	// Trainability and initialisers (parts train and compare).
	Acts        []activations.Activation // the trained activations
	Depths      []int                    // hidden layers of the trainability grid
	Width       int                      // units per hidden layer
	SW2         []float64                // explicit σ_w² grid (same for every activation); nil: around each EOC
	SWPoints    int                      // σ_w² values per activation when SW2 is nil
	SWFactor    float64                  // the grid spans EOC/SWFactor … EOC·SWFactor, log-spaced
	SB2         float64                  // bias variance of the trainability grid and of the eoc initialiser
	GridSeeds   int                      // seeds per trainability cell
	Steps       int                      // SGD steps per run (rounded to whole epochs of the subset)
	Subset      int                      // training images (the first Subset of the 50 000)
	Eval        int                      // validation and test images (the first Eval of each held-out set)
	Batch       int                      // minibatch size
	LR          float64                  // learning rate
	Opt         string                   // optimiser
	CmpDepths   []int                    // depths of the initialiser comparison
	CmpInits    []string                 // standard initialisers compared with eoc (nn.ParseInit names)
	Seeds       int                      // seeds per configuration of the comparison
	MNISTDir    string                   // folder of the four MNIST files; "" finds them
	NoEOCCentre float64                  // σ_w² at the centre of the grid of an activation without EOC at SB2 (2: He)
}

// Parts are the parts of the experiment, in the order they run.
func Parts() []string { return []string{"phase", "train", "compare"} }

// Full is the committed results/criticality run; it is also the command's default. Its
// trainability grid has 3 seeds per cell (the tables show the median and n): three times the
// training of the one-seed run that took about 25 minutes on 2 cores before the GEMM kernel.
func Full() Config {
	acts, _ := command.ParseActs([]string{"tanh", "relu", "elu", "tanh-fit", "quench-tanh", "quench-mf", "mf-magnetization"})
	return Config{
		Parts: Parts(), GridW: 60, GridB: 41, CurveB: 21, PhaseSlow: 10,
		Acts: acts, Depths: []int{8, 16, 32, 64}, Width: 128, SWPoints: 7, SWFactor: 4, SB2: 0.05, GridSeeds: 3,
		Steps: 150, Subset: 9600, Eval: 2000, Batch: 128, LR: 0.01, Opt: "sgd",
		CmpDepths: []int{16, 32}, CmpInits: []string{"he-normal", "glorot-normal"}, Seeds: 3, NoEOCCentre: 2,
	}
}

// Quick is a smoke run of under a minute.
func Quick() Config {
	c := Full()
	c.GridW, c.GridB, c.CurveB, c.PhaseSlow = 24, 11, 6, 3
	c.Acts, _ = command.ParseActs([]string{"tanh", "relu"})
	c.Depths, c.Width, c.SWPoints = []int{4, 8}, 32, 3
	c.Steps, c.Subset, c.Eval, c.CmpDepths, c.Seeds, c.GridSeeds = 20, 1280, 500, []int{8}, 2, 1
	return c
}

// presetDir is the output folder of a preset.
func presetDir(name string) string {
	if name == "quick" {
		return filepath.Join("results", "quick", "criticality")
	}
	return filepath.Join("results", "criticality")
}

func (cfg Config) has(part string) bool { return slices.Contains(cfg.Parts, part) }

// normalize fills in the defaults (nil PhaseActs: every registered activation) and checks every
// field; errors name the flag that sets it.
func (cfg *Config) normalize() error {
	if cfg.PhaseActs == nil {
		cfg.PhaseActs = command.AllActs()
	}
	if err := cfg.checkLists(); err != nil {
		return err
	}
	if err := cfg.checkNumbers(); err != nil {
		return err
	}
	if !slices.Contains(nn.OptimizerNames(), cfg.Opt) {
		return fmt.Errorf("-opt %q is unknown (valid: %s)", cfg.Opt, strings.Join(nn.OptimizerNames(), ", "))
	}
	for i, name := range cfg.CmpInits {
		if strings.HasPrefix(name, "eoc") || slices.Contains(cfg.CmpInits[:i], name) {
			return fmt.Errorf("-cmp-inits: %s is given twice (eoc is always compared)", name)
		}
		if _, err := nn.ParseInit(name); err != nil {
			return fmt.Errorf("-cmp-inits: %w", err)
		}
	}
	return nil
}

// checkLists checks the parts, the activation lists and the depth lists.
func (cfg *Config) checkLists() error {
	if len(cfg.Parts) == 0 {
		return fmt.Errorf("-parts is empty (valid: %s)", strings.Join(Parts(), ", "))
	}
	for i, p := range cfg.Parts {
		if !slices.Contains(Parts(), p) {
			return fmt.Errorf("-parts: %q is unknown (valid: %s)", p, strings.Join(Parts(), ", "))
		}
		if slices.Contains(cfg.Parts[:i], p) {
			return fmt.Errorf("-parts: %s is given twice", p)
		}
	}
	for _, l := range []struct {
		flag string
		acts []activations.Activation
	}{{"phase-acts", cfg.PhaseActs}, {"acts", cfg.Acts}} {
		if len(l.acts) == 0 {
			return fmt.Errorf("-%s is empty (valid: %s)", l.flag, strings.Join(activations.Names(), ", "))
		}
		if _, err := command.ParseActs(command.Specs(l.acts)); err != nil {
			return fmt.Errorf("-%s: %w", l.flag, err)
		}
	}
	if len(cfg.Depths) == 0 || len(cfg.CmpDepths) == 0 {
		return errors.New("-depths and -cmp-depths must not be empty")
	}
	for _, d := range append(slices.Clone(cfg.Depths), cfg.CmpDepths...) {
		if d > command.MaxLayers {
			return fmt.Errorf("-depths, -cmp-depths: depth %d, want at most %d", d, command.MaxLayers)
		}
	}
	return nil
}

// checkNumbers checks the sizes and the real parameters.
func (cfg *Config) checkNumbers() error {
	const grid = 1 << 12 // phase-diagram points per axis
	for _, v := range []struct {
		name        string
		v, min, max int
	}{{"grid-w", cfg.GridW, 2, grid}, {"grid-b", cfg.GridB, 2, grid}, {"curve-b", cfg.CurveB, 2, grid},
		{"width", cfg.Width, 1, command.MaxWidth}, {"sw-points", cfg.SWPoints, 1, grid}, {"grid-seeds", cfg.GridSeeds, 1, command.MaxSeeds},
		{"steps", cfg.Steps, 1, command.MaxEpochs}, {"subset", cfg.Subset, 1, datasets.MNISTTrainN - datasets.MNISTValN},
		{"eval", cfg.Eval, 1, datasets.MNISTValN}, {"batch", cfg.Batch, 1, command.MaxBatch}, {"seeds", cfg.Seeds, 1, command.MaxSeeds}} {
		if err := command.CheckBound(v.name, v.v, v.min, v.max); err != nil {
			return err
		}
	}
	pos := func(name string, v float64, zeroOK bool) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (!zeroOK && v == 0) {
			return fmt.Errorf("-%s = %v, want a finite number > 0", name, v)
		}
		return nil
	}
	if err := errors.Join(pos("phase-slow", cfg.PhaseSlow, false), pos("lr", cfg.LR, false), pos("sb2", cfg.SB2, true)); err != nil {
		return err
	}
	if !(cfg.SWFactor > 1) || math.IsInf(cfg.SWFactor, 0) {
		return fmt.Errorf("-sw-factor = %v, want a finite number > 1", cfg.SWFactor)
	}
	for _, v := range cfg.SW2 {
		if err := pos("sw2", v, false); err != nil {
			return err
		}
	}
	return nil
}
