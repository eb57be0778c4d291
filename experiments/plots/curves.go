package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// Curve is one learning curve: the mean over seeds at each X (epoch) with its spread.
type Curve struct {
	Label        string
	X, Mean, Std []float64
}

// CurvesFrom averages a metric on a split over the runs of each group at every epoch, giving
// one curve per group (named by group(key); curves sorted by name). Std is the sample standard
// deviation over the runs at that epoch (0 with one run); NaN values are skipped.
func CurvesFrom(recs []sweep.Record, metric, split string, group func(sweep.Key) string) []Curve {
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
	var out []Curve
	for g, byEpoch := range vals {
		c := Curve{Label: g}
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
	slices.SortFunc(out, func(a, b Curve) int { return strings.Compare(a.Label, b.Label) })
	return out
}

// LearningCurves draws every curve as its mean line over a translucent band mean ± std, with
// a legend, and saves it at base (.png and .svg).
func LearningCurves(base, title, xLabel, yLabel string, curves []Curve) error {
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
			if !Finite(c.X[j]) || !Finite(c.Mean[j]) || !Finite(c.Std[j]) {
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
	return SaveLegendRight(p, &legend, labels, 6.5*vg.Inch, 4.5*vg.Inch, base)
}
