package site

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"slices"
)

// summaryCSV is one experiment's summary.csv: its header and lines, whatever the columns.
type summaryCSV struct {
	Folder string
	Head   []string
	Lines  [][]string
}

// readSummaryCSV reads dir/summary.csv; ok is false when there is none.
func readSummaryCSV(dir string) (s summaryCSV, ok bool, err error) {
	text, err := readOptional(filepath.Join(dir, "summary.csv"))
	if err != nil || text == "" {
		return s, false, err
	}
	recs, err := csv.NewReader(bytes.NewReader([]byte(text))).ReadAll()
	if err != nil {
		return s, false, fmt.Errorf("site: %s: %w", filepath.Join(dir, "summary.csv"), err)
	}
	if len(recs) == 0 {
		return s, false, nil
	}
	return summaryCSV{Folder: filepath.Base(dir), Head: recs[0], Lines: recs[1:]}, true, nil
}

// activationOf is the activation a summary line is about: the one its "activation" column
// names, else the one its "model" column mentions (criticality: "mlp elu:alpha=1", the rows
// being initialisers); the index of the column that names it.
func (s summaryCSV) activationOf(line []string, cat catalog) (Activation, int, bool) {
	if j := slices.Index(s.Head, "activation"); j >= 0 && j < len(line) {
		if a, ok := cat.spec(line[j]); ok {
			return a, j, true
		}
	}
	if j := slices.Index(s.Head, "model"); j >= 0 && j < len(line) {
		if a, ok := cat.mention(line[j]); ok {
			return a, j, true
		}
	}
	return Activation{}, -1, false
}

// row turns a line into a table row over the columns head (a column the line lacks is empty),
// its activation's cell linked to linkTo/<name>.html (no link when linkTo is "").
func (s summaryCSV) row(line []string, head []string, cat catalog, linkTo string) TableRow {
	var r TableRow
	a, at, ok := s.activationOf(line, cat)
	if ok {
		r.Kind = a.Kind
	}
	for _, h := range head {
		j := slices.Index(s.Head, h)
		if j < 0 || j >= len(line) {
			r.Cells = append(r.Cells, Cell{})
			continue
		}
		c := csvCell(line[j])
		if ok && j == at && linkTo != "" {
			c.Href = linkTo + "/" + pageName(a.Name)
		}
		r.Cells = append(r.Cells, c)
	}
	return r
}

// allRows is the index's table: every line of every summary.csv over the union of their
// columns (in order of first appearance), columns empty everywhere dropped.
func allRows(sums []summaryCSV, cat catalog) *Table {
	t := &Table{}
	for _, s := range sums {
		for _, h := range s.Head {
			if !slices.Contains(t.Head, h) {
				t.Head = append(t.Head, h)
			}
		}
	}
	for _, s := range sums {
		for _, line := range s.Lines {
			t.Rows = append(t.Rows, s.row(line, t.Head, cat, "activations"))
		}
	}
	dropEmptyColumns(t)
	return t
}

// rowsOf is the table of the lines of s about the activation name (nil when none).
func rowsOf(s summaryCSV, name string, cat catalog) *Table {
	t := &Table{Head: slices.Clone(s.Head)}
	for _, line := range s.Lines {
		if a, _, ok := s.activationOf(line, cat); ok && a.Name == name {
			t.Rows = append(t.Rows, s.row(line, t.Head, cat, ""))
		}
	}
	if len(t.Rows) == 0 {
		return nil
	}
	dropEmptyColumns(t)
	return t
}
