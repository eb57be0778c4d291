package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
)

func TestListCoversRegistry(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run(context.Background(), &out, &errb, []string{"activations"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if got, want := len(lines)-2, len(activations.Names()); got != want {
		t.Fatalf("table has %d rows, the registry %d activations", got, want)
	}
	for _, name := range activations.Names() {
		if !strings.Contains(out.String(), "| "+name+" |") {
			t.Errorf("activation %s missing from the table", name)
		}
	}
	if err := run(context.Background(), &out, &errb, []string{"activations", "extra"}); err == nil {
		t.Error("stray argument accepted")
	}
}

// TestREADMEActivationTable keeps the README's activation table equal to the registry's.
func TestREADMEActivationTable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- activations:begin -->\n", "<!-- activations:end -->"
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q … %q block", begin, end)
	}
	if got, want := s[i+len(begin):j], activationTable(); got != want {
		t.Errorf("README's activation table is stale; regenerate it with `go run ./experiments activations`.\ngot:\n%s\nwant:\n%s", got, want)
	}
}
