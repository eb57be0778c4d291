package site

import (
	"os"
	"strings"
	"testing"
)

func TestInlineSVGSanitises(t *testing.T) {
	src, err := os.ReadFile("testdata/results/toy/curve.svg") // vgsvg's output with hostile additions
	if err != nil {
		t.Fatal(err)
	}
	got, err := inlineSVG(src, `a "label" <x>`)
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, bad := range []string{"<?xml", "<!--", "xmlns", "onload", "onclick", "<script", "alert(2)", "foreignObject",
		"<div", "javascript:", "https://", "url(", "<a", "width=\"200pt\""} {
		if strings.Contains(s, bad) {
			t.Errorf("sanitised SVG contains %q:\n%s", bad, s)
		}
	}
	for _, want := range []string{
		`<svg role="img" aria-label="a &#34;label&#34; &lt;x&gt;" viewBox="0 0 200 100">`,
		`d="M10.12,10.99L190.5,90.25"`, // rounded to 0.01
		`x="100"`,                      // 100.000001
		`>F &amp; DF &lt;x&gt;</text>`, // text re-escaped
		`preserveAspectRatio="none" x="1" y="2" width="3" height="4" href="data:image/jpg;base64,iVBORw0KGgo="`, // vgsvg's data URL kept, stretched as gonum draws it
		`<rect x="0" y="0" width="5" height="5"></rect>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("sanitised SVG lacks %q:\n%s", want, s)
		}
	}
	if n := strings.Count(s, "<image"); n != 1 {
		t.Errorf("%d images kept, want 1 (the one with an external URL dropped)", n)
	}
}

func TestInlineSVGRejects(t *testing.T) {
	for _, src := range []string{"", "<svg><g></svg>", "<html></html>", "not xml", "<svg></svg><svg></svg>"} {
		if _, err := inlineSVG([]byte(src), "x"); err == nil {
			t.Errorf("inlineSVG(%q) accepted", src)
		}
	}
}

func TestRound2(t *testing.T) {
	tests := []struct{ in, want string }{
		{"519.134765625", "519.13"}, {"-299.724521484375", "-299.72"}, {"1e-9", "0"}, {"-0.001", "0"},
		{"3.14159e+02", "314.16"}, {"12", "12"},
	}
	for _, tt := range tests {
		if got := round2(tt.in); got != tt.want {
			t.Errorf("round2(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
