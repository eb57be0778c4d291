package criticality

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/testutil"
	"github.com/isingact/isingact/experiments/sweep"
)

// tinyCrit are the flags of a test-sized criticality run: phase diagrams of tanh and relu on a
// 6×4 grid, and 8-unit MLPs of depth 2 and 3 trained for 4 steps (train: 1 activation × 2 σ_w² ×
// 2 depths; compare: 3 initialisers × 1 depth × 2 seeds).
var tinyCrit = []string{"-phase-acts", "tanh,relu", "-grid-w", "6", "-grid-b", "4", "-curve-b", "3", "-acts", "tanh",
	"-depths", "2,3", "-width", "8", "-steps", "4", "-subset", "64", "-eval", "64", "-batch", "16", "-sw-points", "2",
	"-cmp-depths", "2", "-seeds", "2", "-grid-seeds", "1", "-workers", "2"}

// parseFlags reads the command's flags as the command does, without creating the output folder.
func parseFlags(args []string) (Config, sweep.Options, command.Parsed, error) {
	f, p, err := spec(io.Discard).Parse(args)
	if err != nil {
		return f.cfg, f.opt, p, err
	}
	if err := f.cfg.normalize(); err != nil {
		return f.cfg, f.opt, p, err
	}
	if f.opt.Workers < 1 {
		return f.cfg, f.opt, p, fmt.Errorf("-workers = %d", f.opt.Workers)
	}
	if strings.TrimSpace(f.opt.Dir) == "" {
		return f.cfg, f.opt, p, fmt.Errorf("-out is empty")
	}
	return f.cfg, f.opt, p, nil
}

func TestCriticalityFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // substring of the error
	}{
		{[]string{"-parts", "nope"}, `-parts: "nope" is unknown`},
		{[]string{"-parts", "phase,phase"}, "given twice"},
		{[]string{"-parts", ""}, "-parts is empty"},
		{[]string{"-acts", "nope"}, "unknown activation"},
		{[]string{"-acts", "tanh,tanh"}, "given twice"},
		{[]string{"-phase-acts", ""}, "flag -phase-acts: the list is empty"},
		{[]string{"-depths", "0"}, "-depths"},
		{[]string{"-depths", "4,x"}, "not a positive integer"},
		{[]string{"-depths", "4,4"}, "given twice"},
		{[]string{"-cmp-depths", ""}, "-cmp-depths"},
		{[]string{"-sw2", "1,-2"}, "-sw2 = -2"},
		{[]string{"-sw2", "1,a"}, "not a number"},
		{[]string{"-sb2", "-0.1"}, "-sb2"},
		{[]string{"-sb2", "NaN"}, "-sb2"},
		{[]string{"-sw-factor", "1"}, "-sw-factor"},
		{[]string{"-lr", "0"}, "-lr"},
		{[]string{"-opt", "lbfgs"}, "-opt"},
		{[]string{"-cmp-inits", "eoc"}, "eoc is always compared"},
		{[]string{"-cmp-inits", "orthogonal"}, "unknown initialiser"},
		{[]string{"-subset", "60000"}, "-subset"},
		{[]string{"-eval", "20000"}, "-eval"},
		{[]string{"-width", "0"}, "-width"},
		{[]string{"-seeds", "0"}, "-seeds"},
		{[]string{"-workers", "0"}, "-workers"},
		{[]string{"-grid-w", "1"}, "-grid-w"},
		{[]string{"-out", " "}, "-out is empty"},
		{[]string{"-quick", "-full"}, "exclusive"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-nope"}, "flag provided but not defined"},
	} {
		_, _, _, err := parseFlags(tc.args)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.args, err, tc.want)
		}
	}
}

// TestCriticalityPresets: the presets, and explicit flags winning over them.
func TestCriticalityPresets(t *testing.T) {
	cfg, opt, p, err := parseFlags([]string{"-quick", "-depths", "5,7", "-acts", "elu,relu", "-sb2", "0"})
	if err != nil {
		t.Fatal(err)
	}
	q := Quick()
	if p.Preset != "quick" || !slices.Equal(cfg.Depths, []int{5, 7}) || !slices.Equal(command.Specs(cfg.Acts), []string{"elu:alpha=1", "relu"}) ||
		cfg.SB2 != 0 || cfg.Steps != q.Steps || opt.Dir != presetDir("quick") || len(cfg.PhaseActs) < 16 {
		t.Errorf("quick with overrides: %+v", cfg)
	}
	full, opt, p, err := parseFlags(nil)
	if err != nil || p.Preset != "default" || opt.Dir != filepath.Join("results", "criticality") || full.SB2 != 0.05 ||
		full.Opt != "sgd" || full.Seeds < 3 || !slices.Contains(command.Specs(full.Acts), "tanh") ||
		!slices.Contains(command.Specs(full.Acts), "quench-tanh:a=1,c=0") {
		t.Errorf("default preset: %+v, %v", full, err)
	}
	full.Depths[0] = -1
	if Full().Depths[0] == -1 {
		t.Errorf("the preset's slices are shared with the config")
	}
}

