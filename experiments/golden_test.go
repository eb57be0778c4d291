package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from this run")

// The golden tests pin the tables of a tiny xor and mnist -subset run to committed files, so that
// moving code cannot change a result. Everything is compared except the wall-clock columns
// (seconds_per_epoch in summary.csv, s/epoch in summary.md) and the provenance lines (command,
// machine, start time). The runs are deterministic for their seeds; a change of the numerics
// underneath (nn's kernels) is a reason to regenerate them, with
//
//	go test ./experiments -run Golden -update
//
// and to say so in the commit.
type goldenRun struct {
	name string
	args []string
}

// goldenRuns are the golden commands.
var goldenRuns = []goldenRun{
	{"xor", []string{"xor", "-acts", "tanh,relu", "-seeds", "3", "-epochs", "200", "-noisy-epochs", "5", "-workers", "2"}},
	{"mnist", []string{"mnist", "-acts", "relu,tanh", "-subset", "300", "-hidden", "8", "-seeds", "2", "-epochs", "2",
		"-lr", "0.001,0.01", "-sweep-epochs", "1", "-sweep-seeds", "1", "-workers", "2"}},
	{"criticality", []string{"criticality", "-phase-acts", "tanh,relu", "-grid-w", "6", "-grid-b", "4", "-curve-b", "3", "-acts", "tanh,relu",
		"-depths", "2,3", "-width", "8", "-steps", "4", "-subset", "64", "-eval", "64", "-batch", "16", "-sw-points", "2",
		"-cmp-depths", "2", "-seeds", "2", "-grid-seeds", "2", "-workers", "2"}},
}

func TestGoldenSummaries(t *testing.T) {
	for _, g := range goldenRuns {
		t.Run(g.name, func(t *testing.T) {
			dir := t.TempDir()
			var out, errOut bytes.Buffer
			if err := run(context.Background(), &out, &errOut, append(g.args, "-out", dir)); err != nil {
				t.Fatalf("%v: %v\n%s", g.args, err, errOut.String())
			}
			csvGot := goldenCSV(t, filepath.Join(dir, "summary.csv"))
			mdGot := goldenMarkdown(t, filepath.Join(dir, "summary.md"))
			checkGolden(t, filepath.Join("testdata", "golden", g.name+"_summary.csv"), csvGot)
			checkGolden(t, filepath.Join("testdata", "golden", g.name+"_summary.md"), mdGot)
			if g.name == "criticality" {
				for _, f := range []string{"trainability.csv", "eoc_table.csv"} {
					b, err := os.ReadFile(filepath.Join(dir, f))
					if err != nil {
						t.Fatal(err)
					}
					checkGolden(t, filepath.Join("testdata", "golden", g.name+"_"+f), string(b))
				}
			}
		})
	}
}

// checkGolden compares got with the file at path, or writes it there with -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs from this run:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// goldenCSV reads summary.csv and returns it without its seconds_per_epoch column.
func goldenCSV(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := csv.NewReader(f).ReadAll()
	if err != nil || len(lines) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	drop := -1
	for i, c := range lines[0] {
		if c == "seconds_per_epoch" {
			drop = i
		}
	}
	if drop < 0 {
		t.Fatalf("%s has no seconds_per_epoch column: %v", path, lines[0])
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, l := range lines {
		w.Write(append(l[:drop:drop], l[drop+1:]...))
	}
	w.Flush()
	return b.String()
}

// goldenMarkdown reads summary.md and returns it without the provenance lines and with the
// s/epoch cells (the last column of the tables that have one) blanked.
func goldenMarkdown(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	timed := false
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "Command:"), strings.HasPrefix(l, "Machine:"), strings.HasPrefix(l, "Started:"):
			continue
		case !strings.HasPrefix(l, "|"):
			timed = false
		case strings.HasSuffix(l, "| s/epoch |"):
			timed = true
		case timed && !strings.HasPrefix(l, "| ---"):
			cells := strings.Split(strings.TrimSuffix(l, " |"), " | ")
			cells[len(cells)-1] = "·"
			l = strings.Join(cells, " | ") + " |"
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}
