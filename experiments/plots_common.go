package main

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The helpers below draw the sweep plots of the training commands with gonum/plot and save each
// as <base>.png and <base>.svg. NaN values (diverged runs) are left out of the drawing, never
// passed to gonum/plot, which rejects them.

// plotSave writes p as base+".png" and base+".svg", w × h each, creating the folder.
func plotSave(p *plot.Plot, w, h vg.Length, base string) error {
	return plotSaveLegendRight(p, nil, nil, w, h, base)
}

// plotSaveLegendRight writes p (w × h) with, when legend is not nil, the legend in a column of
// its own to the right (widened to fit labels), so that many activations never hide the data;
// as base+".png" and base+".svg".
func plotSaveLegendRight(p *plot.Plot, legend *plot.Legend, labels []string, w, h vg.Length, base string) error {
	if err := mkdirFor(base); err != nil {
		return err
	}
	var lw vg.Length
	if legend != nil {
		for _, l := range labels {
			lw = max(lw, legend.ThumbnailWidth+legend.TextStyle.Width(" "+l))
		}
		lw += vg.Points(12)
	}
	drawAll := func(c vg.CanvasSizer) {
		dc := draw.New(c)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
		p.Draw(draw.Crop(dc, 0, -lw, 0, 0))
		if legend != nil {
			legend.Draw(draw.Crop(dc, w+vg.Points(6), 0, 0, -vg.Points(24)))
		}
	}
	png := vgimg.New(w+lw, h)
	drawAll(png)
	svg := vgsvg.New(w+lw, h)
	drawAll(svg)
	return errors.Join(writeTo(base+".png", vgimg.PngCanvas{Canvas: png}), writeTo(base+".svg", svg))
}

