package mnist

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/testutil"
	"github.com/isingact/isingact/experiments/sweep"
)

// tinyMNIST are the flags of a test-sized mnist sweep: 2 activations, 600 images, a 16-unit MLP.
var tinyMNIST = []string{"-acts", "relu,tanh", "-subset", "600", "-hidden", "16", "-seeds", "2", "-epochs", "2",
	"-lr", "0.001,0.01", "-sweep-epochs", "1", "-sweep-seeds", "1", "-workers", "2"}

func TestMNISTTiny(t *testing.T) {
	dir := t.TempDir()
	stdout, _, err := testutil.RunCommand(context.Background(), runCommand, append(slices.Clone(tinyMNIST), "-out", dir)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"runs.csv", "summary.md", "summary.csv", "README.md",
		"mnist_val_curves_mlp_16.png", "mnist_val_curves_mlp_16.svg", "mnist_test_accuracy_mlp_16.png"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	for _, s := range []string{"Learning-rate sweep", "MNIST test accuracy after 2 epochs", "`relu`", "`tanh`", "baseline", "Diverged runs"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	recs, done := testutil.ReadRuns(t, dir)
	// Sweep: 2 activations × 2 rates × 1 seed; final: 2 activations × 2 seeds.
	if len(done) != 4+4 {
		t.Errorf("%d runs in runs.csv, want 8", len(done))
	}
	var sweepRecs []sweep.Record
	finalLR := map[string]float64{}
	for _, r := range recs {
		if r.Key.Variant() != "subset=600" {
			t.Errorf("run %s: variant %q", r.Key, r.Key.Variant())
		}
		if r.Key.Epochs == 1 { // the sweep's runs (-sweep-epochs 1)
			sweepRecs = append(sweepRecs, r)
			continue
		}
		finalLR[r.Key.Activation] = r.Key.LR
		if r.Metric == "accuracy" && r.Split == "test" && !(r.Value > 0.3 && r.Value <= 1) {
			t.Errorf("%s: test accuracy %v, want well above chance (0.1)", r.Key, r.Value)
		}
	}
	// The final runs use the rate the sweep's validation accuracy picks.
	cfg := Config{Training: command.Training{Acts: acts(t, "relu", "tanh"), LRs: []float64{0.001, 0.01}, Hidden: [][]int{{16}}}, Models: []string{"mlp"}}
	chosen := chooseLRs(cfg, sweepRecs)
	for _, act := range command.Specs(cfg.Acts) {
		if got, want := finalLR[act], chosen[group{"mlp", "16", act}]; got != want {
			t.Errorf("%s: final runs at lr %v, the sweep chose %v", act, got, want)
		}
	}
	// Every epoch of every run has its validation accuracy (the learning curves).
	val := map[sweep.Key]int{}
	for _, r := range recs {
		if r.Metric == "accuracy" && r.Split == "val" {
			val[r.Key]++
		}
	}
	for k := range done {
		if n, e := val[k], k.Epochs; n != e {
			t.Errorf("run %s: %d validation rows for %d epochs", k, n, e)
		}
	}
}

// TestMNISTSweepRunsReused: with the sweep as long as the training (the default), the sweep's
// run at the chosen rate is the final run of its seed, trained once.
func TestMNISTSweepRunsReused(t *testing.T) {
	dir := t.TempDir()
	stdout, _, err := testutil.RunCommand(context.Background(), runCommand, "-acts", "relu,tanh", "-subset", "400", "-hidden", "8",
		"-seeds", "2", "-epochs", "1", "-lr", "0.001,0.01", "-sweep-seeds", "1", "-workers", "2", "-out", dir)
	if err != nil {
		t.Fatal(err)
	}
	// Sweep: 2 activations × 2 rates, seed 1; final: seeds 1 and 2 at the chosen rate, seed 1 reused.
	_, done := testutil.ReadRuns(t, dir)
	if len(done) != 6 {
		t.Errorf("%d runs in runs.csv, want 6", len(done))
	}
	if !strings.Contains(stdout, "Runs: 6 (6 trained now, 0 already in runs.csv)") {
		t.Errorf("the summary miscounts the runs:\n%s", stdout)
	}
	// n = 2 per activation in the table: the reused sweep run and the new one.
	for _, act := range []string{"relu", "tanh"} {
		found := false
		for _, l := range strings.Split(stdout, "\n") {
			cells := strings.Split(l, "|")
			if strings.HasPrefix(l, "| `"+act+"` |") && len(cells) > 6 { // the summary's row, not the sweep table's
				found = true
				if strings.TrimSpace(cells[5]) != "2" {
					t.Errorf("%s: table row %q, want n = 2", act, l)
				}
			}
		}
		if !found {
			t.Errorf("no table row for %s", act)
		}
	}
}

func TestMNISTResumeAfterInterrupt(t *testing.T) {
	dir := t.TempDir()
	args := append(slices.Clone(tinyMNIST), "-workers", "1", "-out", dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := testutil.CancelAfterFirstRun(dir, cancel)
	_, _, err := testutil.RunCommand(ctx, runCommand, args...)
	stop()
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("interrupted run: err = %v, want an interruption error", err)
	}
	if _, partial := testutil.ReadRuns(t, dir); len(partial) == 0 || len(partial) >= 8 {
		t.Fatalf("after the interrupt %d of 8 runs are saved; want some but not all", len(partial))
	}
	if _, _, err := testutil.RunCommand(context.Background(), runCommand, args...); err != nil {
		t.Fatal(err)
	}
	_, done := testutil.ReadRuns(t, dir)
	if len(done) != 8 {
		t.Errorf("resumed: %d runs, want 8", len(done))
	}
	for k, n := range done {
		if n != 1 {
			t.Errorf("run %s is in runs.csv %d times", k, n)
		}
	}
}

func TestMNISTBadFlags(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-mnist-here")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-mnist-dir", missing}, missing},
		{[]string{"-acts", "relu,nosuch"}, "unknown activation"},
		{[]string{"-seeds", "0"}, "-seeds = 0"},
		{[]string{"-lr", "0.001,x"}, "-lr"},
		{[]string{"-lr", "-1"}, "-lr -1"},
		{[]string{"-subset", "-5"}, "-subset"},
		{[]string{"-sweep-seeds", "-1"}, "-sweep-seeds"},
		{[]string{"-sweep-epochs", "-1"}, "-sweep-epochs"},
		{[]string{"-model", "cnn"}, "-model"},
		{[]string{"-batch", "0"}, "-batch = 0"},
		{[]string{"-quick", "-full"}, "exclusive"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		// Tiny settings first (later flags win), so that a check that stops working fails fast
		// instead of training the full default sweep.
		args := append([]string{"-out", t.TempDir(), "-acts", "relu", "-subset", "64", "-hidden", "4", "-epochs", "1", "-seeds", "1", "-lr", "0.001"}, c.args...)
		_, _, err := testutil.RunCommand(context.Background(), runCommand, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("mnist %v: err = %v, want it to mention %q", c.args, err, c.want)
		}
	}
}

