package sweep

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeJobs builds a tiny synthetic sweep: for each activation and seed a "training" of epochs
// epochs whose loss and accuracy are drawn from the key's seed, so the rows are a pure function of
// the key. calls counts the successful Run calls per key; hook, if set, runs at the start of
// every Run (to cancel or fail on cue).
func fakeJobs(acts []string, seeds, epochs int, calls *sync.Map, hook func(ctx context.Context, k Key) error) []Job {
	var jobs []Job
	for _, a := range acts {
		for s := 1; s <= seeds; s++ {
			k := Key{Experiment: "fake", Model: "mlp", Activation: a, Seed: s, LR: 0.01, Hidden: "2", Batch: 4, Opt: "adam", Epochs: epochs}
			jobs = append(jobs, Job{Key: k, Run: func(ctx context.Context, report Report) ([]Row, error) {
				if hook != nil {
					if err := hook(ctx, k); err != nil {
						return nil, err
					}
				}
				rng := rand.New(rand.NewPCG(k.RNGSeed(), uint64(len(k.Activation))))
				var rows []Row
				loss := 1.0
				for e := 1; e <= epochs; e++ {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
					loss *= 0.5 + 0.4*rng.Float64()
					rows = append(rows, Row{Epoch: e, Split: "train", Metric: "loss", Value: loss})
					report(e, epochs, loss)
				}
				rows = append(rows, Row{Epoch: epochs, Split: "test", Metric: "accuracy", Value: 1 - loss})
				if calls != nil {
					n, _ := calls.LoadOrStore(k.String(), new(int))
					*n.(*int)++ // one goroutine per key at a time: the runner never runs a key twice at once
				}
				return rows, nil
			}})
		}
	}
	return jobs
}

// countRuns reads runs.csv and returns the done rows per run key and the total rows per key.
func countRuns(t *testing.T, dir string) (done, rows map[string]int) {
	t.Helper()
	recs, dirty, err := ReadFile(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if dirty {
		t.Error("runs.csv left dirty (partial or duplicate runs)")
	}
	done, rows = map[string]int{}, map[string]int{}
	for _, r := range recs {
		rows[r.Key.String()]++
		if r.Metric == MetricDone {
			done[r.Key.String()]++
		}
	}
	return done, rows
}

// cancelAtStart is a job hook: the n-th job to start cancels the sweep (Ctrl-C) and then waits
// to be abandoned.
func cancelAtStart(n int, cancel context.CancelFunc) func(context.Context, Key) error {
	var mu sync.Mutex
	started := 0
	return func(c context.Context, k Key) error {
		mu.Lock()
		started++
		i := started
		mu.Unlock()
		if i == n {
			cancel()
			<-c.Done()
			return c.Err()
		}
		return nil
	}
}

func TestRunnerResumeAfterInterrupt(t *testing.T) {
	dir := t.TempDir()
	acts := []string{"tanh", "relu", "sigmoid"}
	const seeds, epochs = 4, 5
	var calls sync.Map
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	jobs := fakeJobs(acts, seeds, epochs, &calls, cancelAtStart(6, cancel))
	_, st, err := Run(ctx, jobs, Options{Dir: dir, Workers: 2, Label: "fake"})
	if err == nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "rerun the same command") {
		t.Fatalf("interrupted sweep: err = %v, want an interrupted error wrapping context.Canceled", err)
	}
	if st.Done == 0 || st.Done >= len(jobs) {
		t.Fatalf("interrupted sweep finished %d of %d runs; want some but not all", st.Done, len(jobs))
	}
	done1, _ := countRuns(t, dir)
	if len(done1) != st.Done {
		t.Errorf("runs.csv holds %d complete runs, runner says %d", len(done1), st.Done)
	}

	// Resume: only the missing runs are run, and afterwards every run is in the file exactly once.
	recs, st2, err := Run(context.Background(), fakeJobs(acts, seeds, epochs, &calls, nil), Options{Dir: dir, Workers: 3, Label: "fake"})
	if err != nil {
		t.Fatal(err)
	}
	if st2.Skipped != st.Done || st2.Done != len(jobs)-st.Done {
		t.Errorf("resume: skipped %d, ran %d; want %d and %d", st2.Skipped, st2.Done, st.Done, len(jobs)-st.Done)
	}
	done, rows := countRuns(t, dir)
	for _, j := range jobs {
		k := j.Key.String()
		n, _ := calls.Load(k)
		if done[k] != 1 || n == nil || *n.(*int) != 1 {
			t.Errorf("run %s: %d done rows in runs.csv, finished %v times; want 1 and 1", k, done[k], n)
		}
		// epochs loss rows + accuracy + wall_seconds + seconds_per_epoch + done
		if want := epochs + 4; rows[k] != want {
			t.Errorf("run %s: %d rows, want %d", k, rows[k], want)
		}
	}
	if len(done) != len(jobs) {
		t.Errorf("%d runs in runs.csv, want %d", len(done), len(jobs))
	}
	if got := len(recs); got != len(jobs)*(epochs+4) {
		t.Errorf("Run returned %d records, want %d", got, len(jobs)*(epochs+4))
	}

	// A third invocation runs nothing.
	_, st3, err := Run(context.Background(), fakeJobs(acts, seeds, epochs, &calls, nil), Options{Dir: dir, Workers: 2})
	if err != nil || st3.Done != 0 || st3.Skipped != len(jobs) {
		t.Errorf("third run: %+v, %v; want everything skipped", st3, err)
	}
}