func writeTo(path string, w io.WriterTo) error {
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return fmt.Errorf("drawing %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, buf.Bytes())
}

func mkdirFor(base string) error {
	return os.MkdirAll(filepath.Dir(base), 0o755)
}

// plotCurve is one learning curve: the mean over seeds at each X (epoch) with its spread.
type plotCurve struct {
	Label        string
	X, Mean, Std []float64
}

// plotCurvesFrom averages a metric on a split over the runs of each group at every epoch, giving
// one curve per group (named by group(key); curves sorted by name). Std is the sample standard
// deviation over the runs at that epoch (0 with one run); NaN values are skipped.
func plotCurvesFrom(recs []sweep.Record, metric, split string, group func(sweep.Key) string) []plotCurve {
	vals := map[string]map[int][]float64{}
	for _, r := range recs {
		if r.Metric != metric || r.Split != split || math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
			continue
		}
		g := group(r.Key)
		if vals[g] == nil {
			vals[g] = map[int][]float64{}
		}
		vals[g][r.Epoch] = append(vals[g][r.Epoch], r.Value)
	}
	var out []plotCurve
	for g, byEpoch := range vals {
		c := plotCurve{Label: g}
		epochs := make([]int, 0, len(byEpoch))
		for e := range byEpoch {
			epochs = append(epochs, e)
		}
		slices.Sort(epochs)
		for _, e := range epochs {
			v := byEpoch[e]
			m := stats.Mean(v)
			c.X, c.Mean, c.Std = append(c.X, float64(e)), append(c.Mean, m), append(c.Std, stats.StdDev(v))
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b plotCurve) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// plotLearningCurves draws every curve as its mean line over a translucent band mean ± std, with
// a legend, and saves it at base (.png and .svg).
func plotLearningCurves(base, title, xLabel, yLabel string, curves []plotCurve) error {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xLabel, yLabel
	legend := plot.NewLegend()
	legend.Left, legend.Top = true, true
	var labels []string
	for i, c := range curves {
		if len(c.X) != len(c.Mean) || len(c.X) != len(c.Std) {
			return fmt.Errorf("curve %s: %d x, %d means, %d stds", c.Label, len(c.X), len(c.Mean), len(c.Std))
		}
		var line, band plotter.XYs
		var upper plotter.XYs
		for j := range c.X {
			if !finite(c.X[j]) || !finite(c.Mean[j]) || !finite(c.Std[j]) {
				continue
			}
			line = append(line, plotter.XY{X: c.X[j], Y: c.Mean[j]})
			band = append(band, plotter.XY{X: c.X[j], Y: c.Mean[j] - c.Std[j]})
			upper = append(upper, plotter.XY{X: c.X[j], Y: c.Mean[j] + c.Std[j]})
		}
		if len(line) == 0 {
			continue
		}
		col := plotutil.Color(i)
		if len(band) > 1 {
			slices.Reverse(upper)
			poly, err := plotter.NewPolygon(append(band, upper...))
			if err != nil {
				return err
			}
			poly.Color = translucent(col, 0x40)
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
		l, err := plotter.NewLine(line)
		if err != nil {
			return err
		}
		l.Color = col
		l.Width = vg.Points(1.5)
		l.Dashes = plotutil.Dashes(i / len(plotutil.DefaultColors))
		p.Add(l)
		legend.Add(c.Label, l)
		labels = append(labels, c.Label)
	}
	return plotSaveLegendRight(p, &legend, labels, 6.5*vg.Inch, 4.5*vg.Inch, base)
}

// plotPoint is one labelled estimate with its interval, e.g. an activation's mean accuracy and
// 95% CI.
type plotPoint struct {
	Label         string
	Value, Lo, Hi float64
}

// plotPointsWithErrors draws one horizontal row per point — the value as a dot, the interval
// [Lo, Hi] as an error bar — labels on the vertical axis (long activation specs stay readable),
// in the given order from the top, and saves it at base.
func plotPointsWithErrors(base, title, xLabel string, pts []plotPoint) error {
	p := plot.New()
	p.Title.Text, p.X.Label.Text = title, xLabel
	var xys pointErrs
	names := make([]string, len(pts))
	for i, pt := range pts {
		names[len(pts)-1-i] = pt.Label
		if !finite(pt.Value) {
			continue
		}
		lo, hi := pt.Lo, pt.Hi
		if !finite(lo) || !finite(hi) {
			lo, hi = pt.Value, pt.Value
		}
		xys = append(xys, pointErr{x: pt.Value, y: float64(len(pts) - 1 - i), lo: pt.Value - lo, hi: hi - pt.Value})
	}
	if len(xys) > 0 {
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		s.GlyphStyle.Radius = vg.Points(3)
		eb, err := plotter.NewXErrorBars(xys)
		if err != nil {
			return err
		}
		p.Add(plotter.NewGrid(), eb, s)
	}
	p.NominalY(names...)
	return plotSave(p, 7*vg.Inch, vg.Length(1.2+0.28*float64(len(pts)))*vg.Inch, base)
}

type pointErr struct{ x, y, lo, hi float64 }
type pointErrs []pointErr

func (p pointErrs) Len() int                        { return len(p) }
func (p pointErrs) XY(i int) (float64, float64)     { return p[i].x, p[i].y }
func (p pointErrs) XError(i int) (float64, float64) { return p[i].lo, p[i].hi }

// plotBarSeries is one series of grouped bars (e.g. one model), one value per category
// (activation), with its interval [Lo, Hi] (e.g. Wilson's for a success rate). Lo and Hi may be
// nil for no error bars.
type plotBarSeries struct {
	Label          string
	Values, Lo, Hi []float64
}

// plotGroupedBars draws, for each category on the horizontal axis, one bar per series side by
// side with its error bar, a legend of the series, and saves it at base. It suits success rates
// per activation for each model (XOR: perceptron, 2-2-1, 2-4-1).
func plotGroupedBars(base, title, yLabel string, categories []string, series []plotBarSeries) error {
	p := plot.New()
	p.Title.Text, p.Y.Label.Text = title, yLabel
	legend := plot.NewLegend()
	legend.Left, legend.Top = true, true
	var labels []string
	n := len(series)
	if n == 0 {
		return fmt.Errorf("no bar series to draw in %s", base)
	}
	width := vg.Points(math.Min(16, 48/float64(n)))
	for i, s := range series {
		if len(s.Values) != len(categories) || (s.Lo != nil && len(s.Lo) != len(categories)) || (s.Hi != nil && len(s.Hi) != len(categories)) {
			return fmt.Errorf("series %s: %d values for %d categories", s.Label, len(s.Values), len(categories))
		}
		vals := make(plotter.Values, len(s.Values))
		for j, v := range s.Values {
			if finite(v) {
				vals[j] = v
			}
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return err
		}
		bars.Color = plotutil.Color(i)
		bars.LineStyle.Width = 0
		bars.Offset = vg.Length(float64(i)-float64(n-1)/2) * width
		p.Add(bars)
		legend.Add(s.Label, bars)
		labels = append(labels, s.Label)
		if s.Lo != nil && s.Hi != nil {
			var errs barErrs
			for j, v := range s.Values {
				if finite(v) && finite(s.Lo[j]) && finite(s.Hi[j]) {
					errs = append(errs, pointErr{x: float64(j), y: v, lo: v - s.Lo[j], hi: s.Hi[j] - v})
				}
			}
			if len(errs) > 0 {
				eb, err := plotter.NewYErrorBars(errs)
				if err != nil {
					return err
				}
				eb.CapWidth = width / 2
				p.Add(offsetPlotter{eb, bars.Offset})
			}
		}
	}
	p.NominalX(categories...)
	p.X.Tick.Label.Rotation = math.Pi / 5
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	w := math.Max(5, 1.2+float64(len(categories))*(float64(n)*float64(width/vg.Inch)+0.25))
	return plotSaveLegendRight(p, &legend, labels, vg.Length(w)*vg.Inch, 4.5*vg.Inch, base)
}

type barErrs []pointErr

func (p barErrs) Len() int                        { return len(p) }
func (p barErrs) XY(i int) (float64, float64)     { return p[i].x, p[i].y }
func (p barErrs) YError(i int) (float64, float64) { return p[i].lo, p[i].hi }

// offsetPlotter shifts a plotter horizontally by a fixed length on the canvas, so that error bars
// sit on their bar of a grouped bar chart (BarChart.Offset has no counterpart in YErrorBars).
type offsetPlotter struct {
	plot.Plotter
	dx vg.Length
}

func (o offsetPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	c.Push()
	c.Translate(vg.Point{X: o.dx})
	o.Plotter.Plot(c, p)
	c.Pop()
}

func (o offsetPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	if dr, ok := o.Plotter.(plot.DataRanger); ok {
		return dr.DataRange()
	}
	return math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func translucent(c color.Color, alpha uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: alpha}
}
