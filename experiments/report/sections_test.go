package report

import (
	"strings"
	"testing"
)

func TestReplaceSection(t *testing.T) {
	doc := "intro\n<!-- t:begin -->\nold\n<!-- t:end -->\noutro\n"
	got, err := ReplaceSection(doc, "t", "new 1\nnew 2\n")
	if want := "intro\n<!-- t:begin -->\nnew 1\nnew 2\n<!-- t:end -->\noutro\n"; err != nil || got != want {
		t.Errorf("ReplaceSection = %q, %v; want %q", got, err, want)
	}
	if body, err := Section(got, "t"); err != nil || body != "new 1\nnew 2\n" {
		t.Errorf("Section = %q, %v", body, err)
	}
	for _, bad := range []string{"no markers", "<!-- t:begin -->\nno end"} {
		if _, err := ReplaceSection(bad, "t", "x\n"); err == nil || !strings.HasPrefix(err.Error(), "report: ") {
			t.Errorf("ReplaceSection(%q): err = %v, want a report error", bad, err)
		}
	}
}
