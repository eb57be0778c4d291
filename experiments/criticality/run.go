package criticality

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
)

// Run runs the parts of cfg into o.Dir, holding the folder's locks throughout (sweep.Hold): the
// phase diagrams (computed on o.Workers goroutines), then the training runs of the parts train
// and compare through sweep.Run (each appended to <Dir>/runs.csv as it finishes, resumable),
// then the tables, plots and README. With o.Shard set it makes only the shard's training runs,
// into the shard's runs file, and writes nothing else: Report merges the shards.
func Run(ctx context.Context, cfg Config, o sweep.Options) error {
	rep := reporter{cfg: cfg, start: time.Now(), load: report.LoadAverage()}
	if err := cfg.normalize(); err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	o, err := command.RunOptions("criticality", o)
	if err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	if err := checkMemory(cfg, o); err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	o, release, err := sweep.Hold(ctx, o, "criticality")
	if err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	defer release()
	if err := command.Start("criticality", o); err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	rep.cfg, rep.opt = cfg, o
	if o.Shard.Sharded() {
		return rep.runShard(ctx)
	}
	if cfg.has("phase") {
		if err := rep.runPhase(ctx); err != nil {
			return fmt.Errorf("criticality: phase diagrams: %w", err)
		}
	}
	if cfg.has("train") || cfg.has("compare") {
		if err := rep.runTraining(ctx); err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
	}
	return rep.write()
}

// progress is where the experiment's progress lines go.
func (r *reporter) progress() io.Writer {
	if r.opt.Progress == nil {
		return io.Discard
	}
	return r.opt.Progress
}

// runPhase computes and writes the phase diagrams.
func (r *reporter) runPhase(ctx context.Context) error {
	t := time.Now()
	res, err := phaseDiagrams(ctx, r.cfg, r.opt.Workers, r.progress())
	if err != nil {
		return err
	}
	if err := writePhase(r.opt.Dir, res); err != nil {
		return err
	}
	r.phase, r.phaseSeconds = res, time.Since(t).Seconds()
	fmt.Fprintf(r.progress(), "criticality: phase diagrams of %d activations in %s\n", len(res), time.Since(t).Round(time.Second))
	return nil
}

// runTraining trains the runs of the parts train and compare.
func (r *reporter) runTraining(ctx context.Context) error {
	t := time.Now()
	d, err := data.LoadMNIST(r.cfg.MNISTDir, r.cfg.Subset, r.cfg.Eval)
	if err != nil {
		return err
	}
	p, err := makePlan(r.cfg)
	if err != nil {
		return err
	}
	recs, st, err := sweep.Run(ctx, jobs(r.cfg, p, d), r.opt)
	if err != nil {
		return err
	}
	r.plan, r.recs, r.stats, r.trainSeconds = p, recs, st, time.Since(t).Seconds()
	return nil
}

// runShard makes the shard's training runs; the phase diagrams are the report's.
func (r *reporter) runShard(ctx context.Context) error {
	if r.cfg.has("train") || r.cfg.has("compare") {
		if err := r.runTraining(ctx); err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
	}
	command.ShardDone(r.opt.Stdout, r.opt.Label, r.opt, r.stats)
	return nil
}

// Report writes into o.Dir what Run writes after its runs — the phase diagrams (computed here,
// on o.Workers goroutines), the tables, plots and README — from recs, the records of the
// folder's runs files (sweep.LoadDir: every shard's file merged); only the runs of cfg's jobs
// count. It is what the report command calls to merge a sharded sweep.
func Report(ctx context.Context, cfg Config, o sweep.Options, recs []sweep.Record) error {
	rep := reporter{cfg: cfg, start: time.Now(), load: report.LoadAverage()}
	if err := cfg.normalize(); err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	rep.cfg, rep.opt = cfg, o
	if cfg.has("phase") {
		if err := rep.runPhase(ctx); err != nil {
			return fmt.Errorf("criticality: phase diagrams: %w", err)
		}
	}
	if cfg.has("train") || cfg.has("compare") {
		p, err := makePlan(cfg)
		if err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
		keys := sweep.Keys(jobs(cfg, p, nil))
		rep.plan, rep.recs = p, sweep.Only(recs, sweep.KeySet(keys))
		rep.stats = sweep.Stats{Total: len(keys), Skipped: command.Done(keys, rep.recs)}
	}
	return rep.write()
}