// TestCritEpochs: the step budget is rounded to whole epochs of the subset.
func TestCritEpochs(t *testing.T) {
	for _, tc := range []struct {
		steps, subset, batch  int
		wantEpochs, wantSteps int
	}{
		{200, 12800, 128, 2, 200}, // 100 batches per epoch
		{200, 10000, 128, 3, 237}, // 79 batches: 200/79 = 2.53 → 3 epochs
		{10, 12800, 128, 1, 100},  // never less than one epoch
		{4, 64, 16, 1, 4},
	} {
		e, s := epochsFor(Config{Steps: tc.steps, Subset: tc.subset, Batch: tc.batch})
		if e != tc.wantEpochs || s != tc.wantSteps {
			t.Errorf("epochsFor(%d steps, %d/%d) = %d, %d; want %d, %d", tc.steps, tc.subset, tc.batch, e, s, tc.wantEpochs, tc.wantSteps)
		}
	}
}

// TestCritPlan checks the σ_w² grids: centred on the EOC (tanh at σ_b² = 0.05: 1.76,
// Schoenholz et al. 2017) or on 2 without one (ReLU, Hayou et al. 2019), log-spaced over
// centre/f … centre·f; the eoc initialiser exists only with an EOC.
func TestCritPlan(t *testing.T) {
	cfg := Quick()
	cfg.Acts, cfg.SWPoints, cfg.SWFactor, cfg.SB2 = mustActs(t, "tanh", "relu"), 5, 4, 0.05
	plan, err := makePlan(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		act    string
		centre float64
		hasEOC bool
		note   string
	}{{"tanh", 1.7610, true, ""}, {"relu", 2, false, "χ₁ → 1 only as q* → ∞"}} {
		i := slices.IndexFunc(plan.Acts, func(a actPlan) bool { return a.Act == tc.act })
		ap := plan.Acts[i]
		if len(ap.SW2) != 5 || math.Abs(ap.SW2[2]/tc.centre-1) > 1e-3 || math.Abs(ap.SW2[0]*4/tc.centre-1) > 1e-3 ||
			math.Abs(ap.SW2[4]/4/tc.centre-1) > 1e-3 || math.Abs(ap.SW2[1]*ap.SW2[3]/(ap.SW2[2]*ap.SW2[2])-1) > 1e-3 {
			t.Errorf("%s: grid %v, want 5 log-spaced values around %v", tc.act, ap.SW2, tc.centre)
		}
		if (ap.Init != nil) != tc.hasEOC || ap.NoEOC != tc.note {
			t.Errorf("%s: eoc init %v, note %q", tc.act, ap.Init, ap.NoEOC)
		}
	}
	cfg.SW2 = []float64{3, 1, 2}
	plan, err = makePlan(cfg)
	if err != nil || !slices.Equal(plan.Acts[1].SW2, []float64{1, 2, 3}) {
		t.Errorf("explicit -sw2: %v, %v", plan.Acts[1].SW2, err)
	}
}

// TestCritNoEOCReason turns the theory's errors into the table's notes.
func TestCritNoEOCReason(t *testing.T) {
	for _, tc := range []struct {
		act  string
		sb2  float64
		want string
	}{
		{"relu", 0.05, "χ₁ → 1 only as q* → ∞"},           // Hayou et al. 2019, Prop. 1
		{"swish", 0.5, "χ₁ jumps across 1"},               // signal: branch change from Q0 = 1
		{"softplus", 0.05, "q* diverges beyond σ_w² = 2"}, // q* ~ linear growth at σ_w² = 2
		{"quench-tanh", 0.05, "q* diverges beyond σ_w² = 2.86, where χ₁ = 0.848"},
	} {
		th, err := theory(mustActs(t, tc.act)[0])
		if err != nil {
			t.Fatal(err)
		}
		p := eocAt(th, tc.sb2)
		if p.ok() || !strings.Contains(p.Note, tc.want) {
			t.Errorf("%s σ_b² = %v: %+v, want a note containing %q", tc.act, tc.sb2, p, tc.want)
		}
	}
	th, _ := theory(mustActs(t, "tanh")[0])
	if p := eocAt(th, 0.05); !p.ok() || math.Abs(p.SW2/1.76-1) > 0.01 || math.Abs(p.QStar/0.57-1) > 0.02 {
		t.Errorf("tanh σ_b² = 0.05: %+v, want σ_w² ≈ 1.76, q* ≈ 0.57 (Schoenholz et al. 2017)", p)
	}
}

