package command

import (
	"flag"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/sweep"
)

// testFlags is a command's value in these tests: the common training settings and the options.
type testFlags struct {
	t   Training
	opt sweep.Options
}

// testSpec has three presets: default (every activation), quick (relu and tanh, 1 worker) and
// full (more seeds and epochs).
func testSpec(w io.Writer) Spec[testFlags] {
	return Spec[testFlags]{Name: "test", Usage: "Trains XOR.\n\nExample: go run ./experiments xor -seeds 10", Stderr: w,
		Preset: func(name string) testFlags {
			relu, _ := activations.Parse("relu")
			d := Training{Seeds: 3, Epochs: 10, Hidden: [][]int{{256}}, Batch: 64, LRs: []float64{3e-4, 1e-3, 3e-3}, Opt: "adam", Baseline: relu}
			o := sweep.Options{Dir: "results/test"}
			switch name {
			case "quick":
				d.Seeds, d.Epochs = 1, 2
				d.Acts, _ = ParseActs([]string{"relu", "tanh"})
				o = sweep.Options{Dir: "results/test-quick", Workers: 1}
			case "full":
				d.Seeds, d.Epochs = 5, 20
			}
			return testFlags{d, o}
		},
		Bind: func(fs *flag.FlagSet, f *testFlags) {
			f.t.Bind(fs)
			BindOptions(fs, &f.opt)
		}}
}

// parseCommon reads args as a command does: the two-pass rule, then Normalize and the checks of
// -out and -workers (without creating the folder).
func parseCommon(args ...string) (Training, sweep.Options, Parsed, error) {
	f, p, err := testSpec(io.Discard).Parse(args)
	if err != nil {
		return f.t, f.opt, p, err
	}
	if err := f.t.Normalize(p.Set["baseline"]); err != nil {
		return f.t, f.opt, p, err
	}
	if f.opt.Workers < 1 {
		return f.t, f.opt, p, errWorkers(f.opt.Workers)
	}
	if strings.TrimSpace(f.opt.Dir) == "" {
		return f.t, f.opt, p, errEmptyOut
	}
	return f.t, f.opt, p, nil
}

func TestCommonFlagsPresets(t *testing.T) {
	cfg, opt, p, err := parseCommon()
	if err != nil {
		t.Fatal(err)
	}
	if p.Preset != "default" || cfg.Seeds != 3 || cfg.Epochs != 10 || opt.Workers != runtime.NumCPU() || cfg.BaselineSpec() != "relu" {
		t.Errorf("defaults: %+v %+v", cfg, opt)
	}
	// Every registered activation, canonical, from the registry itself.
	var want []string
	for _, n := range activations.Names() {
		a, err := activations.Parse(n)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, a.String())
	}
	if !slices.Equal(Specs(cfg.Acts), want) {
		t.Errorf("default -acts = %v, want %v", Specs(cfg.Acts), want)
	}
	cfg, opt, p, err = parseCommon("-quick", "-seeds", "7")
	if err != nil {
		t.Fatal(err)
	}
	if p.Preset != "quick" || cfg.Seeds != 7 || cfg.Epochs != 2 || opt.Workers != 1 || opt.Dir != "results/test-quick" || len(cfg.Acts) != 2 {
		t.Errorf("-quick -seeds 7: %+v %+v (explicit flags must win over the preset)", cfg, opt)
	}
	cfg, opt, p, err = parseCommon("-full", "-acts", "tanh", "-hidden", "512,256;64", "-lr", "0.01,0.1", "-opt", "sgd", "-workers", "2")
	if err != nil {
		t.Fatal(err)
	}
	if p.Preset != "full" || cfg.Seeds != 5 || !slices.Equal(Specs(cfg.Acts), []string{"tanh"}) || len(cfg.Hidden) != 2 ||
		!slices.Equal(cfg.Hidden[0], []int{512, 256}) || !slices.Equal(cfg.Hidden[1], []int{64}) ||
		!slices.Equal(cfg.LRs, []float64{0.01, 0.1}) || cfg.Opt != "sgd" || opt.Workers != 2 {
		t.Errorf("-full with overrides: %+v", cfg)
	}
	// The preset's baseline is dropped when it is not run; an explicit one must be run.
	if cfg.Baseline != nil {
		t.Errorf("baseline %v kept although relu is not among -acts", cfg.Baseline)
	}
	// Presets are not modified by parsing (each call builds a fresh one).
	if _, _, _, err := parseCommon("-quick", "-acts", "elu"); err != nil || len(testSpec(io.Discard).Preset("quick").t.Acts) != 2 {
		t.Errorf("preset changed: %v", err)
	}
}

func TestCommonFlagsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string // all must appear in the error
	}{
		{[]string{"-acts", "nope"}, []string{"nope", "tanh", "relu"}},
		{[]string{"-acts", "relu,relu"}, []string{"twice"}},
		{[]string{"-acts", ","}, []string{"-acts", "empty"}},
		{[]string{"-seeds", "0"}, []string{"-seeds = 0"}},
		{[]string{"-seeds", "x"}, []string{"seeds"}},
		{[]string{"-epochs", "-1"}, []string{"-epochs = -1"}},
		{[]string{"-batch", "0"}, []string{"-batch"}},
		{[]string{"-workers", "0"}, []string{"-workers"}},
		{[]string{"-hidden", "0"}, []string{"-hidden", "positive"}},
		{[]string{"-hidden", "256;x"}, []string{"-hidden", `"x"`}},
		{[]string{"-hidden", ""}, []string{"-hidden"}},
		{[]string{"-lr", "0"}, []string{"-lr 0"}},
		{[]string{"-lr", "1e-3,x"}, []string{"-lr", `"x"`}},
		{[]string{"-lr", "NaN"}, []string{"-lr NaN"}},
		{[]string{"-lr", "Inf"}, []string{"-lr +Inf"}},
		{[]string{"-opt", "sgdx"}, []string{"sgdx", "adam", "sgd"}},
		{[]string{"-out", " "}, []string{"-out"}},
		{[]string{"-baseline", "nope"}, []string{"-baseline", "nope"}},
		{[]string{"-acts", "tanh", "-baseline", "relu"}, []string{"-baseline relu is not among -acts"}},
		{[]string{"-quick", "-full"}, []string{"exclusive"}},
	} {
		_, _, _, err := parseCommon(tc.args...)
		if err == nil {
			t.Errorf("%q: no error", tc.args)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q does not mention %q", tc.args, err, w)
			}
		}
	}
}

func TestSplitActSpecs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"tanh", []string{"tanh"}},
		{"tanh, relu ,", []string{"tanh", "relu"}},
		{"tanh,quench-tanh:a=6,c=0,relu", []string{"tanh", "quench-tanh:a=6,c=0", "relu"}},
		{"population:of=quench-mf,sigma=0.5", []string{"population:of=quench-mf,sigma=0.5"}},
		{"population:of=quench-tanh:a=6,sigma=0.5,gelu", []string{"population:of=quench-tanh:a=6,sigma=0.5", "gelu"}},
		{"elu:alpha=1;quench-tanh:a=6,c=0", []string{"elu:alpha=1", "quench-tanh:a=6,c=0"}},
		{"a=1,relu", []string{"a=1", "relu"}}, // a stray parameter first is kept as a spec: Parse rejects it
		{"", nil},
	} {
		if got := SplitActSpecs(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("SplitActSpecs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFlagUsage(t *testing.T) {
	var b strings.Builder
	if _, _, err := testSpec(&b).Parse([]string{"-h"}); err != flag.ErrHelp {
		t.Fatal(err)
	}
	for _, w := range []string{"usage: go run ./experiments test", "Example:", "-acts", "-baseline", "-quick", "-full", "-out", "-workers"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("usage lacks %q:\n%s", w, b.String())
		}
	}
}
