// Package testutil holds the helpers the experiments' tests share: running a command as the CLI
// does, reading runs.csv back with its done rows, and interrupting a sweep on cue.
package testutil

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/isingact/isingact/experiments/sweep"
)

// RunCommand runs a command function with args and returns its stdout, stderr and error.
func RunCommand(ctx context.Context, f func(context.Context, io.Writer, io.Writer, []string) error, args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := f(ctx, &out, &errOut, args)
	return out.String(), errOut.String(), err
}

// CancelAfterFirstRun cancels ctx as soon as <dir>/runs.csv holds a finished run (a done row).
func CancelAfterFirstRun(dir string, cancel context.CancelFunc) (stop func()) {
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				if b, err := os.ReadFile(filepath.Join(dir, "runs.csv")); err == nil && bytes.Contains(b, []byte(","+sweep.MetricDone+",")) {
					cancel()
					return
				}
			}
		}
	}()
	return func() { close(quit) }
}

// ReadRuns checks runs.csv's header and returns its records with, per run, how many done rows
// it has.
func ReadRuns(t *testing.T, dir string) ([]sweep.Record, map[sweep.Key]int) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"experiment", "model", "activation", "seed", "epoch", "split", "metric", "value", "lr", "hidden", "batch", "opt", "epochs", "variant"}
	if len(lines) == 0 || !slices.Equal(lines[0], want) {
		t.Fatalf("runs.csv header %v, want %v", lines[0], want)
	}
	var recs []sweep.Record
	done := map[sweep.Key]int{}
	for i, l := range lines[1:] {
		r, err := sweep.ParseRecord(l)
		if err != nil {
			t.Fatalf("runs.csv line %d: %v", i+2, err)
		}
		recs = append(recs, r)
		if r.Metric == sweep.MetricDone {
			done[r.Key]++
		}
	}
	return recs, done
}

// ResultRows are the rows of the records that a rerun must reproduce exactly: everything but the
// wall-clock times, as sorted "key|epoch|split|metric|value" strings.
func ResultRows(recs []sweep.Record) []string {
	var out []string
	for _, r := range recs {
		if r.Metric == sweep.MetricWallSeconds || r.Metric == sweep.MetricSecondsPerEpoch {
			continue
		}
		out = append(out, strings.Join(r.CSV(), "|"))
	}
	slices.Sort(out)
	return out
}
