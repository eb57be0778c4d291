package xor

import (
	"context"
	"fmt"
	"time"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// Run runs the xor experiment of cfg into o.Dir, holding the folder's locks throughout
// (sweep.Hold): it trains the runs not yet in <Dir>/runs.csv
// on o.Workers goroutines, appending each as it finishes, then writes summary.md, summary.csv,
// README.md and the plots xor_success, xor_epochs and noisy_xor_accuracy (PNG and SVG). The
// tables are printed on o.Stdout and the progress on o.Progress when they are set. A baseline
// (cfg.Baseline) that is not among the activations is dropped; nil Acts means every registered
// activation. With o.Shard set it runs only the shard's runs, into the shard's runs file, and
// writes no summaries (Report merges the shards).
func Run(ctx context.Context, cfg Config, o sweep.Options) error {
	return run(ctx, cfg, o, false)
}

func run(ctx context.Context, cfg Config, o sweep.Options, explicitBaseline bool) error {
	start, load := time.Now(), report.LoadAverage()
	if err := cfg.normalize(explicitBaseline); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	o, err := command.RunOptions("xor", o)
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	js, err := jobs(cfg)
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	if err := checkMemory(cfg, o, len(js)); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	o, release, err := sweep.Hold(ctx, o, "xor")
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	defer release()
	if err := command.Start("xor", o); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	recs, st, err := sweep.Run(ctx, js, o)
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	if o.Shard.Sharded() {
		command.ShardDone(o.Stdout, o.Label, o, st)
		return nil
	}
	return write(cfg, o, recs, st, start, load)
}

// Report writes into o.Dir what Run writes after its runs — summary.md, summary.csv, README.md
// and the plots — from recs, the records of the folder's runs files (sweep.LoadDir: every shard's
// file merged); only the runs of cfg's jobs count. It is what the report command calls to merge
// a sharded sweep.
func Report(cfg Config, o sweep.Options, recs []sweep.Record) error {
	start, load := time.Now(), report.LoadAverage()
	if err := cfg.normalize(false); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	js, err := jobs(cfg)
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	keys := sweep.Keys(js)
	mine := sweep.Only(recs, sweep.KeySet(keys))
	st := sweep.Stats{Total: len(keys), Skipped: command.Done(keys, mine)}
	return write(cfg, o, mine, st, start, load)
}

// checkMemory refuses sizes whose runs would not fit in memory (command.CheckMemory), from the
// largest MLP's estimate (the perceptron is smaller); the data sets are a few kilobytes.
func checkMemory(cfg Config, o sweep.Options, runs int) error {
	var worst nn.MemoryEstimate
	var flags string
	for _, h := range cfg.Hidden {
		est, err := nn.EstimateMemory(nn.MLP(2, h, 1, "tanh"), nn.TrainConfig{Optimizer: nn.OptimizerConfig{Name: cfg.Opt},
			BatchSize: min(cfg.Batch, datasets.DefaultNoisyXOR.NTrain)})
		if err != nil {
			return err
		}
		if est.Total > worst.Total {
			worst, flags = est, fmt.Sprintf("-hidden %s -batch %d", sweep.FormatHidden(h), cfg.Batch)
		}
	}
	if flags == "" {
		return nil
	}
	return command.CheckMemory(flags, worst, o.Workers, runs, 0, o.Progress)
}
