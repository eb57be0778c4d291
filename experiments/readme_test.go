package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/isingact/isingact/experiments/report"
)

// TestREADMEGenerated keeps README.md's generated sections — the XOR, MNIST and criticality
// tables from the committed results/*/summary.csv and the activation table from the registry —
// equal to what `go run ./experiments readme` writes.
func TestREADMEGenerated(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := readmeSections(string(readme), "../results")
	if err != nil {
		t.Fatal(err)
	}
	if string(readme) != want {
		t.Errorf("README.md's generated sections are stale; regenerate them with `go run ./experiments readme`")
	}
}

// TestReadmeCommand runs the command on a copy of the README with a stale table: it rewrites
// the table and nothing else, and a second run finds it up to date.
func TestReadmeCommand(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	begin, _ := report.Markers("mnist")
	stale := bytes.Replace(readme, []byte(begin+"\n"), []byte(begin+"\n| `relu` | a stale row |\n"), 1)
	if bytes.Equal(stale, readme) {
		t.Fatal("README.md has no generated MNIST section to make stale")
	}
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, stale, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"updated", "up to date"} {
		var out, errb bytes.Buffer
		if err := runReadme(context.Background(), &out, &errb, []string{"-readme", path, "-results", "../results"}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("readme: %q, want %q", out.String(), want)
		}
	}
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, readme) {
		t.Error("the regenerated README differs from README.md")
	}
}
