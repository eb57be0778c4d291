package site

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Folder is one experiment's output folder as its report shows it.
type Folder struct {
	Name   string   // the folder's base name, e.g. "xor"
	Title  string   // the README's title, or Name
	Blocks []Block  // summary.md (or, without one, the README), tables included
	Plots  []Plot   // every SVG of the folder (some also in Blocks)
	Files  []string // the folder's files but report.html, hidden files and locks (*.lock), by name
}

// Plot is one inlined SVG figure.
type Plot struct {
	Name string // file name without .svg
	SVG  template.HTML
	Note string // why the SVG is not inlined ("" when it is)
}

// HasSummary reports whether the folder has a summary table.
func (f Folder) HasSummary() bool { return slices.Contains(f.Files, "summary.md") }

// Tables counts the folder's tables.
func (f Folder) Tables() int {
	n := 0
	for _, b := range f.Blocks {
		if b.IsTable() {
			n++
		}
	}
	return n
}

// readFolder reads dir: the title of README.md (a first line "# Title"; title wins when not
// empty), summary.md (or README.md when there is no summary, without its file list), the SVGs
// in the order README.md mentions them, then by name. Markdown rows naming an activation get
// its kind and, when linkTo is not "", a link to linkTo/<name>.html.
func readFolder(dir, title string, cat catalog, linkTo string) (Folder, error) {
	f := Folder{Name: filepath.Base(dir), Title: title}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return f, fmt.Errorf("site: %w", err)
	}
	var svgs []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && !strings.HasPrefix(n, ".") && n != ReportFile && !strings.HasSuffix(n, ".lock") {
			f.Files = append(f.Files, n)
			if strings.HasSuffix(n, ".svg") {
				svgs = append(svgs, n)
			}
		}
	}
	readme, err := readOptional(filepath.Join(dir, "README.md"))
	if err != nil {
		return f, err
	}
	if f.Title == "" {
		f.Title = readmeTitle(readme, f.Name)
	}
	summary, err := readOptional(filepath.Join(dir, "summary.md"))
	if err != nil {
		return f, err
	}
	if summary == "" {
		summary = readmeBody(readme)
	}
	f.Blocks = classifyBlocks(parseMarkdown(summary), cat, linkTo)
	for _, n := range mentionOrder(readme, svgs) {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return f, fmt.Errorf("site: %w", err)
		}
		name := strings.TrimSuffix(n, ".svg")
		svg, err := inlineSVG(b, name)
		p := Plot{Name: name, SVG: svg}
		if err != nil { // a plot that is not well-formed SVG is named, not inlined, and fails nothing
			p.Note = fmt.Sprintf("%s is not inlined: %v", n, err)
		}
		f.Plots = append(f.Plots, p)
	}
	f.Blocks = placePlots(f.Blocks, f.Plots)
	return f, nil
}

// placePlots puts each plot an image block names into that block (the README's figure
// sections: the plot shows where the README shows its PNG) and drops the image blocks naming no
// plot of the folder.
func placePlots(blocks []Block, plots []Plot) []Block {
	var out []Block
	for _, b := range blocks {
		if b.Image == "" {
			out = append(out, b)
			continue
		}
		if i := slices.IndexFunc(plots, func(p Plot) bool { return p.Name == b.Image }); i >= 0 {
			b.Plot = &plots[i]
			out = append(out, b)
		}
	}
	return out
}

// OtherPlots are the plots no block shows, for the report's plot section.
func (f Folder) OtherPlots() []Plot {
	return slices.DeleteFunc(slices.Clone(f.Plots), func(p Plot) bool {
		return slices.ContainsFunc(f.Blocks, func(b Block) bool { return b.Plot != nil && b.Plot.Name == p.Name })
	})
}

// PlacedPlots reports whether a block shows a plot.
func (f Folder) PlacedPlots() bool {
	return slices.ContainsFunc(f.Blocks, Block.IsPlot)
}

// readOptional returns the file's text, "" when it does not exist.
func readOptional(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("site: %w", err)
	}
	return string(b), nil
}

// readmeTitle is the text of the README's first line when it is a level-1 heading.
func readmeTitle(readme, fallback string) string {
	first, _, _ := strings.Cut(readme, "\n")
	if t, ok := strings.CutPrefix(first, "# "); ok && strings.TrimSpace(t) != "" {
		return strings.TrimSpace(t)
	}
	return fallback
}

// readmeBody is the README without its title and its "## Files" list (the report lists the
// folder's files itself).
func readmeBody(readme string) string {
	if _, rest, ok := strings.Cut(readme, "\n"); ok && strings.HasPrefix(readme, "# ") {
		readme = rest
	}
	if i := strings.Index(readme, "\n## Files\n"); i >= 0 {
		readme = readme[:i]
	}
	return readme
}

// mentionOrder orders the SVG files as the README first mentions their base names (as
// "name.png" or "name.svg"), the others after them by name.
func mentionOrder(readme string, svgs []string) []string {
	pos := map[string]int{}
	for _, n := range svgs {
		base := regexp.QuoteMeta(strings.TrimSuffix(n, ".svg"))
		if loc := regexp.MustCompile(`\b` + base + `\.(?:png|svg)\b`).FindStringIndex(readme); loc != nil {
			pos[n] = loc[0] + 1
		}
	}
	out := slices.Clone(svgs)
	slices.SortStableFunc(out, func(a, b string) int {
		pa, pb := pos[a], pos[b]
		switch {
		case pa != 0 && pb != 0:
			return pa - pb
		case pa != 0:
			return -1
		case pb != 0:
			return 1
		}
		return strings.Compare(a, b)
	})
	return out
}

// classifyBlocks moves a heading right above a table into the table's caption (so the page
// hides both when a filter leaves the table empty) and gives every table row the kind of its
// activation: the activation its first cell names, else the one the caption names (rows of
// initialisers under "… — mlp elu:alpha=1 128x16"). A first cell naming an activation links to
// linkTo/<name>.html when linkTo is not "".
func classifyBlocks(blocks []Block, cat catalog, linkTo string) []Block {
	var out []Block
	for i, b := range blocks {
		if b.IsHeading() && i+1 < len(blocks) && blocks[i+1].IsTable() {
			blocks[i+1].Table.Caption = spansText(b.Lines[0])
			continue
		}
		if b.IsTable() {
			classifyRows(b.Table, cat, linkTo)
		}
		out = append(out, b)
	}
	return out
}

func classifyRows(t *Table, cat catalog, linkTo string) {
	for i, r := range t.Rows {
		if len(r.Cells) == 0 {
			continue
		}
		if a, ok := cat.spec(r.Cells[0].Text()); ok {
			t.Rows[i].Kind = a.Kind
			if linkTo != "" {
				t.Rows[i].Cells[0].Href = linkTo + "/" + pageName(a.Name)
			}
		} else if a, ok := cat.mention(t.Caption); ok {
			t.Rows[i].Kind = a.Kind
		}
	}
}

func spansText(sp []Span) string {
	var b strings.Builder
	for _, s := range sp {
		b.WriteString(s.Text)
	}
	return b.String()
}
