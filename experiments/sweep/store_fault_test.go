package sweep

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStaleTempsRemoved is issue 11's case 5: the temporary files that a kill -9 during the
// start-up rewrite leaves (".runs.csv-<digits>") are removed by the next open; files that only
// look similar are kept.
func TestStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	stale := []string{".runs.csv-123456", ".runs.csv-9"}
	kept := []string{".runs.csv-abc", ".summary.md-123", "runs.csv-1", ".runs.csv-"}
	for _, n := range append(append([]string{}, stale...), kept...) {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("stale %s not removed", n)
		}
	}
	for _, n := range kept {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s removed: %v", n, err)
		}
	}
}

// TestIncompleteRunNamedAndRetrained is issue 11's case 7 through Run: a run whose metric rows
// were deleted (its done row kept) is named on the progress output, dropped and trained again,
// so n does not silently drop.
func TestIncompleteRunNamedAndRetrained(t *testing.T) {
	dir := t.TempDir()
	jobs := fakeJobs([]string{"tanh"}, 2, 3, nil, nil)
	if _, _, err := Run(context.Background(), jobs, Options{Dir: dir, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, RunsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	victim := jobs[0].Key
	var kept []string
	for _, l := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(l, strings.Join(Record{victim, Row{}}.CSV()[:4], ",")+",") && strings.Contains(l, ",loss,") {
			continue // delete the victim's loss rows, keep its done row
		}
		kept = append(kept, l)
	}
	if err := os.WriteFile(path, []byte(strings.Join(kept, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	_, st, err := Run(context.Background(), jobs, Options{Dir: dir, Workers: 1, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if st.Done != 1 || st.Skipped != 1 {
		t.Errorf("stats %+v, want the damaged run trained again and the other skipped", st)
	}
	if msg := progress.String(); !strings.Contains(msg, "run "+victim.String()+" is incomplete: its done row counts 7 rows but only 4 rows are present (3 missing)") {
		t.Errorf("progress does not name the incomplete run:\n%s", msg)
	}
	done, rows := countRuns(t, dir)
	if done[victim.String()] != 1 || rows[victim.String()] != 7 {
		t.Errorf("retrained run: %d done rows, %d rows; want 1 and 7", done[victim.String()], rows[victim.String()])
	}
}

// TestRunsFileNotRegular is issue 11's case 9 for runs.csv: a FIFO or a symlink to /dev/zero in
// its place is refused at once with one line, neither hanging nor reading without end.
func TestRunsFileNotRegular(t *testing.T) {
	for _, tc := range []struct {
		name, kind string
		make       func(path string) error
	}{
		{"fifo", "named pipe", func(p string) error { return syscall.Mkfifo(p, 0o600) }},
		{"symlink to /dev/zero", "character device", func(p string) error { return os.Symlink("/dev/zero", p) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, RunsFile)
			if err := tc.make(path); err != nil {
				t.Skipf("cannot make a %s here: %v", tc.name, err)
			}
			done := make(chan error, 1)
			go func() { _, err := Open(dir); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Open did not return within 5 s")
			}
			if err == nil || !strings.Contains(err.Error(), tc.kind) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Open = %v, want one line naming a %s", err, tc.kind)
			}
		})
	}
}

// TestWorkersOutOfRange is issue 11's case 3 at the library: absurd worker counts are one-line
// errors before anything is allocated (they were a makechan panic and a 48 GB allocation), and
// a large but valid count starts no more workers than there are jobs.
func TestWorkersOutOfRange(t *testing.T) {
	for _, w := range []int{math.MaxInt, 1_000_000_000, MaxWorkers + 1, 0, -1} {
		_, _, err := Run(context.Background(), fakeJobs([]string{"tanh"}, 1, 1, nil, nil), Options{Dir: t.TempDir(), Workers: w})
		if err == nil || !strings.Contains(err.Error(), "want 1 … 4096") {
			t.Errorf("workers %d: %v", w, err)
		}
	}
	before := runtime.NumGoroutine()
	peak := 0
	hook := func(ctx context.Context, k Key) error { peak = max(peak, runtime.NumGoroutine()-before); return nil }
	if _, _, err := Run(context.Background(), fakeJobs([]string{"tanh"}, 2, 1, nil, hook), Options{Dir: t.TempDir(), Workers: MaxWorkers}); err != nil {
		t.Fatal(err)
	}
	if peak > 10 {
		t.Errorf("%d goroutines for 2 jobs with %d workers: the workers are not capped at the jobs", peak, MaxWorkers)
	}
}

// TestCommittedResultsLoadComplete: the runs files committed under results/, written before the
// done row counted the rows (done = 1), still read as complete and clean — every done row's run
// kept — so the change of format retrains nothing.
func TestCommittedResultsLoadComplete(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "results", "*", RunsFile))
	if len(paths) == 0 {
		t.Skip("no committed results here")
	}
	for _, p := range paths {
		c, err := Scan(p)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, r := range c.Records {
			if r.Metric == MetricDone {
				done++
			}
		}
		if want := bytes.Count(raw, []byte(",done,")); c.Dirty || done != want || len(c.Problems) > 0 {
			t.Errorf("%s: %d complete runs of %d, dirty %v, problems %q", p, done, want, c.Dirty, c.Problems)
		}
	}
}

// TestInterruptedAttemptRowsDropped: rows of an interrupted attempt at a run, followed by a
// complete copy of it (done counting 2 rows), are dropped; the complete copy's rows are kept
// and the drop is reported.
func TestInterruptedAttemptRowsDropped(t *testing.T) {
	head := strings.Join(Columns(), ",") + "\n"
	val := func(v string) string { return "x,m,tanh,1,5,test,accuracy," + v + ",0.1,2,4,sgd,5,\n" }
	path := filepath.Join(t.TempDir(), RunsFile)
	if err := os.WriteFile(path, []byte(head+val("0.5")+val("0.9")+"x,m,tanh,1,0,,done,2,0.1,2,4,sgd,5,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Scan(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Records) != 2 || c.Records[0].Value != 0.9 || !c.Dirty || len(c.Problems) != 1 || !strings.Contains(c.Problems[0], "1 row of an interrupted attempt") {
		t.Errorf("Scan = %+v", c)
	}
}