func TestCriticalityTiny(t *testing.T) {
	if _, err := datasets.FindMNIST(""); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	args := append([]string{"-out", dir}, tinyCrit...)
	stdout, _, err := testutil.RunCommand(context.Background(), runCommand, args...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"runs.csv", "summary.md", "summary.csv", "README.md", "eoc_table.md", "eoc_table.csv", "eoc_curves.csv",
		"phase_tanh.png", "phase_tanh.svg", "phase_relu.png", "phase_overview.png", "phase_overview.svg",
		"trainability.md", "trainability.csv", "trainability_tanh.png", "trainability_tanh.svg", "trainability_overview.png"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	for _, s := range []string{"Edge of chaos", "| `tanh` | stock | σ_w² = 1 (σ_w = 1)", "none: χ₁ → 1 only as q* → ∞",
		"Trainability", "| initialiser | lr |", "`eoc`", "`he-normal`", "baseline"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	_, done := testutil.ReadRuns(t, dir)
	if len(done) != 4+6 {
		t.Errorf("%d runs in runs.csv, want 10 (4 grid cells, 6 initialiser runs)", len(done))
	}
	checkEOCTable(t, dir)
	cells := readCSV(t, filepath.Join(dir, "trainability.csv"))
	if len(cells) != 1+4 {
		t.Errorf("trainability.csv has %d lines, want a header and 4 cells", len(cells))
	}
	checkResume(t, dir, args)
}

// checkEOCTable checks eoc_table.csv: tanh at σ_b² = 0.05 on the published point, relu without
// EOC there.
func checkEOCTable(t *testing.T, dir string) {
	t.Helper()
	rows := readCSV(t, filepath.Join(dir, "eoc_table.csv"))
	found := 0
	for _, r := range rows[1:] {
		sb2, _ := strconv.ParseFloat(r[2], 64)
		sw2, _ := strconv.ParseFloat(r[3], 64)
		switch {
		case r[0] == "tanh" && sb2 == 0.05:
			found++
			if math.Abs(sw2/1.76-1) > 0.01 {
				t.Errorf("eoc_table.csv: tanh σ_w² = %v at σ_b² = 0.05, want 1.76", sw2)
			}
		case r[0] == "relu" && sb2 == 0.05:
			found++
			if !math.IsNaN(sw2) || r[9] == "" {
				t.Errorf("eoc_table.csv: relu at σ_b² = 0.05: %v", r)
			}
		}
	}
	if found != 2 {
		t.Errorf("eoc_table.csv lacks the tanh/relu rows at σ_b² = 0.05:\n%v", rows)
	}
}

// checkResume reruns the command of TestCriticalityTiny: it trains nothing and rewrites the same
// tables.
func checkResume(t *testing.T, dir string, args []string) {
	t.Helper()
	before, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
	_, stderr, err := testutil.RunCommand(context.Background(), runCommand, args...)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "runs.csv"))
	if string(before) != string(after) || !strings.Contains(stderr, "10 of 10 runs already in") {
		t.Errorf("rerun changed runs.csv or did not resume; stderr:\n%s", stderr)
	}
}

// TestCriticalityInterrupted cancels the run after its first finished run and resumes it.
func TestCriticalityInterrupted(t *testing.T) {
	if _, err := datasets.FindMNIST(""); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	args := append(append([]string{"-out", dir, "-parts", "train"}, tinyCrit...), "-sw-points", "4", "-workers", "1") // 8 runs, one at a time
	ctx, cancel := context.WithCancel(context.Background())
	stop := testutil.CancelAfterFirstRun(dir, cancel)
	_, _, err := testutil.RunCommand(ctx, runCommand, args...)
	stop()
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("cancelled run: error %v", err)
	}
	_, done := testutil.ReadRuns(t, dir)
	if len(done) == 0 || len(done) == 8 {
		t.Fatalf("%d runs saved before the interruption", len(done))
	}
	_, stderr, err := testutil.RunCommand(context.Background(), runCommand, args...)
	if err != nil {
		t.Fatal(err)
	}
	if _, done2 := testutil.ReadRuns(t, dir); len(done2) != 8 || !strings.Contains(stderr, "already in") {
		t.Errorf("resume: %d runs, stderr %s", len(done2), stderr)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// mustActs parses activation specs for a test.
func mustActs(t *testing.T, specs ...string) []activations.Activation {
	t.Helper()
	a, err := command.ParseActs(specs)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
