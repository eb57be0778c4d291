package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
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
	stale := bytes.Replace(readme, []byte("| `relu` | 0.001 | 97.89"), []byte("| `relu` | 0.001 | 12.34"), 1)
	if bytes.Equal(stale, readme) {
		t.Fatal("the MNIST table has no relu row to make stale")
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
