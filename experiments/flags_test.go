package main

import (
	"flag"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
)

func testPresets() presets {
	d := config{Seeds: 3, Epochs: 10, Hidden: [][]int{{256}}, Batch: 64, LRs: []float64{3e-4, 1e-3, 3e-3}, Opt: "adam", Out: "results/test", Baseline: "relu"}
	q := d
	q.Seeds, q.Epochs, q.Acts, q.Workers, q.Out = 1, 2, []string{"relu", "tanh"}, 1, "results/test-quick"
	f := d
	f.Seeds, f.Epochs = 5, 20
	return presets{Default: d, Quick: q, Full: f}
}

var testOpts = []string{"adam", "sgd"}

func parseCommon(args ...string) (config, error) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := addCommonFlags(fs, testPresets(), testOpts)
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	return c.resolve()
}

func TestCommonFlagsPresets(t *testing.T) {
	cfg, err := parseCommon()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Preset != "default" || cfg.Seeds != 3 || cfg.Epochs != 10 || cfg.Workers != runtime.NumCPU() || cfg.Baseline != "relu" {
		t.Errorf("defaults: %+v", cfg)
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
	if !slices.Equal(cfg.Acts, want) {
		t.Errorf("default -acts = %v, want %v", cfg.Acts, want)
	}

	cfg, err = parseCommon("-quick", "-seeds", "7")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Preset != "quick" || cfg.Seeds != 7 || cfg.Epochs != 2 || cfg.Workers != 1 || cfg.Out != "results/test-quick" || len(cfg.Acts) != 2 {
		t.Errorf("-quick -seeds 7: %+v (explicit flags must win over the preset)", cfg)
	}
	cfg, err = parseCommon("-full", "-acts", "tanh", "-hidden", "512,256;64", "-lr", "0.01,0.1", "-opt", "sgd", "-workers", "2")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Preset != "full" || cfg.Seeds != 5 || !slices.Equal(cfg.Acts, []string{"tanh"}) || len(cfg.Hidden) != 2 ||
		!slices.Equal(cfg.Hidden[0], []int{512, 256}) || !slices.Equal(cfg.Hidden[1], []int{64}) ||
		!slices.Equal(cfg.LRs, []float64{0.01, 0.1}) || cfg.Opt != "sgd" || cfg.Workers != 2 {
		t.Errorf("-full with overrides: %+v", cfg)
	}
	// The preset's baseline is dropped when it is not run; an explicit one must be run.
	if cfg.Baseline != "" {
		t.Errorf("baseline %q kept although relu is not among -acts", cfg.Baseline)
	}
	// Presets are not modified by resolving.
	p := testPresets()
	if _, err := parseCommon("-quick"); err != nil || !slices.Equal(p.Quick.Acts, []string{"relu", "tanh"}) {
		t.Errorf("preset changed: %v, %v", p.Quick.Acts, err)
	}
}

func TestCommonFlagsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string // all must appear in the error
	}{
		{[]string{"-acts", "nope"}, []string{"nope", "tanh", "relu"}},
		{[]string{"-acts", "relu,relu"}, []string{"twice"}},
		{[]string{"-acts", ","}, []string{"-acts is empty"}},
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
		{[]string{"-opt", "sgdx"}, []string{"sgdx", "adam, sgd"}},
		{[]string{"-out", " "}, []string{"-out"}},
		{[]string{"-baseline", "nope"}, []string{"-baseline", "nope"}},
		{[]string{"-acts", "tanh", "-baseline", "relu"}, []string{"-baseline relu is not among -acts"}},
		{[]string{"-quick", "-full"}, []string{"exclusive"}},
	} {
		_, err := parseCommon(tc.args...)
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
		if got := splitActSpecs(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitActSpecs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFlagUsage(t *testing.T) {
	fs := flag.NewFlagSet("xor", flag.ContinueOnError)
	var b strings.Builder
	flagUsage(fs, &b, "xor", "Trains XOR.\n\nExample: go run ./experiments xor -seeds 10")
	addCommonFlags(fs, testPresets(), testOpts)
	if err := fs.Parse([]string{"-h"}); err != flag.ErrHelp {
		t.Fatal(err)
	}
	for _, w := range []string{"usage: go run ./experiments xor", "Example:", "-acts", "-baseline", "-quick"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("usage lacks %q:\n%s", w, b.String())
		}
	}
}
