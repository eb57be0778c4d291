package mnist

import (
	"context"
	"fmt"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
)

// stagePlan is what the records of a folder say of the two stages of cfg's sweep.
type stagePlan struct {
	sweepKeys    []sweep.Key       // the sweep's runs in job order; nil with a single rate (no sweep)
	sweepMissing int               // of them, the runs not complete in the records
	chosen       map[group]float64 // the rates chosen from the sweep's complete runs
	finalKeys    []sweep.Key       // the final runs at the chosen rates, in job order
}

// planFrom reads the stages of cfg (normalised) from recs, the records of every runs file of
// the folder. While the sweep is incomplete, chosen and finalKeys come from its complete runs.
func planFrom(cfg Config, recs []sweep.Record) stagePlan {
	var sp stagePlan
	if len(cfg.LRs) > 1 {
		sp.sweepKeys = sweep.Keys(jobs(cfg, nil, nil))
		sp.sweepMissing = len(sweep.Missing(sp.sweepKeys, recs))
	}
	sp.chosen = chooseLRs(cfg, sweep.Only(recs, sweep.KeySet(sp.sweepKeys)))
	sp.finalKeys = sweep.Keys(jobs(cfg, nil, sp.chosen))
	return sp
}

// stats counts the distinct runs of both stages and how many of them are complete in recs.
func (sp stagePlan) stats(recs []sweep.Record) sweep.Stats {
	all := sweep.KeySet(append(append([]sweep.Key(nil), sp.sweepKeys...), sp.finalKeys...))
	keys := make([]sweep.Key, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	return sweep.Stats{Total: len(keys), Skipped: command.Done(keys, recs)}
}

// sweepStage runs the learning-rate sweep's runs not yet in the folder (a shard: its share)
// and says whether the folder's sweep is now complete; it writes no summaries.
func sweepStage(ctx context.Context, cfg Config, o sweep.Options, d *data.MNIST) error {
	if len(cfg.LRs) < 2 {
		if o.Stdout != nil {
			fmt.Fprintf(o.Stdout, "%s: one learning rate, no sweep: the sweep is complete; run -stage final\n", o.Label)
		}
		return nil
	}
	so := o
	so.Label = o.Label + " sweep"
	js := jobs(cfg, d, nil)
	_, st, err := sweep.Run(ctx, js, so)
	if err != nil {
		return fmt.Errorf("learning-rate sweep: %w", err)
	}
	all, err := sweep.LoadDir(o.Dir)
	if err != nil {
		return err
	}
	if o.Stdout == nil {
		return nil
	}
	miss, what := len(sweep.Missing(sweep.Keys(js), all)), "run"
	if o.Shard.Sharded() {
		what = "shard " + o.Shard.String() + ":"
	}
	fmt.Fprintf(o.Stdout, "%s: %s %d runs done (%d trained now) in %s; ", so.Label, what, st.Done+st.Skipped, st.Done, o.RunsFile())
	if miss > 0 {
		fmt.Fprintf(o.Stdout, "%d of %d sweep runs are still missing in %s (other shards, or failed runs): rerun -stage sweep until the sweep is complete\n", miss, len(js), o.Dir)
	} else {
		fmt.Fprintf(o.Stdout, "the sweep is complete: run -stage final\n")
	}
	return nil
}

// finalStage runs the final runs (a shard: its share) at the rates chosen from the folder's
// complete sweep, every runs file merged; an incomplete sweep is an error.
func finalStage(ctx context.Context, cfg Config, o sweep.Options, d *data.MNIST) (results, error) {
	all, err := sweep.LoadDir(o.Dir)
	if err != nil {
		return results{}, err
	}
	sp := planFrom(cfg, all)
	if sp.sweepMissing > 0 {
		return results{}, fmt.Errorf("-stage final: the learning-rate sweep in %s is incomplete (%d of %d runs missing): run -stage sweep (every shard) until it says the sweep is complete",
			o.Dir, sp.sweepMissing, len(sp.sweepKeys))
	}
	recs, st, err := sweep.Run(ctx, jobs(cfg, d, sp.chosen), o)
	if err != nil {
		return results{}, err
	}
	res := results{final: recs, sweep: sweep.Only(all, sweep.KeySet(sp.sweepKeys)), chosen: sp.chosen, stats: st}
	if !o.Shard.Sharded() { // the summary counts the runs of both stages, as -stage all does
		res.stats = sp.stats(all)
		res.stats.Done, res.stats.Skipped = st.Done, res.stats.Total-st.Done
	}
	return res, nil
}

// Report writes into o.Dir what Run writes after its runs — summary.md, summary.csv, README.md
// and the plots — from recs, the records of the folder's runs files (sweep.LoadDir: every shard's
// file merged): the sweep's runs, the rates they choose, the final runs at those rates. It is what
// the report command calls to merge a sharded sweep.
func Report(cfg Config, o sweep.Options, recs []sweep.Record) error {
	start, load := time.Now(), report.LoadAverage()
	if err := cfg.normalize(false); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	sp := planFrom(cfg, recs)
	res := results{sweep: sweep.Only(recs, sweep.KeySet(sp.sweepKeys)), final: sweep.Only(recs, sweep.KeySet(sp.finalKeys)),
		chosen: sp.chosen, stats: sp.stats(recs)}
	return write(cfg, o, res, start, load)
}
