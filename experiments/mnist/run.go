package mnist

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// Run runs the mnist experiment of cfg into o.Dir, holding the folder's locks throughout
// (sweep.Hold), stage by stage (Config.Stage):
//
//   - StageSweep: the sweep runs the current round still needs (PlanSweep on the runs files in
//     o.Dir), then it reports whether the sweep is complete; rerun until it is.
//   - StageFinal: the final runs at each activation's chosen rate and the gain table's runs (a
//     sweep run with the same key is reused), then summary.md, summary.csv, README.md and the
//     plots; an error while the sweep is incomplete.
//   - StageAll (the default): every sweep round, then the final stage.
//
// Each finished run is appended to <Dir>/runs.csv as it finishes; rerunning resumes.
func Run(ctx context.Context, cfg Config, o sweep.Options) error {
	return run(ctx, cfg, o, false)
}

func run(ctx context.Context, cfg Config, o sweep.Options, explicitBaseline bool) error {
	start, load := time.Now(), report.LoadAverage()
	if err := cfg.normalize(explicitBaseline); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	o, err := command.RunOptions("mnist", o)
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if err := shardStage(&cfg, o); err != nil {
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
	s, trained, err := sweepRounds(ctx, cfg, o, d, cfg.Stage != StageSweep)
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if cfg.Stage == StageSweep {
		return sweepReport(cfg, o, s, trained)
	}
	if !s.Complete() {
		return fmt.Errorf("mnist: -stage final: the learning-rate sweep is incomplete (round %d needs %d more runs); run -stage sweep until it says complete",
			s.Round, len(s.Pending))
	}
	st, err := finalStage(ctx, cfg, o, d, s)
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if o.Shard.Sharded() {
		command.ShardDone(o.Stdout, o.Label, o, st)
		return nil
	}
	return write(cfg, o, trained+st.Done, start, load)
}

// shardStage checks the stage of a shard (o.Shard): the final runs need the rates the whole
// sweep chooses, so a shard runs -stage sweep or -stage final, never both; with a single rate
// (no sweep) -stage all is the final stage.
func shardStage(cfg *Config, o sweep.Options) error {
	if !o.Shard.Sharded() || cfg.Stage != StageAll {
		return nil
	}
	if len(cfg.LRs) > 1 {
		return fmt.Errorf("-shard %s needs -stage sweep or -stage final: the final runs need the rates the whole sweep chooses, so run the sweep's shards (until the sweep is complete), then the final ones, then report", o.Shard)
	}
	cfg.Stage = StageFinal
	return nil
}

// Report writes the summaries, plots and README of cfg from the runs files in o.Dir, training
// nothing (what a report over the shards of a run calls; the runs of a complete sweep and its
// final stage must be there, or Tables' error says what is missing). It normalises a copy of
// cfg first.
func Report(cfg Config, o sweep.Options) error {
	start, load := time.Now(), report.LoadAverage()
	if err := cfg.normalize(false); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if o.Command == "" {
		o.Command = "mnist.Report (Go API)"
	}
	return write(cfg, o, 0, start, load)
}

// LoadRecords reads the finished runs of every runs file in dir: runs.csv and the shards'
// runs-<i>-of-<n>.csv (sweep.Load; a run in several files counts once).
func LoadRecords(dir string) ([]sweep.Record, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "runs*.csv"))
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	return sweep.Load(paths...)
}

// sweepRounds runs sweep rounds until the sweep is complete (all) or one round has run, and
// returns the sweep's state after them and the number of runs trained.
func sweepRounds(ctx context.Context, cfg Config, o sweep.Options, d *data.MNIST, all bool) (SweepState, int, error) {
	trained := 0
	for r := 0; ; r++ {
		recs, err := LoadRecords(o.Dir)
		if err != nil {
			return SweepState{}, trained, err
		}
		s := PlanSweep(cfg, recs)
		if s.Complete() || cfg.Stage == StageFinal || (!all && r == 1) {
			return s, trained, nil
		}
		if r > MaxExtensions+1 { // each round adds at most one rate per group
			return s, trained, fmt.Errorf("learning-rate sweep: still %d runs missing after %d rounds", len(s.Pending), r)
		}
		keys := s.Pending
		if o.Shard.Sharded() {
			keys = SweepKeys(cfg, s) // every shard of the round enumerates the same jobs, done or not
		}
		jobs, err := Jobs(cfg, d, keys)
		if err != nil {
			return s, trained, err
		}
		so := o
		so.Label = fmt.Sprintf("%s sweep round %d", o.Label, s.Round)
		_, st, err := sweep.Run(ctx, jobs, so)
		trained += st.Done
		if err != nil {
			return s, trained, fmt.Errorf("learning-rate sweep round %d: %w", s.Round, err)
		}
	}
}

// FinalStageKeys are the final stage's runs of a complete sweep in job order (shard i of n
// takes those of index ≡ i mod n): the final runs, then the gain runs.
func FinalStageKeys(cfg Config, s SweepState) []sweep.Key {
	return append(FinalKeys(cfg, s), GainKeys(cfg, s)...)
}

// finalStage runs the final and gain runs of a complete sweep (a shard: its share).
func finalStage(ctx context.Context, cfg Config, o sweep.Options, d *data.MNIST, s SweepState) (sweep.Stats, error) {
	jobs, err := Jobs(cfg, d, FinalStageKeys(cfg, s))
	if err != nil {
		return sweep.Stats{}, err
	}
	_, st, err := sweep.Run(ctx, jobs, o)
	return st, err
}

// sweepReport says, after -stage sweep, where the sweep stands, with the sweep table so far.
func sweepReport(cfg Config, o sweep.Options, s SweepState, trained int) error {
	if o.Stdout == nil {
		return nil
	}
	who := "mnist:"
	if o.Shard.Sharded() {
		who = "mnist: shard " + o.Shard.String() + ":"
	}
	msg := fmt.Sprintf("%s learning-rate sweep complete (%d runs trained now); run -stage final next.", who, trained)
	if !s.Complete() {
		msg = fmt.Sprintf("%s learning-rate sweep round %d needs %d more runs (%d trained now); rerun -stage sweep.",
			who, s.Round, len(s.Pending), trained)
	}
	_, err := fmt.Fprintf(o.Stdout, "%s\n\n%s", msg, sweepTable(cfg, s))
	return err
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
