package mnist

import (
	"context"
	"fmt"
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
	"-lr", "0.001,0.01", "-sweep-epochs", "1", "-sweep-seeds", "1", "-gain-seeds", "1", "-workers", "2"}

func TestMNISTTiny(t *testing.T) {
	dir := t.TempDir()
	stdout, _, err := testutil.RunCommand(context.Background(), runCommand, append(slices.Clone(tinyMNIST), "-out", dir)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"runs.csv", "summary.md", "summary.csv", "README.md",
		"mnist_val_curves_mlp_16.png", "mnist_val_curves_mlp_16.svg", "mnist_test_accuracy_mlp_16.png", "mnist_sparsity_mlp_16.png"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	for _, s := range []string{"Learning-rate sweep", "MNIST test accuracy after 2 epochs", "with init gain", "`relu`", "`tanh`", "baseline",
		"Diverged runs", "zero activations (%)", "Paired by seed with `relu`"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	recs, done := testutil.ReadRuns(t, dir)
	cfg := tinyConfig(t)
	st := PlanSweep(cfg, recs)
	final, gain, sw := FinalKeys(cfg, st), GainKeys(cfg, st), SweepKeys(cfg, st)
	// Sweep: 2 activations × (2 rates + their extensions) × 1 seed; final: 2 × 2 seeds (2 epochs, not
	// the sweep's 1); gain: 2 × 1 seed.
	if !st.Complete() || len(final) != 4 || len(gain) != 2 || len(sw) < 2*3 || len(done) != len(sw)+len(final)+len(gain) {
		t.Errorf("%d runs in runs.csv; sweep %d (complete %v), final %d, gain %d", len(done), len(sw), st.Complete(), len(final), len(gain))
	}
	for _, k := range append(final, gain...) {
		if done[k] != 1 {
			t.Errorf("run %s: in runs.csv %d times, want once", k, done[k])
		}
		if b := st.Groups[Group{k.Model, k.Hidden, k.Activation}]; k.LR != b.Chosen {
			t.Errorf("run %s at lr %v, the sweep chose %v", k, k.LR, b.Chosen)
		}
	}
	checkRunRows(t, recs, done)
}

// tinyConfig is tinyMNIST as a Config: the default preset (Full) with its flags.
func tinyConfig(t *testing.T) Config {
	cfg := Full()
	cfg.Acts, cfg.Seeds, cfg.Epochs, cfg.LRs, cfg.Hidden = acts(t, "relu", "tanh"), 2, 2, []float64{0.001, 0.01}, [][]int{{16}}
	cfg.Subset, cfg.SweepSeeds, cfg.SweepEpochs, cfg.GainSeeds = 600, 1, 1, 1
	if err := cfg.Normalize(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// checkRunRows checks every run's rows: a validation accuracy per epoch (the learning curves),
// test accuracies well above chance for the final runs, and the code's sparsity in [0, 1] (some
// zeros for ReLU, none for tanh).
func checkRunRows(t *testing.T, recs []sweep.Record, done map[sweep.Key]int) {
	t.Helper()
	val, sparsity := map[sweep.Key]int{}, map[sweep.Key]float64{}
	for _, r := range recs {
		switch {
		case r.Metric == "accuracy" && r.Split == "val":
			val[r.Key]++
		case r.Metric == "accuracy" && r.Split == "test" && r.Key.Epochs == 2 && !(r.Value > 0.3 && r.Value <= 1):
			t.Errorf("%s: test accuracy %v, want well above chance (0.1)", r.Key, r.Value)
		case r.Metric == "sparsity":
			sparsity[r.Key] = r.Value
		}
		if v := r.Key.Variant(); v != "subset=600" && v != "init=gain;subset=600" {
			t.Errorf("run %s: variant %q", r.Key, v)
		}
	}
	for k := range done {
		s, ok := sparsity[k]
		switch {
		case val[k] != k.Epochs:
			t.Errorf("run %s: %d validation rows for %d epochs", k, val[k], k.Epochs)
		case !ok || !(s >= 0 && s <= 1):
			t.Errorf("run %s: sparsity %v (recorded %v)", k, s, ok)
		case k.Activation == "relu" && s == 0, k.Activation == "tanh" && s > 0.01:
			t.Errorf("run %s: %.3f of the hidden values are zero", k, s)
		}
	}
}

// TestMNISTSweepRunsReused: with the sweep as long as the training (the default), the sweep's
// runs at the chosen rate are the final runs of their seeds, trained once.
func TestMNISTSweepRunsReused(t *testing.T) {
	dir := t.TempDir()
	stdout, _, err := testutil.RunCommand(context.Background(), runCommand, "-acts", "relu,tanh", "-subset", "400", "-hidden", "8",
		"-seeds", "2", "-epochs", "1", "-lr", "0.001,0.01", "-sweep-seeds", "1", "-gain-seeds", "0", "-workers", "2", "-out", dir)
	if err != nil {
		t.Fatal(err)
	}
	recs, done := testutil.ReadRuns(t, dir)
	cfg := tinyConfig(t)
	cfg.Subset, cfg.Hidden, cfg.Epochs, cfg.SweepEpochs, cfg.GainSeeds = 400, [][]int{{8}}, 1, 1, 0
	st := PlanSweep(cfg, recs)
	sw, final := SweepKeys(cfg, st), FinalKeys(cfg, st)
	// Final seed 1 is the sweep's run at the chosen rate; only seed 2 is new.
	if want := len(sw) + len(final)/2; len(done) != want {
		t.Errorf("%d runs in runs.csv, want %d (sweep %d + final seed 2 of %d)", len(done), want, len(sw), len(final)/2)
	}
	if !strings.Contains(stdout, fmt.Sprintf("Runs: %d (%d trained now, 0 already in the runs files)", len(done), len(done))) {
		t.Errorf("the summary miscounts the runs:\n%s", stdout)
	}
	// n = 2 per activation in the table: the reused sweep run and the new one.
	for _, act := range []string{"relu", "tanh"} {
		found := false
		for _, l := range strings.Split(stdout, "\n") {
			cells := strings.Split(l, "|")
			if strings.HasPrefix(l, "| `"+act+"` |") && len(cells) > 12 { // the summary's row, not the sweep table's
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

// TestMNISTResumeAfterInterrupt: a run interrupted in its first sweep round resumes, round by
// round, to the same runs as an uninterrupted one.
func TestMNISTResumeAfterInterrupt(t *testing.T) {
	fresh := t.TempDir()
	if _, _, err := testutil.RunCommand(context.Background(), runCommand, append(slices.Clone(tinyMNIST), "-out", fresh)...); err != nil {
		t.Fatal(err)
	}
	freshRecs, freshDone := testutil.ReadRuns(t, fresh)
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
	if _, partial := testutil.ReadRuns(t, dir); len(partial) == 0 || len(partial) >= len(freshDone) {
		t.Fatalf("after the interrupt %d of %d runs are saved; want some but not all", len(partial), len(freshDone))
	}
	if _, _, err := testutil.RunCommand(context.Background(), runCommand, args...); err != nil {
		t.Fatal(err)
	}
	recs, done := testutil.ReadRuns(t, dir)
	if len(done) != len(freshDone) {
		t.Errorf("resumed: %d runs, want %d", len(done), len(freshDone))
	}
	for k, n := range done {
		if n != 1 {
			t.Errorf("run %s is in runs.csv %d times", k, n)
		}
	}
	if a, b := testutil.ResultRows(recs), testutil.ResultRows(freshRecs); !slices.Equal(a, b) {
		t.Errorf("resumed runs differ from an uninterrupted sweep: %d vs %d rows", len(a), len(b))
	}
}

// TestMNISTStages: -stage final refuses an incomplete sweep; -stage sweep, rerun until it says
// complete, then -stage final give the runs and tables of -stage all.
func TestMNISTStages(t *testing.T) {
	all := t.TempDir()
	allOut, _, err := testutil.RunCommand(context.Background(), runCommand, append(slices.Clone(tinyMNIST), "-out", all)...)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	args := append(slices.Clone(tinyMNIST), "-out", dir)
	if _, _, err := testutil.RunCommand(context.Background(), runCommand, append(args, "-stage", "final")...); err == nil ||
		!strings.Contains(err.Error(), "sweep is incomplete") {
		t.Fatalf("-stage final before the sweep: err = %v", err)
	}
	rounds := 0
	for ; rounds <= MaxExtensions+1; rounds++ {
		out, _, err := testutil.RunCommand(context.Background(), runCommand, append(args, "-stage", "sweep")...)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "sweep complete") {
			break
		}
		if !strings.Contains(out, "rerun -stage sweep") {
			t.Fatalf("-stage sweep says neither complete nor rerun:\n%s", out)
		}
	}
	if rounds == 0 || rounds > MaxExtensions+1 {
		t.Fatalf("-stage sweep took %d calls", rounds)
	}
	if _, _, err := testutil.RunCommand(context.Background(), runCommand, append(args, "-stage", "final")...); err != nil {
		t.Fatal(err)
	}
	a, _ := testutil.ReadRuns(t, all)
	b, _ := testutil.ReadRuns(t, dir)
	if ra, rb := testutil.ResultRows(a), testutil.ResultRows(b); !slices.Equal(ra, rb) {
		t.Errorf("staged runs differ from -stage all: %d vs %d rows", len(rb), len(ra))
	}
	csvAll, _ := os.ReadFile(filepath.Join(all, "summary.csv"))
	csvStaged, _ := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if dropTime(string(csvAll)) != dropTime(string(csvStaged)) || !strings.Contains(allOut, "interior") {
		t.Errorf("summary.csv of the stages differs from -stage all's:\n%s\n---\n%s", csvStaged, csvAll)
	}
}

// dropTime removes the last column (seconds_per_epoch) of a summary.csv.
func dropTime(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if i := strings.LastIndex(l, ","); i >= 0 {
			l = l[:i]
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
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
		{[]string{"-gain-seeds", "-1"}, "-gain-seeds"},
		{[]string{"-stage", "train"}, "-stage"},
		{[]string{"-margin", "1.5"}, "-margin"},
		{[]string{"-lr", "0.001,0.001"}, "given twice"},
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

// acts parses activation specs for a test.
func acts(t *testing.T, specs ...string) []activations.Activation {
	t.Helper()
	a, err := command.ParseActs(specs)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
