package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Point is one labelled estimate with its interval, e.g. an activation's mean accuracy and
// 95% CI.
type Point struct {
	Label         string
	Value, Lo, Hi float64
}

// PointsWithErrors draws one horizontal row per point — the value as a dot, the interval
// [Lo, Hi] as an error bar — labels on the vertical axis (long activation specs stay readable),
// in the given order from the top, and saves it at base.
func PointsWithErrors(base, title, xLabel string, pts []Point) error {
	p := plot.New()
	p.Title.Text, p.X.Label.Text = title, xLabel
	var xys pointErrs
	names := make([]string, len(pts))
	for i, pt := range pts {
		names[len(pts)-1-i] = pt.Label
		if !Finite(pt.Value) {
			continue
		}
		lo, hi := pt.Lo, pt.Hi
		if !Finite(lo) || !Finite(hi) {
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
	return Save(p, 7*vg.Inch, vg.Length(1.2+0.28*float64(len(pts)))*vg.Inch, base)
}

type pointErr struct{ x, y, lo, hi float64 }
type pointErrs []pointErr

func (p pointErrs) Len() int                        { return len(p) }
func (p pointErrs) XY(i int) (float64, float64)     { return p[i].x, p[i].y }
func (p pointErrs) XError(i int) (float64, float64) { return p[i].lo, p[i].hi }

// BarSeries is one series of grouped bars (e.g. one model), one value per category
// (activation), with its interval [Lo, Hi] (e.g. Wilson's for a success rate). Lo and Hi may be
// nil for no error bars.
type BarSeries struct {
	Label          string
	Values, Lo, Hi []float64
}

// GroupedBars draws, for each category on the horizontal axis, one bar per series side by
// side with its error bar, a legend of the series, and saves it at base. It suits success rates
// per activation for each model (XOR: perceptron, 2-2-1, 2-4-1).
func GroupedBars(base, title, yLabel string, categories []string, series []BarSeries) error {
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
			if Finite(v) {
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
				if Finite(v) && Finite(s.Lo[j]) && Finite(s.Hi[j]) {
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
	return SaveLegendRight(p, &legend, labels, vg.Length(w)*vg.Inch, 4.5*vg.Inch, base)
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