// TestChooseLRs checks the learning-rate rule on hand-made sweep records: the best mean final
// validation accuracy wins; a diverged seed disqualifies its rate; ties go to the smaller rate;
// if every rate diverged, the smallest is used; validation values of earlier epochs are ignored.
func TestChooseLRs(t *testing.T) {
	lrs := []float64{3e-4, 1e-3, 3e-3}
	rec := func(act string, lr float64, seed, epoch int, split, metric string, v float64) sweep.Record {
		return sweep.Record{Key: sweep.Key{Experiment: "mnist", Model: "mlp", Activation: act, Seed: seed, LR: lr, Hidden: "8", Epochs: 3},
			Row: sweep.Row{Epoch: epoch, Split: split, Metric: metric, Value: v}}
	}
	val := func(act string, lr float64, seed int, v float64) sweep.Record {
		return rec(act, lr, seed, 3, "val", "accuracy", v)
	}
	div := func(act string, lr float64, seed int) sweep.Record { return rec(act, lr, seed, 2, "", "diverged", 1) }
	for _, c := range []struct {
		name string
		recs []sweep.Record
		want float64
	}{
		{"best mean wins", []sweep.Record{val("tanh", 3e-4, 1, 0.90), val("tanh", 3e-4, 2, 0.90), val("tanh", 1e-3, 1, 0.95), val("tanh", 1e-3, 2, 0.93),
			val("tanh", 3e-3, 1, 0.97), val("tanh", 3e-3, 2, 0.85)}, 1e-3},
		{"earlier epochs ignored", []sweep.Record{rec("tanh", 3e-4, 1, 1, "val", "accuracy", 0.99), val("tanh", 3e-4, 1, 0.90), val("tanh", 1e-3, 1, 0.91), val("tanh", 3e-3, 1, 0.92)}, 3e-3},
		{"diverged is worst", []sweep.Record{val("tanh", 3e-4, 1, 0.90), val("tanh", 1e-3, 1, 0.91), val("tanh", 3e-3, 1, 0.97), div("tanh", 3e-3, 2)}, 1e-3},
		{"tie to the smaller rate", []sweep.Record{val("tanh", 3e-4, 1, 0.80), val("tanh", 1e-3, 1, 0.95), val("tanh", 3e-3, 1, 0.95)}, 1e-3},
		{"all diverged", []sweep.Record{div("tanh", 3e-4, 1), div("tanh", 1e-3, 1), div("tanh", 3e-3, 1)}, 3e-4},
		{"no sweep records", nil, 3e-4},
	} {
		cfg := Config{Training: command.Training{Acts: acts(t, "tanh"), LRs: lrs, Hidden: [][]int{{8}}}, Models: []string{"mlp"}}
		if got := chooseLRs(cfg, c.recs)[group{"mlp", "8", "tanh"}]; got != c.want {
			t.Errorf("%s: chose %v, want %v", c.name, got, c.want)
		}
	}
	// A single rate needs no sweep.
	cfg := Config{Training: command.Training{Acts: acts(t, "tanh"), LRs: []float64{0.02}, Hidden: [][]int{{8}}}, Models: []string{"mlp", "perceptron"}}
	got := chooseLRs(cfg, nil)
	if got[group{"mlp", "8", "tanh"}] != 0.02 || got[group{"perceptron", "", "tanh"}] != 0.02 {
		t.Errorf("single rate: %v", got)
	}
	if s := sweepScores(cfg, nil); len(s) != 0 {
		t.Errorf("scores without records: %v", s)
	}
}

// acts parses activation specs for a test.
func acts(t *testing.T, specs ...string) []activations.Activation {
	t.Helper()
	a, err := command.ParseActs(specs)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
