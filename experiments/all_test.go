package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/isingact/isingact/experiments/internal/testutil"
)

// TestAllOneActivation runs the main command's quick presets for one activation: every
// command's outputs land in its subfolder and the tables are printed.
func TestAllOneActivation(t *testing.T) {
	if testing.Short() {
		t.Skip("trains xor and mnist quick presets (about 10 s)")
	}
	dir := t.TempDir()
	stdout, _, err := testutil.RunCommand(context.Background(), runAll, "-acts", "relu", "-out", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"xor/summary.md", "xor/runs.csv", "xor/xor_success.png", "xor/README.md",
		"mnist/summary.md", "mnist/runs.csv", "mnist/mnist_test_accuracy_mlp_256.png", "mnist/README.md"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "figures")); err != nil || !fi.IsDir() {
		t.Errorf("figures folder missing: %v", err)
	}
	for _, s := range []string{"## xor (quick preset)", "XOR success rate", "## mnist (quick preset)", "MNIST test accuracy after 3 epochs",
		"## figures (quick preset)", "all: done in"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q", s)
		}
	}
	// The quick xor preset: 20 seeds.
	recs, _ := testutil.ReadRuns(t, filepath.Join(dir, "xor"))
	seeds := map[int]bool{}
	for _, r := range recs {
		seeds[r.Key.Seed] = true
	}
	if len(seeds) != 20 {
		t.Errorf("xor quick preset ran %d seeds, want 20", len(seeds))
	}
}

func TestAllBadFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-workers", "0"}, "-workers = 0"},
		{[]string{"-out", filepath.Join(file, "sub")}, "-out"},
		{[]string{"-acts", "nosuch", "-out", t.TempDir()}, "unknown activation"},
		{[]string{"-out", t.TempDir(), "stray"}, "unexpected arguments"},
	} {
		_, _, err := testutil.RunCommand(context.Background(), runAll, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("all %v: err = %v, want it to mention %q", c.args, err, c.want)
		}
	}
}
