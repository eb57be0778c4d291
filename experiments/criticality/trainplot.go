package criticality

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/sweep"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// accColors is the sequential colour map of accuracy over [0.1, 1] (chance to perfect).
func accColors() palette.ColorMap {
	cm := moreland.ExtendedBlackBody()
	cm.SetMin(0.1)
	cm.SetMax(1)
	return cm
}

// trainGrid is the heat-map grid of one activation's cells: test accuracy over (log₁₀ σ_w²,
// log₂ depth), with the cells' labels (accuracy in percent, * where a run diverged) and which
// labels sit on a dark cell.
func trainGrid(depths []int, ap actPlan, cells []cell) (plots.Grid, plotter.XYLabels, []bool) {
	g := plots.Grid{Xs: make([]float64, len(ap.SW2)), Ys: make([]float64, len(depths)), Zs: make([][]float64, len(depths))}
	for j, v := range ap.SW2 {
		g.Xs[j] = math.Log10(v)
	}
	var labels plotter.XYLabels
	var dark []bool
	for i, d := range depths {
		g.Ys[i] = math.Log2(float64(d))
		g.Zs[i] = make([]float64, len(ap.SW2))
		for j, sw2 := range ap.SW2 {
			g.Zs[i][j] = math.NaN()
			c, ok := findCell(cells, d, sw2)
			if !ok || math.IsNaN(c.Acc) {
				continue
			}
			g.Zs[i][j] = c.Acc
			labels.XYs = append(labels.XYs, plotter.XY{X: g.Xs[j], Y: g.Ys[i]})
			l := strconv.FormatFloat(100*c.Acc, 'f', 0, 64)
			if c.Diverged > 0 {
				l += "*"
			}
			labels.Labels = append(labels.Labels, l)
			dark = append(dark, c.Acc < 0.55)
		}
	}
	return g, labels, dark
}

// addCellLabels writes the labels in their cells, light on the dark (low-accuracy) cells.
func addCellLabels(p *plot.Plot, labels plotter.XYLabels, dark []bool) error {
	if len(labels.XYs) == 0 {
		return nil
	}
	lp, err := plotter.NewLabels(labels)
	if err != nil {
		return err
	}
	for i := range lp.TextStyle {
		lp.TextStyle[i].XAlign, lp.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
		lp.TextStyle[i].Color = color.Black
		if dark[i] {
			lp.TextStyle[i].Color = color.White
		}
	}
	p.Add(lp)
	return nil
}

// addBound draws the depth bound 6·ξ_c (points (log₁₀ σ_w², log₂ 6·ξ_c)) in green dashes where
// it lies within the plotted area, and the EOC as a blue dotted vertical line.
func addBound(p *plot.Plot, ap actPlan, bound plotter.XYs, xlo, xhi, ylo, yhi float64) error {
	inside := func(pt plotter.XY) bool { return pt.Y <= yhi && pt.X >= xlo && pt.X <= xhi }
	for _, seg := range segments(bound, inside) {
		if len(seg) < 2 {
			continue
		}
		seg = slices.Clone(seg)
		for i := range seg {
			seg[i].Y = math.Max(ylo, seg[i].Y)
		}
		if err := addStyledLine(p, seg, color.RGBA{G: 200, B: 80, A: 255}, 2.5, 6, 3); err != nil {
			return err
		}
	}
	if math.IsNaN(ap.EOC) || math.Log10(ap.EOC) < xlo || math.Log10(ap.EOC) > xhi {
		return nil
	}
	x := math.Log10(ap.EOC)
	return addStyledLine(p, plotter.XYs{{X: x, Y: ylo}, {X: x, Y: yhi}}, color.RGBA{R: 30, G: 120, B: 255, A: 255}, 1.5, 2, 2)
}

// addStyledLine adds a dashed line of the given colour, width and dash pattern (in points).
func addStyledLine(p *plot.Plot, xys plotter.XYs, c color.Color, width, on, off float64) error {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(width)
	l.Dashes = []vg.Length{vg.Points(on), vg.Points(off)}
	p.Add(l)
	return nil
}

// trainTitle is the plot's title: the activation and, in full, the legend of the lines.
func trainTitle(cfg Config, ap actPlan, small bool) string {
	title := shortName(ap.Act)
	switch {
	case small && math.IsNaN(ap.EOC):
		title += " (no EOC)"
	case !small:
		title = ap.Act + fmt.Sprintf(": test accuracy (%%), σ_b² = %s, *: loss diverged\ngreen dashed: depth bound 6·ξ_c (theory); ", sweep.FormatFloat(cfg.SB2))
		if math.IsNaN(ap.EOC) {
			title += "no EOC at this σ_b²"
		} else {
			title += "blue dotted: EOC σ_w² = " + sig(ap.EOC, 4)
		}
	}
	return title
}

