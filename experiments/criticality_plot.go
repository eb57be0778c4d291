package main

import (
	"errors"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Heatmap helpers of the criticality command: a GridXYZ over explicit cell centres, a colour bar
// beside one plot or beside a tiled overview of many, and log-axis tick labels.

// critGrid is a heat-map grid: z[r][c] at (xs[c], ys[r]). NaN cells are drawn in the heat
// map's NaN colour.
type critGrid struct {
	xs, ys []float64
	z      [][]float64
}

func (g critGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g critGrid) Z(c, r int) float64 { return g.z[r][c] }
func (g critGrid) X(c int) float64    { return g.xs[c] }
func (g critGrid) Y(r int) float64    { return g.ys[r] }

// cellEdges returns the outer edges of cells centred at the increasing values v (half a step
// beyond the first and last centre, as plotter.HeatMap draws them).
func cellEdges(v []float64) (lo, hi float64) {
	if len(v) == 1 {
		return v[0] - 0.5, v[0] + 0.5
	}
	return v[0] - (v[1]-v[0])/2, v[len(v)-1] + (v[len(v)-1]-v[len(v)-2])/2
}

// critNaNGrey marks cells without a value (no finite q*, a missing run); darker than the light
// grey at the centre of the diverging colour map.
var critNaNGrey = color.Gray{Y: 95}

// critHeatMap returns the heat map of g coloured by cm over [cm.Min(), cm.Max()], values
// outside drawn in the end colours, NaN in grey. smooth draws an evenly spaced grid as one
// image (no seams between many small cells; the PNG renderer interpolates between cells).
func critHeatMap(g critGrid, cm palette.ColorMap, smooth bool) *plotter.HeatMap {
	pal := cm.Palette(256)
	h := plotter.NewHeatMap(g, pal)
	h.Min, h.Max = cm.Min(), cm.Max()
	cols := pal.Colors()
	h.Underflow, h.Overflow, h.NaN = cols[0], cols[len(cols)-1], critNaNGrey
	h.Rasterized = smooth && uniform(g.xs) && uniform(g.ys)
	return h
}

// uniform reports whether v is evenly spaced (as a rasterized heat map assumes).
func uniform(v []float64) bool {
	for i := 2; i < len(v); i++ {
		if math.Abs((v[i]-v[i-1])-(v[1]-v[0])) > 1e-6*math.Abs(v[1]-v[0]) {
			return false
		}
	}
	return len(v) > 1
}

// critLogTicks labels a log₁₀ axis over [lo, hi] (in log₁₀ units) at 1, 2 and 5 times the
// powers of ten (only the powers when the axis spans more than 2.5 decades), with minor ticks at
// the other integers.
type critLogTicks struct{}

func (critLogTicks) Ticks(lo, hi float64) []plot.Tick {
	wide := hi-lo > 2.5
	var ticks []plot.Tick
	for e := math.Floor(lo); e <= math.Ceil(hi); e++ {
		for m := 1; m < 10; m++ {
			v := math.Log10(float64(m)) + e
			if v < lo-1e-9 || v > hi+1e-9 {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || (!wide && (m == 2 || m == 5)) {
				t.Label = strconv.FormatFloat(float64(m)*math.Pow(10, e), 'g', 4, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// critValueTicks labels the given positions with the given texts.
func critValueTicks(pos []float64, labels []string) plot.ConstantTicks {
	t := make(plot.ConstantTicks, len(pos))
	for i := range pos {
		t[i] = plot.Tick{Value: pos[i], Label: labels[i]}
	}
	return t
}

// critColorBar returns a vertical colour-bar plot of cm with the given label and ticks.
func critColorBar(cm palette.ColorMap, label string, ticks plot.Ticker) *plot.Plot {
	cb := plot.New()
	cb.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true, Colors: 256})
	cb.HideX()
	cb.Y.Label.Text = label
	cb.Y.Tick.Marker = ticks
	cb.Y.Min, cb.Y.Max = cm.Min(), cm.Max()
	return cb
}

// critSaveTiles draws plots in a rows × cols grid (row-major; nil leaves a tile empty), each
// tileW × tileH, with the colour bar cb (if not nil) in a column of its own on the right, and
// writes base.png and base.svg.
func critSaveTiles(plots []*plot.Plot, cols int, tileW, tileH vg.Length, cb *plot.Plot, base string) error {
	if len(plots) == 0 || cols < 1 {
		return errors.New("no plots to draw")
	}
	if err := mkdirFor(base); err != nil {
		return err
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
	png := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(110))
	drawAll(png)
	svg := vgsvg.New(w, h)
	drawAll(svg)
	return errors.Join(writeTo(base+".png", vgimg.PngCanvas{Canvas: png}), writeTo(base+".svg", svg))
}