// A process killed mid-write leaves a run's rows without its done row and a truncated last line:
// the next invocation drops both and redoes that run, once.
func TestRunnerResumeAfterKill(t *testing.T) {
	dir := t.TempDir()
	jobs := fakeJobs([]string{"tanh", "relu"}, 2, 3, nil, nil)
	if _, _, err := Run(context.Background(), jobs[:3], Options{Dir: dir, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "runs.csv")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	k := jobs[3].Key
	for _, r := range []Row{{Epoch: 1, Split: "train", Metric: "loss", Value: 0.5}, {Epoch: 2, Split: "train", Metric: "loss", Value: 0.25}} {
		fmt.Fprintln(f, strings.Join(Record{k, r}.CSV(), ","))
	}
	fmt.Fprint(f, strings.Join(Record{k, Row{Epoch: 3, Split: "train", Metric: "loss", Value: 0.125}}.CSV(), ",")[:20])
	f.Close()

	var calls sync.Map
	_, st, err := Run(context.Background(), fakeJobs([]string{"tanh", "relu"}, 2, 3, &calls, nil), Options{Dir: dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != 3 || st.Done != 1 {
		t.Errorf("after kill: %+v, want 3 skipped and 1 run", st)
	}
	done, rows := countRuns(t, dir)
	if done[k.String()] != 1 || rows[k.String()] != 3+4 {
		t.Errorf("killed run: %d done rows and %d rows, want 1 and 7 (its partial rows dropped)", done[k.String()], rows[k.String()])
	}
}

func TestRunnerDeterministicAcrossWorkers(t *testing.T) {
	vals := func(workers int) map[string]float64 {
		dir := t.TempDir()
		recs, _, err := Run(context.Background(), fakeJobs([]string{"tanh", "relu"}, 3, 4, nil, nil), Options{Dir: dir, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]float64{}
		for _, r := range recs {
			if r.Metric != MetricWallSeconds && r.Metric != MetricSecondsPerEpoch {
				m[fmt.Sprint(r.Key, r.Epoch, r.Split, r.Metric)] = r.Value
			}
		}
		return m
	}
	a, b := vals(1), vals(4)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d and %d values", len(a), len(b))
	}
	for k, v := range a {
		if b[k] != v {
			t.Errorf("%s: %v with 1 worker, %v with 4", k, v, b[k])
		}
	}
}

func TestRunnerFailuresAndPanics(t *testing.T) {
	dir := t.TempDir()
	hook := func(_ context.Context, k Key) error {
		switch {
		case k.Activation == "relu" && k.Seed == 1:
			return errors.New("loss is NaN")
		case k.Activation == "relu" && k.Seed == 2:
			panic("index out of range")
		}
		return nil
	}
	_, st, err := Run(context.Background(), fakeJobs([]string{"tanh", "relu"}, 3, 2, nil, hook), Options{Dir: dir, Workers: 2})
	if err == nil || !strings.Contains(err.Error(), "loss is NaN") || !strings.Contains(err.Error(), "panic: index out of range") {
		t.Errorf("err = %v, want both failures named", err)
	}
	if st.Failed != 2 || st.Done != 4 {
		t.Errorf("stats %+v, want 2 failed and 4 done", st)
	}
	// The failed runs are not written, so a rerun retries them (and only them).
	_, st, err = Run(context.Background(), fakeJobs([]string{"tanh", "relu"}, 3, 2, nil, nil), Options{Dir: dir, Workers: 2})
	if err != nil || st.Done != 2 || st.Skipped != 4 {
		t.Errorf("retry: %+v, %v", st, err)
	}
}

func TestRunnerBadInput(t *testing.T) {
	jobs := fakeJobs([]string{"tanh"}, 2, 1, nil, nil)
	for _, tc := range []struct {
		name string
		jobs []Job
		o    Options
		want string
	}{
		{"workers", jobs, Options{Dir: t.TempDir(), Workers: 0}, "workers"},
		{"duplicate", append(jobs, jobs[0]), Options{Dir: t.TempDir(), Workers: 1}, "same key"},
		{"newline", []Job{{Key: Key{Activation: "a\nb"}, Run: jobs[0].Run}}, Options{Dir: t.TempDir(), Workers: 1}, "line break"},
		{"nan lr", []Job{{Key: Key{LR: math.NaN()}, Run: jobs[0].Run}}, Options{Dir: t.TempDir(), Workers: 1}, "learning rate"},
		{"no run", []Job{{Key: Key{Activation: "x"}}}, Options{Dir: t.TempDir(), Workers: 1}, "no Run"},
	} {
		if _, _, err := Run(context.Background(), tc.jobs, tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}