// trainPlot draws one activation's trainability heat map: test accuracy over (log σ_w², log
// depth), the value written in each cell, the 6·ξ_c bound (bound: points (log₁₀ σ_w², log₂
// 6·ξ_c), see the function bound) and the EOC on top.
func trainPlot(cfg Config, ap actPlan, cells []cell, bound plotter.XYs, small bool) (*plot.Plot, error) {
	depths := slices.Clone(cfg.Depths)
	slices.Sort(depths)
	g, labels, dark := trainGrid(depths, ap, cells)
	if len(g.Xs) == 0 || len(g.Ys) == 0 {
		return nil, errors.New("empty grid")
	}
	p := plot.New()
	p.Add(plots.HeatMap(g, accColors(), false))
	xlo, xhi := plots.CellEdges(g.Xs)
	ylo, yhi := plots.CellEdges(g.Ys)
	if len(g.Xs) == 1 {
		xlo, xhi = g.Xs[0]-0.1, g.Xs[0]+0.1
	}
	if err := addCellLabels(p, labels, dark); err != nil {
		return nil, err
	}
	if err := addBound(p, ap, bound, xlo, xhi, ylo, yhi); err != nil {
		return nil, err
	}
	p.Title.Text = trainTitle(cfg, ap, small)
	p.X.Label.Text, p.Y.Label.Text = "σ_w²", "depth"
	var xt, yt []float64
	var xl, yl []string
	for j, v := range ap.SW2 {
		xt, xl = append(xt, g.Xs[j]), append(xl, sig(v, 3))
	}
	for i, d := range depths {
		yt, yl = append(yt, g.Ys[i]), append(yl, strconv.Itoa(d))
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plots.ValueTicks(xt, xl), plots.ValueTicks(yt, yl)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xlo, xhi, ylo, yhi
	return p, nil
}

// trainPlots writes trainability_<act> per activation and trainability_overview; it returns
// the per-activation base names.
func trainPlots(cfg Config, dir string, pl plan, cells map[string][]cell) ([]string, error) {
	pos := []float64{0.1, 0.25, 0.5, 0.75, 0.9, 1}
	lab := []string{"10", "25", "50", "75", "90", "100"}
	cb := plots.ColorBar(accColors(), "test accuracy (%)", plots.ValueTicks(pos, lab))
	bounds := make(map[string]plotter.XYs, len(pl.Acts))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, ap := range pl.Acts {
		if len(ap.SW2) == 0 {
			continue
		}
		wg.Go(func() {
			b := bound(cfg, ap)
			mu.Lock()
			bounds[ap.Act] = b
			mu.Unlock()
		})
	}
	wg.Wait()
	var names []string
	var tiles []*plot.Plot
	for _, ap := range pl.Acts {
		if len(cells[ap.Act]) == 0 {
			continue
		}
		p, err := trainPlot(cfg, ap, cells[ap.Act], bounds[ap.Act], false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ap.Act, err)
		}
		name := "trainability_" + slug(ap.Act)
		if err := plots.SaveTiles([]*plot.Plot{p}, 1, 6.5*vg.Inch, 4.2*vg.Inch, cb, filepath.Join(dir, name)); err != nil {
			return nil, err
		}
		names = append(names, name)
		small, err := trainPlot(cfg, ap, cells[ap.Act], bounds[ap.Act], true)
		if err != nil {
			return nil, err
		}
		tiles = append(tiles, small)
	}
	if len(tiles) == 0 {
		return names, nil
	}
	if err := plots.SaveTiles(tiles, min(4, len(tiles)), 3.6*vg.Inch, 2.8*vg.Inch, cb, filepath.Join(dir, "trainability_overview")); err != nil {
		return nil, err
	}
	return names, nil
}

// bound samples the theory's depth bound over the activation's σ_w² grid (half a cell
// beyond each end): points (log₁₀ σ_w², log₂ 6·ξ_c), y = +Inf where ξ_c is infinite and NaN
// where q* diverges.
func bound(cfg Config, ap actPlan) plotter.XYs {
	xs := make([]float64, len(ap.SW2))
	for i, v := range ap.SW2 {
		xs[i] = math.Log10(v)
	}
	lo, hi := plots.CellEdges(xs)
	if len(xs) == 1 {
		lo, hi = xs[0]-0.1, xs[0]+0.1
	}
	var out plotter.XYs
	for _, lx := range linspace(lo, hi, 48) { // a chaotic-side ξ_c costs ~0.15 s (correlation fixed point)
		y := math.NaN()
		if ds, err := ap.Theory.DepthScales(math.Pow(10, lx), cfg.SB2); err == nil && ds.XiC > 0 {
			y = math.Log2(6 * ds.XiC)
		}
		out = append(out, plotter.XY{X: lx, Y: y})
	}
	return out
}

// within says whether a cell lies within the theory's depth bound: "true", "false", or
// "n/a" without a finite q*.
func within(c cell) string {
	if math.IsNaN(c.XiC) {
		return "n/a"
	}
	return strconv.FormatBool(c.Depth <= 6*c.XiC)
}
