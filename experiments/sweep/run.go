package sweep

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

// Job is one independent run of a sweep.
type Job struct {
	// Key identifies the run; it must be unique in the sweep and hold every setting that changes
	// the result. Seed the job's generators from Key.RNGSeed(), never from the clock, so the run
	// gives the same rows whatever the worker count or order.
	Key Key
	// Run trains and measures, calling report after every epoch (for the progress bar), and
	// returns tidy rows. It must check ctx (at least once per epoch) and return ctx.Err() when
	// cancelled. A returned error marks the run failed: it is not written, so the next invocation
	// retries it. An outcome that is a result — a diverged loss, a network that never separates
	// XOR — should be rows ("diverged" = 1), not an error, or it will be missing from the tables.
	Run func(ctx context.Context, report Report) ([]Row, error)
}

// Report is how a running job reports an epoch: epoch of epochs done, with this loss.
type Report func(epoch, epochs int, loss float64)

// Options says where and how a sweep runs; the experiments' Run functions take it too.
type Options struct {
	Dir      string    // output folder: runs.csv is appended there, summaries and plots written there
	Workers  int       // jobs run at once (≥ 1)
	Label    string    // progress label, the command name ("" for the experiment's name)
	Progress io.Writer // where progress goes (stderr); nil for none
	Stdout   io.Writer // where an experiment prints its tables; nil for nowhere
	Command  string    // the command line recorded in the outputs' provenance and lock files; "" names the Go call
	// Wait makes a command whose folder is locked by another wait for the lock instead of
	// failing at once (the -wait flag).
	Wait bool
	// Shard is the slice of the sweep this invocation runs (zero: all of it). A shard appends to
	// <Dir>/runs-<i>-of-<n>.csv (RunsFile) and writes no summaries: the report command merges.
	Shard Shard
	// Flags are the command-line flags that define the sweep (command.Parsed.SweepFlags), written
	// to <Dir>/sweep.json so that the report command can rebuild its job list; nil from the Go API
	// (whose sharded sweeps are merged by calling the experiment's Report with the same Config).
	Flags []string

	held *held // the locks Hold took for the whole command; nil: Run locks the runs file itself
}

// MaxWorkers bounds Options.Workers: more runs at once than this is a typo, not a machine (each
// worker is a goroutine with its own model; Run never starts more workers than it has jobs).
const MaxWorkers = 4096

// Stats counts what Run did.
type Stats struct {
	Total, Skipped, Done, Failed, Abandoned int
}

// result is a finished job as the workers hand it to the writer.
type result struct {
	i    int
	rows []Row
	err  error
}

// Run runs the jobs not yet complete in <Dir>/runs.csv on Workers goroutines (never more than
// the jobs to run) and appends each finished run to runs.csv as soon as it returns (one writer:
// append, fsync). It works under the runs file's lock: the command's (Hold), or its own, taken
// when it starts (failing at once when another command holds it, or waiting with o.Wait) and
// released when it returns. It returns the
// records of these jobs' runs — those found in the file and those run now — and not the other
// runs the file may hold.
//
// With o.Shard set it runs only the shard's jobs (index ≡ Shard.Index mod Shard.Count) and
// appends to the shard's own runs file instead (Options.RunsFile). Sharded or not, a run already
// complete in any runs file of Dir (another shard's, runs.csv) is not trained again: it counts
// as skipped and its records are returned from there; those files are only read.
//
// Cancelling ctx (Ctrl-C) stops handing out jobs; in-flight jobs are abandoned (their rows are
// never written) and the error says how many runs are saved; rerunning the same command resumes
// with the rest. A panicking or failing job is reported, the others carry on, and the error
// lists the failures. Duplicate or unwritable keys are an error before anything runs.
//
// Besides the job's rows the runner writes, per run, wall_seconds (split "") and, unless the job
// wrote its own, seconds_per_epoch = wall_seconds / epochs run (the largest epoch among the
// rows, else Key.Epochs), both at that epoch.
func Run(ctx context.Context, jobs []Job, o Options) ([]Record, Stats, error) {
	var st Stats
	if _, err := checkJobs(jobs, o); err != nil {
		return nil, st, err
	}
	store, err := open(ctx, o)
	if err != nil {
		return nil, st, err
	}
	defer store.Close()
	others, err := loadOthers(o.Dir, o.RunsFile())
	if err != nil {
		return nil, st, err
	}
	mine, todo := selectJobs(jobs, o.Shard, store, others, &st)
	var prog *progress
	if o.Progress != nil {
		if st.Skipped > 0 {
			fmt.Fprintf(o.Progress, "%s: %d of %d runs already in %s; running the other %d\n",
				o.Label, st.Skipped, st.Total, where(store, others), len(todo))
		}
		prog = newProgress(o.Progress, o.Label, len(todo))
	}
	if o.Workers > 1 {
		restore, err := oneBLASThread()
		if err != nil {
			return nil, st, err
		}
		defer restore()
	}
	err = runTodo(ctx, jobs, todo, min(o.Workers, max(len(todo), 1)), store, prog, &st)
	return Only(union(store.Records(), others.recs), mine), st, err
}

