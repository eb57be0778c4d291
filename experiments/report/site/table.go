package site

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Table is an HTML table: a header and rows of cells, whatever columns the source had (a
// Markdown table of summary.md or the lines of a summary.csv). The page script sorts it by any
// column and filters its rows; without the script it is a plain table.
type Table struct {
	ID      string // the table's id attribute; "" for none
	Caption string // a heading shown above the table; "" for none
	Head    []string
	Rows    []TableRow
}

// TableRow is one row; Kind ("derived", "stock" or "") is the registry kind of the row's
// activation, read by the "derived only" filter.
type TableRow struct {
	Kind  string
	Cells []Cell
}

// Cell is one cell: its inline text, its sort key (a number as text, "" to sort by the text),
// the raw value when the text rounds it (shown as a tooltip), and a link (an activation page).
type Cell struct {
	Spans []Span
	Sort  string
	Raw   string
	Href  string
}

// Text is the cell's text without markup.
func (c Cell) Text() string {
	var b strings.Builder
	for _, s := range c.Spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// leadingNumber matches a number at the start of a cell: "97.92 ± 0.14", "+67.0 (p=1e-23)",
// "[96.3, 100.0]" (the interval's lower end), "−0.5" (a Unicode minus).
var leadingNumber = regexp.MustCompile(`^\[?\s*([+\-−]?(?:\d+\.?\d*|\.\d+)(?:[eE][+\-]?\d+)?)`)

// sortKey is the numeric sort key of a cell's text, "" when it does not start with a finite
// number ("baseline", "~ (p=0.3)", "—", "NaN", a name): such cells sort after the numbers, by text.
func sortKey(text string) string {
	m := leadingNumber.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return ""
	}
	v, err := strconv.ParseFloat(strings.Replace(m[1], "−", "-", 1), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// markdownTable builds a table from a Markdown header line and its body lines.
func markdownTable(head string, body []string) *Table {
	t := &Table{Head: splitRow(head)}
	for _, line := range body {
		var r TableRow
		for _, c := range splitRow(line) {
			sp := inline(c)
			cell := Cell{Spans: sp}
			cell.Sort = sortKey(cell.Text())
			r.Cells = append(r.Cells, cell)
		}
		for len(r.Cells) < len(t.Head) {
			r.Cells = append(r.Cells, Cell{})
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// csvCell is a cell of a summary.csv: a finite number with more than 5 significant digits is
// shown to 4 (the raw value stays in the tooltip and the sort key), anything else as written.
func csvCell(v string) Cell {
	c := Cell{Spans: []Span{{Text: v}}}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return c
	}
	c.Sort = strconv.FormatFloat(f, 'g', -1, 64)
	if short := strconv.FormatFloat(f, 'g', 4, 64); len(strings.TrimLeft(v, "+-0.")) > 5 && short != v {
		c.Spans[0].Text, c.Raw = short, v
	}
	return c
}

// dropEmptyColumns removes the columns that are empty in every row (a summary.csv's "variant"
// when no table has variants).
func dropEmptyColumns(t *Table) {
	var keep []int
	for j := range t.Head {
		for _, r := range t.Rows {
			if j < len(r.Cells) && r.Cells[j].Text() != "" {
				keep = append(keep, j)
				break
			}
		}
	}
	head := make([]string, len(keep))
	for i, j := range keep {
		head[i] = t.Head[j]
	}
	t.Head = head
	for ri, r := range t.Rows {
		cells := make([]Cell, len(keep))
		for i, j := range keep {
			cells[i] = r.Cells[j]
		}
		t.Rows[ri].Cells = cells
	}
}
