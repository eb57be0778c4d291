package sweep

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunsCSVSchema(t *testing.T) {
	dir := t.TempDir()
	rf, err := Open(dir)
	if err != nil || len(rf.Records()) != 0 {
		t.Fatal(err)
	}
	k := Key{Experiment: "mnist", Model: "mlp", Activation: "population:of=quench-mf,sigma=0.5", Seed: 3, LR: 3e-4,
		Hidden: "512,256", Batch: 128, Opt: "adam", Epochs: 10, Settings: Settings{Init: "he"}}
	rows := []Row{
		{Epoch: 1, Split: "train", Metric: "loss", Value: 0.25},
		{Epoch: 10, Split: "test", Metric: "accuracy", Value: 0.9812},
		{Epoch: 10, Split: "val", Metric: "loss", Value: math.NaN()},
		{Epoch: 10, Split: "", Metric: "diverged", Value: math.Inf(1)},
	}
	if err := rf.Append(k, rows); err != nil {
		t.Fatal(err)
	}
	if err := rf.Append(k, rows); err == nil {
		t.Error("appending a finished run twice: no error")
	}
	if err := rf.Append(Key{Seed: 9}, []Row{{Metric: MetricDone}}); err == nil {
		t.Error("a job row named done: no error")
	}
	rf.Close()
	data, err := os.ReadFile(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	// The header is the tidy columns, then the config columns, written once.
	const header = "experiment,model,activation,seed,epoch,split,metric,value,lr,hidden,batch,opt,epochs,variant"
	if lines[0] != header {
		t.Errorf("header %q, want %q", lines[0], header)
	}
	if len(lines) != 1+len(rows)+1 {
		t.Fatalf("%d lines, want header + %d rows + done", len(lines), len(rows))
	}
	if want := `mnist,mlp,"population:of=quench-mf,sigma=0.5",3,10,test,accuracy,0.9812,0.0003,"512,256",128,adam,10,init=he`; lines[2] != want {
		t.Errorf("row %q, want %q", lines[2], want)
	}
	if !strings.Contains(lines[5], ",0,,done,5,") {
		t.Errorf("last row %q is not the done marker counting the run's 5 rows", lines[5])
	}
	checkReopen(t, dir, k, rows)
}

// checkReopen reopens the store of TestRunsCSVSchema: a round trip, NaN and Inf included; a
// reopen appends without a second header.
func checkReopen(t *testing.T, dir string, k Key, rows []Row) {
	t.Helper()
	rf, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := rf.Records()
	if len(got) != len(rows)+1 || got[0].Key != k || !math.IsNaN(got[2].Value) || !math.IsInf(got[3].Value, 1) || got[1].Value != 0.9812 {
		t.Errorf("read back %+v", got)
	}
	if !rf.Done(k) {
		t.Error("reopened file does not know the run is done")
	}
	k2 := k
	k2.Seed = 4
	if err := rf.Append(k2, rows[:1]); err != nil {
		t.Fatal(err)
	}
	rf.Close()
	data, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
	if n := strings.Count(string(data), "experiment,model"); n != 1 {
		t.Errorf("header written %d times", n)
	}
}

// toleranceCase is a runs.csv content and what ReadFile must make of it.
type toleranceCase struct {
	name     string
	content  string
	complete int // complete runs read
	records  int
	dirty    bool
	err      string
}

// toleranceCases are the runs.csv contents of TestRunsCSVTolerance.
func toleranceCases() []toleranceCase {
	head := strings.Join(Columns(), ",") + "\n"
	// done counts the run's rows: val's one and itself (Store.Append's form).
	done := func(seed string) string { return "x,m,tanh," + seed + ",0,,done,2,0.1,2,4,sgd,5,\n" }
	val := func(seed, v string) string { return "x,m,tanh," + seed + ",5,test,accuracy," + v + ",0.1,2,4,sgd,5,\n" }
	// Files written before the row count end a run with done = 1; the runner always wrote wall_seconds.
	oldDone := func(seed string) string { return "x,m,tanh," + seed + ",0,,done,1,0.1,2,4,sgd,5,\n" }
	wall := func(seed string) string { return "x,m,tanh," + seed + ",5,,wall_seconds,0.5,0.1,2,4,sgd,5,\n" }
	doneN := func(seed, n string) string { return "x,m,tanh," + seed + ",0,,done," + n + ",0.1,2,4,sgd,5,\n" }
	return []toleranceCase{
		{"empty file", "", 0, 0, false, ""},
		{"header only", head, 0, 0, false, ""},
		{"clean", head + val("1", "0.9") + done("1"), 1, 2, false, ""},
		{"truncated header", head[:10], 0, 0, true, ""},
		// The cut line "...accuracy,0.9" would parse as a wrong value if it were not dropped.
		{"truncated last line", head + val("1", "0.9") + done("1") + val("2", "0.95")[:40], 1, 2, true, ""},
		{"unfinished run", head + val("1", "0.9") + done("1") + val("2", "0.95"), 1, 2, true, ""},
		{"duplicate run", head + val("1", "0.9") + done("1") + val("1", "0.9") + done("1"), 1, 2, true, ""},
		{"other header", "a,b,c\n1,2,3\n", 0, 0, false, "header"},
		{"bad number", head + val("1", "zero") + done("1"), 0, 0, false, "line 2"},
		// Issue 11 case 6: blank lines are skipped by the reader but still count as lines.
		{"bad number after blank lines", head + val("1", "0.9") + "\n\n" + val("2", "zero"), 0, 0, false, "line 5:"},
		// Issue 11 case 7: a done row whose run lost rows is not complete.
		{"metric rows deleted", head + doneN("1", "3") + val("2", "0.9") + done("2"), 1, 2, true, ""},
		{"one of three rows left", head + val("1", "0.9") + doneN("1", "3") + val("2", "0.9") + done("2"), 1, 2, true, ""},
		{"rows of an interrupted attempt before a complete one", head + val("1", "0.5") + val("1", "0.9") + done("1"), 1, 2, true, ""},
		{"old file, complete", head + val("1", "0.9") + wall("1") + oldDone("1"), 1, 3, false, ""},
		{"old file, wall_seconds deleted", head + val("1", "0.9") + oldDone("1"), 0, 0, true, ""},
	}
}

func TestRunsCSVTolerance(t *testing.T) {
	for _, tc := range toleranceCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "runs.csv")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			recs, dirty, err := ReadFile(path)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range recs {
				if r.Metric == MetricDone {
					n++
				}
			}
			if n != tc.complete || len(recs) != tc.records || dirty != tc.dirty {
				t.Errorf("%d complete runs, %d records, dirty %v; want %d, %d, %v", n, len(recs), dirty, tc.complete, tc.records, tc.dirty)
			}
			checkCleaned(t, dir, tc.records)
		})
	}
}

func TestRunsCSVPermissions(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "runs.csv")
	os.WriteFile(path, []byte(strings.Join(Columns(), ",")+"\nx,m"), 0o644) // truncated: forces a rewrite
	rf, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rf.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("rewritten runs.csv mode %v, %v; want 0644", fi.Mode(), err)
	}
}

// checkCleaned opens the store in dir: opening cleans the file, so that afterwards it reads back
// clean with the same number of records.
func checkCleaned(t *testing.T, dir string, records int) {
	t.Helper()
	rf, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rf.Close()
	again, dirty, err := ReadFile(filepath.Join(dir, "runs.csv"))
	if err != nil || dirty || len(again) != records {
		t.Errorf("after Open: %d records, dirty %v, %v", len(again), dirty, err)
	}
}
