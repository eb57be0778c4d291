package site

import "testing"

// Sort keys of the cells report.Markdown writes (see report.cells and report.deltaCell).
func TestSortKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"97.92 ± 0.14", "97.92"},
		{"[96.3, 100.0]", "96.3"},
		{"+67.0 (p=1.04e-23)", "67"},
		{"-0.07 (p=0.0231)", "-0.07"},
		{"−78.00 (p=1e-09)", "-78"},
		{"1.5e-05", "1.5e-05"},
		{"34 [18, 64]", "34"},
		{"0.000257", "0.000257"},
		{"~ (p=0.769)", ""},
		{"baseline", ""},
		{"—", ""},
		{"NaN", ""},
		{"relu", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := sortKey(tt.in); got != tt.want {
			t.Errorf("sortKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Cells of summary.csv: sweep.FormatFloat writes shortest round-trip floats.
func TestCSVCell(t *testing.T) {
	tests := []struct{ in, text, sort, raw string }{
		{"0.9791666666666666", "0.9792", "0.9791666666666666", "0.9791666666666666"},
		{"1.0425870198971466e-23", "1.043e-23", "1.0425870198971466e-23", "1.0425870198971466e-23"},
		{"0.01", "0.01", "0.01", ""},
		{"100", "100", "100", ""},
		{"-0.013166666666666771", "-0.01317", "-0.013166666666666771", "-0.013166666666666771"},
		{"NaN", "NaN", "", ""},
		{"relu", "relu", "", ""},
		{"128x16", "128x16", "", ""},
	}
	for _, tt := range tests {
		c := csvCell(tt.in)
		if c.Text() != tt.text || c.Sort != tt.sort || c.Raw != tt.raw {
			t.Errorf("csvCell(%q) = text %q sort %q raw %q, want %q %q %q", tt.in, c.Text(), c.Sort, c.Raw, tt.text, tt.sort, tt.raw)
		}
	}
}

func TestDropEmptyColumns(t *testing.T) {
	tab := &Table{Head: []string{"a", "empty", "b"}, Rows: []TableRow{
		{Cells: []Cell{csvCell("1"), csvCell(""), csvCell("x")}},
		{Cells: []Cell{csvCell(""), csvCell(""), csvCell("y")}},
	}}
	dropEmptyColumns(tab)
	if len(tab.Head) != 2 || tab.Head[0] != "a" || tab.Head[1] != "b" || tab.Rows[1].Cells[1].Text() != "y" {
		t.Errorf("got %+v, want columns a and b", tab)
	}
}
