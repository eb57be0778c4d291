package figures

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFiguresQuick runs the figures command with -quick into a temporary folder and checks that
// every figure is a non-empty PNG and SVG, and that the README lists each one with the command.
func TestFiguresQuick(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"figures", "-quick", "-out", dir, "-seed", "3"}
	if err := runCommand(context.Background(), &stdout, &stderr, args[1:]); err != nil {
		t.Fatalf("figures: %v\nstderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "Monte Carlo") {
		t.Errorf("no Monte Carlo progress on stderr:\n%s", stderr.String())
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figureList() {
		for _, ext := range []struct {
			name  string
			magic []byte
		}{
			{".png", []byte("\x89PNG\r\n\x1a\n")},
			{".svg", []byte("<svg")},
		} {
			path := filepath.Join(dir, f.Name+ext.name)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%s: %v", f.Name, err)
				continue
			}
			if len(b) < 1000 || !bytes.Contains(b[:min(len(b), 512)], ext.magic) {
				t.Errorf("%s: %d bytes, not a %s file", path, len(b), ext.name)
			}
		}
		if !strings.Contains(string(readme), "## "+f.Name) {
			t.Errorf("README does not list %s", f.Name)
		}
	}
	if !strings.Contains(string(readme), "go run ./experiments figures -quick -out "+dir) {
		t.Errorf("README lacks the command:\n%s", readme)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "montecarlo.csv"))
	if err != nil || bytes.Count(csv, []byte("\n")) < 2 {
		t.Errorf("montecarlo.csv: %v, %d bytes", err, len(csv))
	}
}

func TestFiguresBadInput(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string // substring of the error
	}{
		{"unknown flag", []string{"figures", "-bogus"}, "flag provided but not defined"},
		{"bad seed", []string{"figures", "-seed", "minus-one"}, "invalid value"},
		{"stray argument", []string{"figures", "extra"}, "unexpected arguments"},
		{"unknown figure", []string{"figures", "-only", "fig9"}, "unknown figure"},
		{"no workers", []string{"figures", "-workers", "0"}, "-workers"},
		{"empty out", []string{"figures", "-out", ""}, "-out"},
		{"out under a file", []string{"figures", "-quick", "-out", filepath.Join(file, "sub")}, "output folder"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		err := runCommand(context.Background(), &stdout, &stderr, tc.args[1:])
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

func TestFiguresCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	err := runCommand(ctx, &stdout, &stderr, []string{"-quick", "-only", "fig4_montecarlo_2d", "-out", t.TempDir()})
	if err == nil {
		t.Error("cancelled context: no error")
	}
}
