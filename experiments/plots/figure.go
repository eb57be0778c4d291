package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Helpers of the paper's figures: curves are sampled functions with non-finite points dropped
// (gonum/plot rejects NaN and ±Inf).

// FigureWidth and FigureHeight are the canvas of every figure.
const (
	FigureWidth  = 7 * vg.Inch
	FigureHeight = 4.8 * vg.Inch
)

// SaveFigure writes p (FigureWidth × FigureHeight) as dir/name.png and dir/name.svg, each
// atomically, and returns the two file names.
func SaveFigure(p *plot.Plot, dir, name string) ([]string, error) {
	var files []string
	var errs []error
	for _, ext := range []string{"png", "svg"} {
		path := filepath.Join(dir, name+"."+ext)
		w, err := p.WriterTo(FigureWidth, FigureHeight, ext)
		if err == nil {
			err = writeAtomic(path, w)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("saving %s: %w", path, err))
			continue
		}
		files = append(files, name+"."+ext)
	}
	return files, errors.Join(errs...)
}

// NewPlot returns a plot with title, axis labels, a grid and the legend at the top left.
func NewPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xLabel, yLabel
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.Left = true
	return p
}

// Sample evaluates f at n equally spaced points of [a, b], dropping non-finite values.
func Sample(f func(float64) float64, a, b float64, n int) plotter.XYs {
	xys := make(plotter.XYs, 0, n)
	for i := range n {
		x := a + (b-a)*float64(i)/float64(n-1)
		if y := f(x); !math.IsNaN(y) && !math.IsInf(y, 0) {
			xys = append(xys, plotter.XY{X: x, Y: y})
		}
	}
	return xys
}

// Style is how one curve is drawn: colour index into plotutil's palette, dash pattern index,
// line width in points.
type Style struct {
	Color, Dashes int
	Width         float64
}

// AddLine adds xys as a line with a legend entry (none when label is empty).
func AddLine(p *plot.Plot, label string, xys plotter.XYs, st Style) error {
	if len(xys) < 2 {
		return fmt.Errorf("curve %q has %d finite points", label, len(xys))
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return fmt.Errorf("curve %q: %w", label, err)
	}
	l.Color = plotutil.Color(st.Color)
	l.Dashes = plotutil.Dashes(st.Dashes)
	l.Width = vg.Points(st.Width)
	if st.Width == 0 {
		l.Width = vg.Points(1.5)
	}
	p.Add(l)
	if label != "" {
		p.Legend.Add(label, l)
	}
	return nil
}

// AddPoints adds xys as markers of the given colour and glyph with a legend entry.
func AddPoints(p *plot.Plot, label string, xys plotter.XYs, colorIdx int, shape draw.GlyphDrawer) error {
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return fmt.Errorf("points %q: %w", label, err)
	}
	s.GlyphStyle.Color = plotutil.Color(colorIdx)
	s.GlyphStyle.Shape = shape
	s.GlyphStyle.Radius = vg.Points(2.5)
	p.Add(s)
	if label != "" {
		p.Legend.Add(label, s)
	}
	return nil
}

// ErrPoint is a point with a symmetric vertical error bar.
type ErrPoint struct{ X, Y, Err float64 }

type ErrPoints []ErrPoint

func (e ErrPoints) Len() int                        { return len(e) }
func (e ErrPoints) XY(i int) (float64, float64)     { return e[i].X, e[i].Y }
func (e ErrPoints) YError(i int) (float64, float64) { return e[i].Err, e[i].Err }

// AddErrorPoints adds markers with vertical error bars (one standard error each side).
func AddErrorPoints(p *plot.Plot, label string, pts ErrPoints, colorIdx int, shape draw.GlyphDrawer) error {
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return fmt.Errorf("points %q: %w", label, err)
	}
	s.GlyphStyle.Color = plotutil.Color(colorIdx)
	s.GlyphStyle.Shape = shape
	s.GlyphStyle.Radius = vg.Points(2.2)
	eb, err := plotter.NewYErrorBars(pts)
	if err != nil {
		return fmt.Errorf("error bars %q: %w", label, err)
	}
	eb.Color = plotutil.Color(colorIdx)
	eb.CapWidth = vg.Points(4)
	p.Add(eb, s)
	if label != "" {
		p.Legend.Add(label, s)
	}
	return nil
}

// VLine adds a thin grey vertical line at x spanning [y0, y1] (e.g. a critical temperature).
func VLine(p *plot.Plot, x, y0, y1 float64) error {
	l, err := plotter.NewLine(plotter.XYs{{X: x, Y: y0}, {X: x, Y: y1}})
	if err != nil {
		return err
	}
	l.Color = color.Gray{Y: 160}
	l.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
	l.Width = vg.Points(0.8)
	p.Add(l)
	return nil
}

// UnitTicks labels 0, 0.2, …, 1 only, for axes extended above 1 to make room for the legend.
func UnitTicks() plot.ConstantTicks {
	var ticks []plot.Tick
	for i := range 11 {
		v := float64(i) / 10
		t := plot.Tick{Value: v}
		if i%2 == 0 {
			t.Label = strconv.FormatFloat(v, 'g', -1, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}
