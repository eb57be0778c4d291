package mnist

import (
	"context"
	"fmt"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// Run runs the mnist experiment of cfg into o.Dir, holding the folder's locks throughout
// (sweep.Hold): with more than one learning rate, first the
// sweep (every rate × sweep seed, SweepEpochs epochs), then the final runs at each activation's
// chosen rate (a sweep run with the same key is reused), each appended to <Dir>/runs.csv as it
// finishes; then summary.md, summary.csv, README.md and per model the plots
// mnist_val_curves_<model> and mnist_test_accuracy_<model>. cfg.Stage runs one stage only (see
// Stages); with o.Shard set only the shard's runs of that stage are made, into the shard's runs
// file, and no summaries are written (Report merges).
func Run(ctx context.Context, cfg Config, o sweep.Options) error {
	return run(ctx, cfg, o, false)
}

func run(ctx context.Context, cfg Config, o sweep.Options, explicitBaseline bool) error {
	start, load := time.Now(), report.LoadAverage()
	if err := check(&cfg, &o, explicitBaseline); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if err := checkMemory(cfg, o); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	o, release, err := sweep.Hold(ctx, o, "mnist")
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	defer release()
	if err := command.Start("mnist", o); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	d, err := data.LoadMNIST(cfg.MNISTDir, cfg.Subset, cfg.Subset)
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "mnist: %d training, %d validation, %d test images from %s\n", d.Train.N, d.Val.N, d.Test.N, d.Dir)
	}
	var res results
	switch cfg.Stage {
	case "sweep":
		err = sweepStage(ctx, cfg, o, d)
	case "final":
		res, err = finalStage(ctx, cfg, o, d)
	default:
		res, err = runStages(ctx, cfg, o, d)
	}
	if err != nil || cfg.Stage == "sweep" {
		return wrap(err)
	}
	if o.Shard.Sharded() {
		command.ShardDone(o.Stdout, o.Label, o, res.stats)
		return nil
	}
	return write(cfg, o, res, start, load)
}

// check normalises cfg, checks o and fills in its defaults, refuses a sharded run of both
// stages at once.
func check(cfg *Config, o *sweep.Options, explicitBaseline bool) error {
	if err := cfg.normalize(explicitBaseline); err != nil {
		return err
	}
	if err := command.CheckOptions(*o); err != nil {
		return err
	}
	if o.Shard.Sharded() && cfg.Stage == "all" {
		if len(cfg.LRs) > 1 {
			return fmt.Errorf("-shard %s needs -stage sweep or -stage final: the final runs need the rates the whole sweep chooses, so run the sweep's shards, then the final ones, then report", o.Shard)
		}
		cfg.Stage = "final" // one rate, no sweep: the final runs are the whole sweep
	}
	if o.Label == "" {
		o.Label = "mnist"
	}
	if o.Command == "" {
		o.Command = "mnist.Run (Go API)"
	}
	return nil
}

// wrap prefixes a non-nil error with the package.
func wrap(err error) error {
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	return nil
}

// results are what the two stages produced.
type results struct {
	final, sweep []sweep.Record
	chosen       map[group]float64
	stats        sweep.Stats
}

// runStages runs the learning-rate sweep (with more than one rate) and the final runs.
func runStages(ctx context.Context, cfg Config, o sweep.Options, d *data.MNIST) (results, error) {
	var res results
	var sweepJobs []sweep.Job
	sweepDone := 0
	if len(cfg.LRs) > 1 {
		sweepJobs = jobs(cfg, d, nil)
		so := o
		so.Label = o.Label + " sweep"
		recs, st, err := sweep.Run(ctx, sweepJobs, so)
		if err != nil {
			return res, fmt.Errorf("learning-rate sweep: %w", err)
		}
		res.sweep, sweepDone = recs, st.Done
	}
	res.chosen = chooseLRs(cfg, res.sweep)
	finalJobs := jobs(cfg, d, res.chosen)
	recs, st, err := sweep.Run(ctx, finalJobs, o)
	if err != nil {
		return res, err
	}
	// The sweep's runs at the chosen rates are final runs too: count every distinct run once.
	all := map[sweep.Key]bool{}
	for _, j := range append(sweepJobs, finalJobs...) {
		all[j.Key] = true
	}
	st.Total, st.Done = len(all), st.Done+sweepDone
	st.Skipped = st.Total - st.Done
	res.final, res.stats = recs, st
	return res, nil
}

// checkMemory refuses sizes whose runs would not fit in memory (command.CheckMemory), from the
// largest network's estimate, before the data set is loaded.
func checkMemory(cfg Config, o sweep.Options) error {
	var worst nn.MemoryEstimate
	var flags string
	for _, n := range networks(cfg) {
		est, err := nn.EstimateMemory(n.arch("tanh"), nn.TrainConfig{Optimizer: nn.OptimizerConfig{Name: cfg.Opt}, BatchSize: cfg.Batch})
		if err != nil {
			return err
		}
		if est.Total > worst.Total {
			worst, flags = est, fmt.Sprintf("-batch %d", cfg.Batch)
			if n.model == "mlp" {
				flags = fmt.Sprintf("-hidden %s %s", sweep.FormatHidden(n.hidden), flags)
			}
		}
	}
	runs := len(networks(cfg)) * len(cfg.Acts) * max(len(cfg.LRs)*cfg.SweepSeeds, cfg.Seeds)
	return command.CheckMemory(flags, worst, o.Workers, runs, data.MNISTBytes, o.Progress)
}
