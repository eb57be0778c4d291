package sweep

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestShardNames(t *testing.T) {
	for _, c := range []struct {
		s    Shard
		file string
		str  string
	}{
		{Shard{}, "runs.csv", ""},
		{Shard{Index: 0, Count: 1}, "runs-0-of-1.csv", "0/1"},
		{Shard{Index: 2, Count: 3}, "runs-2-of-3.csv", "2/3"},
		{Shard{Index: 11, Count: 12}, "runs-11-of-12.csv", "11/12"},
	} {
		if got := c.s.RunsFile(); got != c.file {
			t.Errorf("%+v: runs file %q, want %q", c.s, got, c.file)
		}
		if got := c.s.String(); got != c.str {
			t.Errorf("%+v: %q, want %q", c.s, got, c.str)
		}
		back, ok := ShardOfFile(c.file)
		if ok != c.s.Sharded() || (ok && back != c.s) {
			t.Errorf("ShardOfFile(%q) = %+v, %v", c.file, back, ok)
		}
	}
	for _, name := range []string{"runs-3-of-3.csv", "runs-01-of-3.csv", "runs-0-of-0.csv", "runs-1-of-3.csv.tmp", "xruns-0-of-2.csv"} {
		if s, ok := ShardOfFile(name); ok {
			t.Errorf("ShardOfFile(%q) = %+v, want no shard", name, s)
		}
	}
	for _, s := range []Shard{{Index: 3, Count: 3}, {Index: -1, Count: 2}, {Index: 1, Count: 0}} {
		if s.Validate() == nil {
			t.Errorf("%+v validates", s)
		}
	}
}

// TestShardHas: the shards of n partition the job indices, job j going to shard j mod n.
func TestShardHas(t *testing.T) {
	for n := 1; n <= 5; n++ {
		for j := range 23 {
			owners := 0
			for i := range n {
				if (Shard{Index: i, Count: n}).Has(j) {
					owners++
					if i != j%n || Of(j, n) != (Shard{Index: i, Count: n}) {
						t.Errorf("job %d in shard %d/%d", j, i, n)
					}
				}
			}
			if owners != 1 || !(Shard{}).Has(j) {
				t.Errorf("job %d of %d shards: %d owners", j, n, owners)
			}
		}
	}
}

func TestRunsFilesOrder(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"runs-1-of-2.csv", "runs-10-of-12.csv", "runs-0-of-2.csv", "runs.csv", "runs-2-of-12.csv", "summary.csv", "runs-5-of-3.csv"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := RunsFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got {
		names = append(names, filepath.Base(f))
	}
	want := []string{"runs.csv", "runs-0-of-2.csv", "runs-1-of-2.csv", "runs-2-of-12.csv", "runs-10-of-12.csv"}
	if !slices.Equal(names, want) {
		t.Errorf("RunsFiles = %q, want %q", names, want)
	}
	if f, err := RunsFiles(filepath.Join(dir, "none")); err != nil || f != nil {
		t.Errorf("missing folder: %v, %v", f, err)
	}
}

// TestRunSharded: three shards of a sweep write only their jobs (j ≡ i mod 3) to their own files;
// together they hold every run once, with the rows an unsharded run writes; a run already in
// another runs file of the folder is not trained again.
func TestRunSharded(t *testing.T) {
	jobs := fakeJobs([]string{"tanh", "relu"}, 5, 3, nil, nil)
	dir, udir := t.TempDir(), t.TempDir()
	var calls sync.Map
	counted := fakeJobs([]string{"tanh", "relu"}, 5, 3, &calls, nil)
	for i := range 3 {
		sh := Shard{Index: i, Count: 3}
		recs, st, err := Run(context.Background(), counted, Options{Dir: dir, Workers: 2, Shard: sh})
		if err != nil {
			t.Fatal(err)
		}
		want := (len(jobs) - i + 2) / 3
		if st.Total != want || st.Done != want || countDone(recs) != want {
			t.Errorf("shard %s: stats %+v, %d runs returned, want %d", sh, st, countDone(recs), want)
		}
		in, _, err := ReadFile(filepath.Join(dir, sh.RunsFile()))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range in {
			if j := slices.Index(Keys(jobs), r.Key); j%3 != i {
				t.Errorf("shard %s's file holds job %d", sh, j)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, RunsFile)); err == nil {
		t.Error("a shard wrote runs.csv")
	}
	// Unsharded in the same folder: every run is found in the shards' files.
	recs, st, err := Run(context.Background(), counted, Options{Dir: dir, Workers: 1})
	if err != nil || st.Done != 0 || st.Skipped != len(jobs) || countDone(recs) != len(jobs) {
		t.Errorf("unsharded rerun over the shards: %+v, %d runs, %v", st, countDone(recs), err)
	}
	calls.Range(func(k, n any) bool {
		if *n.(*int) != 1 {
			t.Errorf("run %s trained %d times", k, *n.(*int))
		}
		return true
	})
	merged, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := Run(context.Background(), jobs, Options{Dir: udir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := resultRows(merged), resultRows(want); len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("merged shards: %d rows, unsharded %d; they differ", len(got), len(want))
	}
	if miss := Missing(Keys(jobs), merged[:len(merged)/2]); len(miss) == 0 || len(Missing(Keys(jobs), merged)) != 0 {
		t.Errorf("Missing: %v of half the records", miss)
	}
}

func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadManifest(dir); err == nil {
		t.Error("no sweep.json: no error")
	}
	flags := []string{"-acts=tanh;relu", "-quick=true"}
	if err := WriteManifest(dir, "xor", flags); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil || m.Experiment != "xor" || !slices.Equal(m.Flags, flags) || m.Format != 1 {
		t.Errorf("read back %+v, %v", m, err)
	}
	os.WriteFile(filepath.Join(dir, ManifestFile), []byte(`{"format": 2, "experiment": "xor", "flags": []}`), 0o644)
	if _, err := ReadManifest(dir); err == nil {
		t.Error("format 2 accepted")
	}
}

// countDone counts the complete runs of records.
func countDone(recs []Record) int {
	n := 0
	for _, r := range recs {
		if r.Metric == MetricDone {
			n++
		}
	}
	return n
}

// resultRows are the records without the wall-clock rows, sorted, as CSV lines.
func resultRows(recs []Record) []string {
	var out []string
	for _, r := range recs {
		if r.Metric != MetricWallSeconds && r.Metric != MetricSecondsPerEpoch {
			out = append(out, strings.Join(r.CSV(), "|"))
		}
	}
	slices.Sort(out)
	return out
}
