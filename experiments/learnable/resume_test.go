package learnable

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/experiments/internal/testutil"
)

// An interrupted run resumes: the rerun skips the saved runs, every run is in runs.csv once, and
// the results (learned parameters included) equal an uninterrupted run's, as do the tables.
func TestLearnableResumeAfterInterrupt(t *testing.T) {
	args := []string{"-acts", "quench-mf,quench-tanh", "-seeds", "0", "-xor-seeds", "4", "-xor-epochs", "60", "-workers", "1"}
	fresh := t.TempDir()
	if _, _, err := testutil.RunCommand(context.Background(), runCommand, append(args, "-out", fresh)...); err != nil {
		t.Fatal(err)
	}
	freshRecs, freshDone := testutil.ReadRuns(t, fresh)

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := testutil.CancelAfterFirstRun(dir, cancel)
	_, _, err := testutil.RunCommand(ctx, runCommand, append(args, "-out", dir)...)
	stop()
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("interrupted run: err = %v, want an interruption error", err)
	}
	if _, partial := testutil.ReadRuns(t, dir); len(partial) == 0 || len(partial) >= len(freshDone) {
		t.Fatalf("after the interrupt %d of %d runs are saved; want some but not all", len(partial), len(freshDone))
	}
	_, stderr, err := testutil.RunCommand(context.Background(), runCommand, append(args, "-out", dir)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "already in") {
		t.Errorf("the rerun did not report skipping the saved runs; stderr:\n%s", stderr)
	}
	recs, done := testutil.ReadRuns(t, dir)
	for k, n := range done {
		if n != 1 {
			t.Errorf("run %s is in runs.csv %d times", k, n)
		}
	}
	if a, b := testutil.ResultRows(recs), testutil.ResultRows(freshRecs); len(done) != len(freshDone) || !slices.Equal(a, b) {
		t.Errorf("resumed: %d runs, %d rows; uninterrupted: %d runs, %d rows", len(done), len(a), len(freshDone), len(b))
	}
	for _, f := range []string{"summary.csv", "params.csv"} {
		x, _ := os.ReadFile(filepath.Join(dir, f))
		y, _ := os.ReadFile(filepath.Join(fresh, f))
		if len(x) == 0 || string(x) != string(y) {
			t.Errorf("%s of the resumed run differs from the uninterrupted one's", f)
		}
	}
}
