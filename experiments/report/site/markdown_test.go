package site

import (
	"reflect"
	"testing"
)

// Cases written by hand from the subset of Markdown the experiments write (report.Write,
// report.Readme.Write).
func TestInline(t *testing.T) {
	tests := []struct {
		in   string
		want []Span
	}{
		{"plain", []Span{{Text: "plain"}}},
		{"Command: `go run ./x` done", []Span{{Text: "Command: "}, {Text: "go run ./x", Code: true}, {Text: " done"}}},
		{"**97.54**", []Span{{Text: "97.54", Strong: true}}},
		{"see [summary.md](summary.md).", []Span{{Text: "see "}, {Text: "summary.md"}, {Text: "."}}},
		{"a ![img](x.png) b", []Span{{Text: "a "}, {Text: " b"}}},
		{"`<b>`", []Span{{Text: "<b>", Code: true}}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := inline(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("inline(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseMarkdown(t *testing.T) {
	src := "Command: `x`  \nMachine: m\n\n### Title — mlp 4\n\n| activation | n |\n| --- | --- |\n| `relu` | 3 |\n| `tanh` |\n\n" +
		"![plot](p.png)\n\n- one\n- two\n\n## Next\ntext"
	blocks := parseMarkdown(src)
	if len(blocks) != 7 {
		t.Fatalf("got %d blocks, want 7: %+v", len(blocks), blocks)
	}
	if p := blocks[0]; len(p.Lines) != 2 || p.IsHeading() || p.IsTable() {
		t.Errorf("block 0 = %+v, want a paragraph of 2 lines", p)
	}
	if h := blocks[1]; h.Level != 3 || spansText(h.Lines[0]) != "Title — mlp 4" {
		t.Errorf("block 1 = %+v, want the level-3 heading", h)
	}
	tab := blocks[2].Table
	if tab == nil || !reflect.DeepEqual(tab.Head, []string{"activation", "n"}) || len(tab.Rows) != 2 {
		t.Fatalf("block 2 = %+v, want the table", blocks[2])
	}
	if c := tab.Rows[1].Cells; len(c) != 2 || c[0].Text() != "tanh" || c[1].Text() != "" {
		t.Errorf("short row = %+v, want padded to the header", c)
	}
	if im := blocks[3]; im.Image != "p" {
		t.Errorf("block 3 = %+v, want the image p", im)
	}
	if l := blocks[4]; len(l.Items) != 2 {
		t.Errorf("block 4 = %+v, want a list of 2", l)
	}
	if h := blocks[5]; h.Level != 2 {
		t.Errorf("block 5 = %+v, want a level-2 heading", h)
	}
}
