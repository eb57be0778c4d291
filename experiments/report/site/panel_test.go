package site

import (
	"bytes"
	"strings"
	"testing"
)

// Every registered activation's panel draws, inlines, and draws the same bytes twice.
func TestPanelEveryActivation(t *testing.T) {
	for _, a := range Registry() {
		first, err := Panel(a)
		if err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		again, err := Panel(a)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Errorf("%s: the panel differs between two draws", a.Name)
		}
		svg, err := inlineSVG(first, a.Default)
		if err != nil {
			t.Fatalf("%s: %v", a.Name, err)
		}
		if n := strings.Count(string(svg), "<path"); n < 3 {
			t.Errorf("%s: %d paths, want the frame and two curves", a.Name, n)
		}
		if !strings.Contains(string(svg), a.Default) {
			t.Errorf("%s: the title lacks the spec %s", a.Name, a.Default)
		}
	}
}

func TestRegistryKinds(t *testing.T) {
	kinds := map[string]int{}
	for _, a := range Registry() {
		kinds[a.Kind]++
		if a.Doc == "" || a.Default == "" {
			t.Errorf("%s: empty doc or default spec", a.Name)
		}
	}
	if kinds["derived"] == 0 || kinds["stock"] == 0 || len(kinds) != 2 {
		t.Errorf("kinds %v, want derived and stock only", kinds)
	}
}
