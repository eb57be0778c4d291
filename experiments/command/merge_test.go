package command

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/isingact/isingact/experiments/sweep"
)

// TestReportErrors: the report command's one-line errors for a folder it cannot merge.
func TestReportErrors(t *testing.T) {
	fake := Command{Name: "fake", Merge: func([]string, []sweep.Record) (Plan, error) {
		return Plan{Write: func(context.Context, sweep.Options, []sweep.Record) error { return nil }}, nil
	}}
	cmd := ReportCommand(fake)
	withRuns := func(t *testing.T, experiments ...string) string {
		dir := t.TempDir()
		var jobs []sweep.Job // job i is experiment i's run, and shard i's
		for _, e := range experiments {
			k := sweep.Key{Experiment: e, Model: "mlp", Activation: "tanh", Seed: 1, Batch: 1, Opt: "adam", Epochs: 1}
			jobs = append(jobs, sweep.Job{Key: k, Run: func(context.Context, sweep.Report) ([]sweep.Row, error) { return nil, nil }})
		}
		for i := range experiments {
			o := sweep.Options{Dir: dir, Workers: 1, Shard: sweep.Shard{Index: i, Count: len(experiments)}}
			if _, _, err := sweep.Run(context.Background(), jobs, o); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	manifest := func(t *testing.T, dir, exp string) string {
		if err := sweep.WriteManifest(dir, exp, nil); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	for _, c := range []struct {
		name string
		dir  func(t *testing.T) string
		want string
	}{
		{"no -out", func(*testing.T) string { return "" }, "-out is required"},
		{"no sweep.json", func(t *testing.T) string { return t.TempDir() }, "sweep.json is missing"},
		{"bad sweep.json", func(t *testing.T) string {
			d := t.TempDir()
			os.WriteFile(filepath.Join(d, sweep.ManifestFile), []byte("{"), 0o644)
			return d
		}, "sweep.json"},
		{"two experiments", func(t *testing.T) string { return manifest(t, withRuns(t, "fake", "xor"), "fake") }, "runs of several experiments (fake, xor)"},
		{"runs of another", func(t *testing.T) string { return manifest(t, withRuns(t, "xor"), "fake") }, "the runs are xor's but sweep.json names fake"},
		{"no such experiment", func(t *testing.T) string { return manifest(t, t.TempDir(), "figures") }, `experiment "figures", which has no sweep`},
	} {
		var out, errOut bytes.Buffer
		err := cmd.Run(context.Background(), &out, &errOut, []string{"-out", c.dir(t)})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "report: ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v, want one line mentioning %q", c.name, err, c.want)
		}
	}
}