// selectJobs returns the keys of the shard's jobs and the indices of those not yet complete in
// the store or in another runs file of the folder, counting them in st.
func selectJobs(jobs []Job, sh Shard, store *Store, others elsewhere, st *Stats) (mine map[Key]bool, todo []int) {
	mine = map[Key]bool{}
	for i, j := range jobs {
		if !sh.Has(i) {
			continue
		}
		st.Total++
		mine[j.Key] = true
		if store.Done(j.Key) || others.done[j.Key] {
			st.Skipped++
		} else {
			todo = append(todo, i)
		}
	}
	return mine, todo
}

// elsewhere are the complete runs of a folder's other runs files (the other shards', or the
// unsharded runs.csv): read, never written.
type elsewhere struct {
	files []string
	recs  []Record
	done  map[Key]bool
}

// loadOthers reads every runs file of dir but own, so that a run another shard (or an unsharded
// command) already made is not trained again: the MNIST final runs reuse sweep runs that may
// sit in another shard's file.
func loadOthers(dir, own string) (elsewhere, error) {
	files, err := RunsFiles(dir)
	if err != nil {
		return elsewhere{}, err
	}
	e := elsewhere{done: map[Key]bool{}}
	for _, f := range files {
		if filepath.Base(f) != own {
			e.files = append(e.files, f)
		}
	}
	if e.recs, err = Load(e.files...); err != nil {
		return elsewhere{}, err
	}
	for _, r := range e.recs {
		if r.Metric == MetricDone {
			e.done[r.Key] = true
		}
	}
	return e, nil
}

// where names the files the skipped runs were found in, for the progress line.
func where(store *Store, others elsewhere) string {
	if len(others.files) == 0 {
		return store.Path()
	}
	return filepath.Dir(store.Path()) + "'s runs files"
}

// union returns the records of a, then those of the runs of b that are not in a.
func union(a, b []Record) []Record {
	in := map[Key]bool{}
	for _, r := range a {
		in[r.Key] = true
	}
	out := a[:len(a):len(a)]
	for _, r := range b {
		if !in[r.Key] {
			out = append(out, r)
		}
	}
	return out
}

// checkJobs validates the options and the jobs' keys and returns the set of keys.
func checkJobs(jobs []Job, o Options) (map[Key]bool, error) {
	if o.Workers < 1 || o.Workers > MaxWorkers {
		return nil, fmt.Errorf("sweep: workers = %d, want 1 … %d", o.Workers, MaxWorkers)
	}
	if err := o.Shard.Validate(); err != nil {
		return nil, err
	}
	keys := make(map[Key]bool, len(jobs))
	for _, j := range jobs {
		if err := j.Key.validate(); err != nil {
			return nil, err
		}
		if keys[j.Key] {
			return nil, fmt.Errorf("sweep: two jobs have the same key %s", j.Key)
		}
		keys[j.Key] = true
		if j.Run == nil {
			return nil, fmt.Errorf("sweep: job %s has no Run function", j.Key)
		}
	}
	return keys, nil
}

// oneBLASThread sets one BLAS thread per product while several runs share the cores (OpenBLAS's
// idle threads spin in sched_yield and take the cores from the other runs; a no-op with the
// pure-Go BLAS) and returns how to restore the previous setting.
func oneBLASThread() (restore func(), err error) {
	before := nn.BLASThreads()
	if err := nn.SetBLASThreads(1); err != nil {
		return nil, err
	}
	return func() {
		if before > 1 {
			nn.SetBLASThreads(before)
		}
	}, nil
}

// runTodo runs jobs[todo] on workers goroutines and appends each finished run to the store
// through a single writer (this goroutine): every finished run is on disk before the next result
// is taken. It fills st and returns the interruption or the failures.
func runTodo(parent context.Context, jobs []Job, todo []int, workers int, store *Store, prog *progress, st *Stats) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	results := startWorkers(ctx, jobs, todo, workers, prog)
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
			if err := store.Append(k, r.rows); err != nil {
				// The disk is failing: stop the others; the runs already written stay saved.
				cancel()
				for range results {
				}
				return err
			}
			st.Done++
		}
		prog.runDone(r.i, k.String(), r.err)
	}
	prog.finish()
	if parent.Err() != nil {
		return fmt.Errorf("interrupted: %d of %d runs are saved in %s (%d in flight abandoned); rerun the same command to resume: %w",
			st.Skipped+st.Done, st.Total, store.Path(), st.Abandoned, parent.Err())
	}
	if len(failures) > 0 {
		return fmt.Errorf("%d of %d runs failed (rerun to retry them): %w", st.Failed, len(todo), errors.Join(failures...))
	}
	return nil
}

// startWorkers hands jobs[todo] to workers goroutines until ctx is cancelled; the results
// channel closes when every worker has stopped.
func startWorkers(ctx context.Context, jobs []Job, todo []int, workers int, prog *progress) <-chan result {
	work := make(chan int)
	results := make(chan result, workers)
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
	for range workers {
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
	return results
}

// runOne runs one job, turning a panic into an error, and adds the timing rows.
func runOne(ctx context.Context, j Job, i int, prog *progress) (rows []Row, err error) {
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
		perEpoch = perEpoch || r.Metric == MetricSecondsPerEpoch
	}
	if epochs == 0 {
		epochs = j.Key.Epochs
	}
	rows = append(rows, Row{Epoch: epochs, Metric: MetricWallSeconds, Value: wall})
	if !perEpoch && epochs > 0 {
		rows = append(rows, Row{Epoch: epochs, Metric: MetricSecondsPerEpoch, Value: wall / float64(epochs)})
	}
	return rows, nil
}
