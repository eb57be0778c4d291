package site

import (
	"path"
	"regexp"
	"strings"
)

// The Markdown the experiments write (summary.md, README.md) is a small subset: paragraphs whose
// lines may end in a hard break (two spaces), headings (#, ##, ###), pipe tables with a
// "| --- |" rule under the header, "- " list items, `code`, **bold**, links [text](file) and
// images ![alt](file.png). parseMarkdown reads that subset into blocks; the templates render
// them, escaping every string (html/template), so nothing in a summary becomes markup.

// Span is a run of inline text: plain, code or bold.
type Span struct {
	Text         string
	Code, Strong bool
}

// Block is one block of a Markdown document: a heading (Level 1–6), a paragraph (Lines, one per
// source line, hard breaks between them), a list (Items), a table (Table), or an image on a line
// of its own (Image: the file name without its extension; Plot: the inlined SVG of that name,
// set by readFolder).
type Block struct {
	Level int
	Lines [][]Span
	Items [][]Span
	Table *Table
	Image string
	Plot  *Plot
}

// IsHeading, IsList and IsTable tell the templates which kind of block b is.
func (b Block) IsHeading() bool { return b.Level > 0 }
func (b Block) IsList() bool    { return b.Items != nil }
func (b Block) IsTable() bool   { return b.Table != nil }
func (b Block) IsPlot() bool    { return b.Plot != nil }

// parseMarkdown splits src into blocks. An image on a line of its own is a block naming its file
// (the report inlines the SVG of that name there); a link keeps its text only.
func parseMarkdown(src string) []Block {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var blocks []Block
	var para [][]Span
	flush := func() {
		if para != nil {
			blocks = append(blocks, Block{Lines: para})
			para = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		switch {
		case strings.TrimSpace(l) == "":
			flush()
		case imageLine.MatchString(l):
			flush()
			target := imageLine.FindStringSubmatch(l)[1]
			blocks = append(blocks, Block{Image: strings.TrimSuffix(target, path.Ext(target))})
		case headingLine.MatchString(l):
			flush()
			m := headingLine.FindStringSubmatch(l)
			blocks = append(blocks, Block{Level: len(m[1]), Lines: [][]Span{inline(m[2])}})
		case strings.HasPrefix(l, "- "):
			flush()
			if n := len(blocks); n > 0 && blocks[n-1].IsList() {
				blocks[n-1].Items = append(blocks[n-1].Items, inline(l[2:]))
			} else {
				blocks = append(blocks, Block{Items: [][]Span{inline(l[2:])}})
			}
		case strings.HasPrefix(l, "|") && i+1 < len(lines) && ruleLine.MatchString(lines[i+1]):
			flush()
			j := i + 2
			for j < len(lines) && strings.HasPrefix(lines[j], "|") {
				j++
			}
			blocks = append(blocks, Block{Table: markdownTable(lines[i], lines[i+2:j])})
			i = j - 1
		default:
			para = append(para, inline(strings.TrimSpace(l)))
		}
	}
	flush()
	return blocks
}

var (
	headingLine = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	ruleLine    = regexp.MustCompile(`^\|(\s*:?-+:?\s*\|)+\s*$`)
	imageLine   = regexp.MustCompile(`^!\[[^\]]*\]\(([^)]*)\)$`)
	inlineToken = regexp.MustCompile("`[^`]*`|\\*\\*[^*]+\\*\\*|!?\\[[^\\]]*\\]\\([^)]*\\)")
)

// inline splits a line into spans: `code`, **bold**, and plain text; a link [text](target)
// becomes its text, an inline image nothing.
func inline(s string) []Span {
	var out []Span
	plain := func(t string) {
		if t != "" {
			out = append(out, Span{Text: t})
		}
	}
	last := 0
	for _, loc := range inlineToken.FindAllStringIndex(s, -1) {
		plain(s[last:loc[0]])
		tok := s[loc[0]:loc[1]]
		switch {
		case strings.HasPrefix(tok, "`"):
			out = append(out, Span{Text: tok[1 : len(tok)-1], Code: true})
		case strings.HasPrefix(tok, "**"):
			out = append(out, Span{Text: tok[2 : len(tok)-2], Strong: true})
		case strings.HasPrefix(tok, "["):
			plain(tok[1:strings.Index(tok, "](")])
		}
		last = loc[1]
	}
	plain(s[last:])
	return out
}

// splitRow splits a pipe-table line into its trimmed cells.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	cells := strings.Split(line, "|")
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
	}
	return cells
}
