package criticality

import (
	"fmt"
	"slices"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// checkMemory refuses, before the data set is loaded, training runs that would not fit in
// memory (command.CheckMemory): the deepest network, 784-Width×depth-10 in float32 with the
// evaluation batch of train (500), times the runs at once. A command without the parts train
// and compare trains nothing and is not checked.
func checkMemory(cfg Config, o sweep.Options) error {
	if !cfg.has("train") && !cfg.has("compare") {
		return nil
	}
	depth := slices.Max(append(slices.Clone(cfg.Depths), cfg.CmpDepths...))
	a := nn.MLP(datasets.MNISTPixels, slices.Repeat([]int{cfg.Width}, depth), datasets.MNISTClasses, "tanh")
	a.Dtype = nn.Float32
	est, err := nn.EstimateMemory(a, nn.TrainConfig{Optimizer: nn.OptimizerConfig{Name: cfg.Opt}, BatchSize: cfg.Batch, EvalBatch: 500})
	if err != nil {
		return err
	}
	grid := max(cfg.SWPoints, len(cfg.SW2))
	runs := len(cfg.Acts) * (len(cfg.Depths)*grid*cfg.GridSeeds + len(cfg.CmpDepths)*(len(cfg.CmpInits)+1)*cfg.Seeds)
	flags := fmt.Sprintf("-width %d -depths %d -batch %d", cfg.Width, depth, cfg.Batch)
	return command.CheckMemory(flags, est, o.Workers, runs, data.MNISTBytes, o.Progress)
}
