package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/isingact/isingact/nn"
)

// job is one independent run of a sweep.
type job struct {
	// Key identifies the run; it must be unique in the sweep and hold every setting that changes
	// the result. Seed the job's generators from Key.rngSeed(), never from the clock, so the run
	// gives the same rows whatever the worker count or order.
	Key runKey
	// Run trains and measures, calling report after every epoch (for the progress bar), and
	// returns tidy rows. It must check ctx (at least once per epoch) and return ctx.Err() when
	// cancelled. A returned error marks the run failed: it is not written, so the next invocation
	// retries it. An outcome that is a result — a diverged loss, a network that never separates
	// XOR — should be rows ("diverged" = 1), not an error, or it will be missing from the tables.
	Run func(ctx context.Context, report reportFunc) ([]row, error)
}

// reportFunc is how a running job reports an epoch: epoch of epochs done, with this loss.
type reportFunc func(epoch, epochs int, loss float64)

// runOptions configures runJobs.
type runOptions struct {
	Dir      string    // output folder: runs.csv is appended there
	Workers  int       // jobs run at once (≥ 1)
	Label    string    // progress label, the command name
	Progress io.Writer // where progress goes (stderr); nil for none
}

// runStats counts what runJobs did.
type runStats struct {
	Total, Skipped, Done, Failed, Abandoned int
}

// runJobs runs the jobs not yet complete in <Dir>/runs.csv on Workers goroutines and appends each
// finished run to runs.csv as soon as it returns (one writer goroutine: append, fsync). It
// returns every complete record in the file afterwards (earlier runs included) for the summary.
//
// Cancelling ctx (Ctrl-C) stops handing out jobs; in-flight jobs are abandoned (their rows are
// never written) and the error says how many runs are saved; rerunning the same command resumes
// with the rest. A panicking or failing job is reported, the others carry on, and the error
// lists the failures. Duplicate or unwritable keys are an error before anything runs.
//
// Besides the job's rows the runner writes, per run, wall_seconds (split "") and, unless the job
// wrote its own, seconds_per_epoch = wall_seconds / epochs run (the largest epoch among the
// rows, else Key.Epochs), both at that epoch.
func runJobs(ctx context.Context, jobs []job, o runOptions) ([]record, runStats, error) {
	st := runStats{Total: len(jobs)}
	if o.Workers < 1 {
		return nil, st, fmt.Errorf("workers = %d, want ≥ 1", o.Workers)
	}
	seen := map[string]bool{}
	for _, j := range jobs {
		if err := j.Key.validate(); err != nil {
			return nil, st, err
		}
		if k := j.Key.String(); seen[k] {
			return nil, st, fmt.Errorf("two jobs have the same key %s", k)
		} else {
			seen[k] = true
		}
		if j.Run == nil {
			return nil, st, fmt.Errorf("job %s has no Run function", j.Key)
		}
	}
	rf, recs, err := openRuns(o.Dir)
	if err != nil {
		return nil, st, err
	}
	defer rf.Close()
	var todo []int
	for i, j := range jobs {
		if rf.isDone(j.Key) {
			st.Skipped++
		} else {
			todo = append(todo, i)
		}
	}
	var prog *progress
	if o.Progress != nil {
		if st.Skipped > 0 {
			fmt.Fprintf(o.Progress, "%s: %d of %d runs already in %s; running the other %d\n",
				o.Label, st.Skipped, st.Total, rf.path, len(todo))
		}
		prog = newProgress(o.Progress, o.Label, len(todo))
	}

	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		i    int
		rows []row
		err  error
	}
	// Several runs at once: one BLAS thread per product, so that the runs share the cores
	// instead of each starting a thread per core (OpenBLAS's idle threads spin in sched_yield
	// and take the cores from the other runs). A no-op with the pure-Go BLAS.
	if o.Workers > 1 {
		if before := nn.BLASThreads(); before > 1 {
			defer nn.SetBLASThreads(before)
		}
		if err := nn.SetBLASThreads(1); err != nil {
			return nil, st, err
		}
	}
	work := make(chan int)
	results := make(chan result, o.Workers)
	go func() {
		defer close(work)
		for _, i := range todo {
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range o.Workers {
		wg.Go(func() {
			for i := range work {
				if ctx.Err() != nil {
					return
				}
				rows, err := runOne(ctx, jobs[i], i, prog)
				results <- result{i, rows, err}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	// The single writer: every finished run is on disk before the next result is taken.
	var failures []error
	for r := range results {
		k := jobs[r.i].Key
		switch {
		case r.err != nil && ctx.Err() != nil:
			st.Abandoned++
			continue
		case r.err != nil:
			st.Failed++
			failures = append(failures, fmt.Errorf("run %s: %w", k, r.err))
		default:
			if err := rf.appendRun(k, r.rows); err != nil {
				// The disk is failing: stop the others; the runs already written stay saved.
				cancel()
				for range results {
				}
				return recs, st, err
			}
			st.Done++
			for _, row := range r.rows {
				recs = append(recs, record{k, row})
			}
			recs = append(recs, record{k, row{Metric: metricDone, Value: 1}})
		}
		prog.runDone(r.i, k.String(), r.err)
	}
	prog.finish()
	if parent.Err() != nil {
		return recs, st, fmt.Errorf("interrupted: %d of %d runs are saved in %s (%d in flight abandoned); rerun the same command to resume: %w",
			st.Skipped+st.Done, st.Total, filepath.Join(o.Dir, "runs.csv"), st.Abandoned, parent.Err())
	}
	if len(failures) > 0 {
		return recs, st, fmt.Errorf("%d of %d runs failed (rerun to retry them): %w", st.Failed, len(todo), errors.Join(failures...))
	}
	return recs, st, nil
}

// runOne runs one job, turning a panic into an error, and adds the timing rows.
func runOne(ctx context.Context, j job, i int, prog *progress) (rows []row, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	start := time.Now()
	report := func(epoch, epochs int, loss float64) { prog.epochDone(i, j.Key.String(), epoch, epochs, loss) }
	rows, err = j.Run(ctx, report)
	if err != nil {
		return nil, err
	}
	wall := time.Since(start).Seconds()
	epochs, perEpoch := 0, false
	for _, r := range rows {
		epochs = max(epochs, r.Epoch)
		perEpoch = perEpoch || r.Metric == metricSecondsPerEpch
	}
	if epochs == 0 {
		epochs = j.Key.Epochs
	}
	rows = append(rows, row{Epoch: epochs, Metric: metricWallSeconds, Value: wall})
	if !perEpoch && epochs > 0 {
		rows = append(rows, row{Epoch: epochs, Metric: metricSecondsPerEpch, Value: wall / float64(epochs)})
	}
	return rows, nil
}
