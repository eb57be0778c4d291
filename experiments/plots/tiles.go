package plots

import (
	"errors"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SaveTiles draws plots in a rows × cols grid (row-major; nil leaves a tile empty), each
// tileW × tileH, with the colour bar cb (if not nil) in a column of its own on the right, and
// writes base.png and base.svg.
func SaveTiles(plots []*plot.Plot, cols int, tileW, tileH vg.Length, cb *plot.Plot, base string) error {
	if len(plots) == 0 || cols < 1 {
		return errors.New("no plots to draw")
	}
	rows := (len(plots) + cols - 1) / cols
	cbW := vg.Length(0)
	if cb != nil {
		cbW = 1.1 * vg.Inch
	}
	w, h := vg.Length(cols)*tileW+cbW, vg.Length(rows)*tileH
	drawAll := func(c vg.CanvasSizer) {
		dc := draw.New(c)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
		main := draw.Crop(dc, 0, -cbW, 0, 0)
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(4), PadY: vg.Points(4), PadTop: vg.Points(2), PadBottom: vg.Points(2)}
		for i, p := range plots {
			if p != nil {
				p.Draw(tiles.At(main, i%cols, i/cols))
			}
		}
		if cb != nil {
			// The bar spans the middle of the height, at most 4 inches.
			barH := min(h-vg.Inch, 4*vg.Inch)
			pad := (h - barH) / 2
			cb.Draw(draw.Crop(dc, w-cbW+vg.Points(4), 0, pad, -pad))
		}
	}
	return Render(base, w, h, 110, drawAll)
}
