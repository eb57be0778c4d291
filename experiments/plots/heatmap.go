package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
)

// Grid is a heat-map grid (a plotter.GridXYZ): Zs[r][c] at (Xs[c], Ys[r]). NaN cells are drawn in the heat
// map's NaN colour.
type Grid struct {
	Xs, Ys []float64
	Zs     [][]float64
}

func (g Grid) Dims() (c, r int)   { return len(g.Xs), len(g.Ys) }
func (g Grid) Z(c, r int) float64 { return g.Zs[r][c] }
func (g Grid) X(c int) float64    { return g.Xs[c] }
func (g Grid) Y(r int) float64    { return g.Ys[r] }

// CellEdges returns the outer edges of cells centred at the increasing values v (half a step
// beyond the first and last centre, as plotter.HeatMap draws them).
func CellEdges(v []float64) (lo, hi float64) {
	if len(v) == 1 {
		return v[0] - 0.5, v[0] + 0.5
	}
	return v[0] - (v[1]-v[0])/2, v[len(v)-1] + (v[len(v)-1]-v[len(v)-2])/2
}

// nanGrey marks cells without a value (no finite q*, a missing run); darker than the light
// grey at the centre of the diverging colour map.
var nanGrey = color.Gray{Y: 95}

// HeatMap returns the heat map of g coloured by cm over [cm.Min(), cm.Max()], values
// outside drawn in the end colours, NaN in grey. smooth draws an evenly spaced grid as one
// image (no seams between many small cells; the PNG renderer interpolates between cells).
func HeatMap(g Grid, cm palette.ColorMap, smooth bool) *plotter.HeatMap {
	pal := cm.Palette(256)
	h := plotter.NewHeatMap(g, pal)
	h.Min, h.Max = cm.Min(), cm.Max()
	cols := pal.Colors()
	h.Underflow, h.Overflow, h.NaN = cols[0], cols[len(cols)-1], nanGrey
	h.Rasterized = smooth && Uniform(g.Xs) && Uniform(g.Ys)
	return h
}

// Uniform reports whether v is evenly spaced (as a rasterized heat map assumes).
func Uniform(v []float64) bool {
	for i := 2; i < len(v); i++ {
		if math.Abs((v[i]-v[i-1])-(v[1]-v[0])) > 1e-6*math.Abs(v[1]-v[0]) {
			return false
		}
	}
	return len(v) > 1
}

// LogTicks labels a log₁₀ axis over [lo, hi] (in log₁₀ units) at 1, 2 and 5 times the
// powers of ten (only the powers when the axis spans more than 2.5 decades), with minor ticks at
// the other integers.
type LogTicks struct{}

func (LogTicks) Ticks(lo, hi float64) []plot.Tick {
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

// ValueTicks labels the given positions with the given texts.
func ValueTicks(pos []float64, labels []string) plot.ConstantTicks {
	t := make(plot.ConstantTicks, len(pos))
	for i := range pos {
		t[i] = plot.Tick{Value: pos[i], Label: labels[i]}
	}
	return t
}

// ColorBar returns a vertical colour-bar plot of cm with the given label and ticks.
func ColorBar(cm palette.ColorMap, label string, ticks plot.Ticker) *plot.Plot {
	cb := plot.New()
	cb.Add(&plotter.ColorBar{ColorMap: cm, Vertical: true, Colors: 256})
	cb.HideX()
	cb.Y.Label.Text = label
	cb.Y.Tick.Marker = ticks
	cb.Y.Min, cb.Y.Max = cm.Min(), cm.Max()
	return cb
}
