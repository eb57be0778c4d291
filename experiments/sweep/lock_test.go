package sweep

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The concurrency tests run real processes: the test binary re-executed with childEnv set
// becomes a command that holds dir's locks (Hold) and runs a small fake sweep into it.
const (
	childEnv  = "ISINGACT_SWEEP_TEST_CHILD" // the folder to run into
	seedsEnv  = "ISINGACT_SWEEP_TEST_SEEDS" // seeds per activation (default 2)
	waitEnv   = "ISINGACT_SWEEP_TEST_WAIT"  // "1": wait for the locks
	childName = "sweep-test-child"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		if err := childMain(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childMain is the child command: Hold, then Run fake jobs, then release.
func childMain(dir string) error {
	seeds, err := strconv.Atoi(os.Getenv(seedsEnv))
	if err != nil {
		seeds = 2
	}
	o := Options{Dir: dir, Workers: 2, Wait: os.Getenv(waitEnv) == "1", Command: childName + " " + strconv.Itoa(seeds)}
	o, release, err := Hold(context.Background(), o, "fake")
	if err != nil {
		return err
	}
	defer release()
	_, _, err = Run(context.Background(), fakeJobs([]string{"tanh", "relu"}, seeds, 3, nil, nil), o)
	return err
}

// child is the command that runs childMain into dir.
func child(t *testing.T, dir string, seeds int, wait bool) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	w := "0"
	if wait {
		w = "1"
	}
	cmd.Env = append(os.Environ(), childEnv+"="+dir, seedsEnv+"="+strconv.Itoa(seeds), waitEnv+"="+w)
	return cmd
}

// TestLockSecondCommand is issue 11's case 1 (two commands on one folder) with real processes:
// while this process holds the folder, a second command fails at once with one line naming the
// holder's pid and command line, and writes nothing; with wait it waits, then runs.
func TestLockSecondCommand(t *testing.T) {
	dir := t.TempDir()
	o, release, err := Hold(context.Background(), Options{Dir: dir, Command: "holder-command -out x"}, "fake")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := child(t, dir, 2, false).CombinedOutput()
	msg := strings.TrimSpace(string(out))
	want := fmt.Sprintf("in use by pid %d (holder-command -out x)", os.Getpid())
	if err == nil || !strings.Contains(msg, want) || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "sweep: ") {
		t.Errorf("second command: %v, output %q; want a one-line error containing %q", err, msg, want)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("second command took %v to fail", d)
	}
	if _, err := os.Stat(filepath.Join(dir, RunsFile)); err == nil {
		t.Error("the refused command created runs.csv")
	}
	// A library call in this process without the held locks is refused the same way.
	if _, _, err := Run(context.Background(), fakeJobs([]string{"tanh"}, 1, 1, nil, nil), Options{Dir: dir, Workers: 1}); err == nil || !strings.Contains(err.Error(), "in use by pid") {
		t.Errorf("Run beside the held lock: %v", err)
	}
	// With the held locks, Run works.
	if _, _, err := Run(context.Background(), fakeJobs([]string{"tanh"}, 1, 3, nil, nil), withWorkers(o, 1)); err != nil {
		t.Fatal(err)
	}
	waiter := child(t, dir, 2, true)
	var stderr bytes.Buffer
	waiter.Stderr = &stderr
	if err := waiter.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	release()
	if err := waiter.Wait(); err != nil {
		t.Fatalf("waiting command: %v\n%s", err, stderr.String())
	}
	done, _ := countRuns(t, dir)
	if len(done) != 4 {
		t.Errorf("%d runs after the waiting command, want 4 (tanh seed 1 from here, the rest from it): %v", len(done), done)
	}
}

func withWorkers(o Options, n int) Options {
	o.Workers = n
	return o
}

// TestLockOwner is issue 11's case 8: a folder last used by one experiment refuses another,
// whose summaries would overwrite its own.
func TestLockOwner(t *testing.T) {
	dir := t.TempDir()
	_, release, err := Hold(context.Background(), Options{Dir: dir, Command: "xor -out d"}, "xor")
	if err != nil {
		t.Fatal(err)
	}
	release()
	if _, release, err = Hold(context.Background(), Options{Dir: dir}, "xor"); err != nil {
		t.Fatalf("the same experiment again: %v", err)
	}
	release()
	_, _, err = Hold(context.Background(), Options{Dir: dir}, "mnist")
	if err == nil || !strings.Contains(err.Error(), "holds the outputs of xor") || !strings.Contains(err.Error(), "choose another -out") {
		t.Errorf("mnist into xor's folder: %v", err)
	}
	// The refusal left the folder xor's.
	if _, release, err = Hold(context.Background(), Options{Dir: dir}, "xor"); err != nil {
		t.Errorf("xor after the refused mnist: %v", err)
	} else {
		release()
	}
}

// TestAppendToReplacedFile is issue 11's case 2 at the store: a runs.csv renamed over (by a
// program that ignores the lock) while a Store appends to it stops the Store with an error,
// instead of appending runs to the unlinked file and reporting them saved.
func TestAppendToReplacedFile(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k := Key{Experiment: "x", Model: "m", Activation: "tanh", Seed: 1}
	if err := s.Append(k, []Row{{Metric: "m", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.csv")
	if err := os.WriteFile(other, []byte(strings.Join(Columns(), ",")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, s.Path()); err != nil {
		t.Fatal(err)
	}
	k.Seed = 2
	err = s.Append(k, []Row{{Metric: "m", Value: 1}})
	if err == nil || !strings.Contains(err.Error(), "was replaced or removed") {
		t.Errorf("append after the file was replaced: %v", err)
	}
	if err := os.Remove(s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(k, []Row{{Metric: "m", Value: 1}}); err == nil {
		t.Error("append after the file was removed: no error")
	}
}

// TestStoreStress runs, for about three seconds, rounds of four processes at once on one folder,
// each round asking for more seeds than the last (so the four race to add the same new runs);
// half of them wait for the lock and half fail at once when it is taken. At the end the file
// holds exactly one complete copy of every run and reads back clean.
func TestStoreStress(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test")
	}
	dir := t.TempDir()
	deadline := time.Now().Add(3 * time.Second)
	seeds := 0
	for round := 0; round == 0 || time.Now().Before(deadline); round++ {
		seeds = round + 1
		var wg sync.WaitGroup
		errs := make([]string, 4)
		for i := range 4 {
			wg.Go(func() {
				out, err := child(t, dir, seeds, i%2 == 0).CombinedOutput()
				if err != nil && (i%2 == 0 || !strings.Contains(string(out), "is in use by")) {
					errs[i] = fmt.Sprintf("round %d, process %d: %v: %s", round, i, err, out)
				}
			})
		}
		wg.Wait()
		for _, e := range errs {
			if e != "" {
				t.Fatal(e)
			}
		}
	}
	done, rows := countRuns(t, dir) // fails on a dirty file
	if len(done) != 2*seeds {
		t.Errorf("%d runs, want %d", len(done), 2*seeds)
	}
	for k, n := range done {
		if n != 1 || rows[k] != 3+1+2+1 { // 3 losses, accuracy, wall_seconds, seconds_per_epoch, done
			t.Errorf("run %s: %d done rows, %d rows; want 1 and 7", k, n, rows[k])
		}
	}
	t.Logf("%d rounds of 4 processes", seeds)
}
