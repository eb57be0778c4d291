package criticality

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// phaseColors is the diverging colour map of log₁₀ χ₁ over [−1, 1]: blue ordered, red chaotic,
// white-grey at χ₁ = 1.
func phaseColors() palette.DivergingColorMap {
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-1)
	cm.SetMax(1)
	return cm
}

// chiTicks labels the colour bar in χ₁ (its axis is log₁₀ χ₁).
func chiTicks() plot.ConstantTicks {
	vals := []float64{0.1, 0.2, 0.5, 1, 2, 5, 10}
	pos, labels := make([]float64, len(vals)), make([]string, len(vals))
	for i, v := range vals {
		pos[i], labels[i] = math.Log10(v), strconv.FormatFloat(v, 'g', -1, 64)
	}
	return plots.ValueTicks(pos, labels)
}

// phaseGrid is the heat-map grid of a diagram: log₁₀ χ₁ over (log₁₀ σ_w², σ_b²), NaN where q*
// diverges, −MaxFloat64 (the underflow colour) where χ₁ = 0.
func phaseGrid(r phaseResult) plots.Grid {
	g := plots.Grid{Xs: make([]float64, len(r.SW2s)), Ys: r.SB2s, Zs: make([][]float64, len(r.SB2s))}
	for j, v := range r.SW2s {
		g.Xs[j] = math.Log10(v)
	}
	for i, row := range r.Chi {
		g.Zs[i] = make([]float64, len(row))
		for j, c := range row {
			g.Zs[i][j] = math.NaN()
			if c > 0 {
				g.Zs[i][j] = math.Log10(c)
			} else if c == 0 {
				g.Zs[i][j] = -math.MaxFloat64 // underflow colour
			}
		}
	}
	return g
}

// segments splits pts into the runs of consecutive points for which keep is true.
func segments(pts plotter.XYs, keep func(plotter.XY) bool) []plotter.XYs {
	var out []plotter.XYs
	var seg plotter.XYs
	for _, pt := range pts {
		if !keep(pt) {
			if len(seg) > 0 {
				out = append(out, seg)
			}
			seg = nil
			continue
		}
		seg = append(seg, pt)
	}
	if len(seg) > 0 {
		out = append(out, seg)
	}
	return out
}

// addEOCCurve draws the EOC curve in black where it exists within the σ_w² axis (up to xhi), a
// lone point as a dot.
func addEOCCurve(p *plot.Plot, curve []eocPoint, xhi float64) error {
	var pts plotter.XYs
	for _, pt := range curve {
		x := math.NaN()
		if pt.ok() {
			x = math.Log10(pt.SW2)
		}
		pts = append(pts, plotter.XY{X: x, Y: pt.SB2})
	}
	for _, seg := range segments(pts, func(pt plotter.XY) bool { return !math.IsNaN(pt.X) && pt.X <= xhi }) {
		if len(seg) == 1 {
			s, err := plotter.NewScatter(seg)
			if err != nil {
				return err
			}
			s.GlyphStyle.Shape, s.GlyphStyle.Radius = draw.CircleGlyph{}, vg.Points(3)
			p.Add(s)
			continue
		}
		l, err := plotter.NewLine(seg)
		if err != nil {
			return err
		}
		l.Width = vg.Points(2.2)
		p.Add(l)
	}
	return nil
}

// phasePlot draws one activation's diagram: the heat map of log₁₀ χ₁ over (log₁₀ σ_w², σ_b²),
// grey where q* diverges, the EOC curve in black. small shortens the title for the overview.
func phasePlot(r phaseResult, small bool) (*plot.Plot, error) {
	g := phaseGrid(r)
	p := plot.New()
	p.Add(plots.HeatMap(g, phaseColors(), !r.Coarse))
	xlo, xhi := plots.CellEdges(g.Xs)
	if err := addEOCCurve(p, r.Curve, xhi); err != nil {
		return nil, err
	}
	title := r.Act
	if small {
		title = shortName(r.Act)
	}
	if r.Capped {
		title += " †"
	}
	if r.Coarse {
		title += " (coarse grid)"
	}
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = "σ_w²", "σ_b²"
	if !small {
		p.Title.Text += "\nχ₁: blue ordered, red chaotic, dark grey: q* diverges; edge of chaos in black"
		p.X.Label.Text = "σ_w² (log scale)"
	}
	p.X.Tick.Marker = plots.LogTicks{}
	p.X.Min, p.X.Max = xlo, xhi
	ylo, yhi := plots.CellEdges(g.Ys)
	p.Y.Min, p.Y.Max = ylo, yhi
	return p, nil
}

// shortName is the activation's name with its non-default parameters.
func shortName(spec string) string {
	name, _, _ := strings.Cut(spec, ":")
	if d, err := activations.Default(name); err == nil && d == spec {
		return name
	}
	return spec
}

// writePhase writes the per-activation diagrams, the overview, eoc_curves.csv and
// eoc_table.md/.csv.
func writePhase(dir string, res []phaseResult) error {
	cb := plots.ColorBar(phaseColors(), "χ₁ (log scale)", chiTicks())
	var tiles []*plot.Plot
	for _, r := range res {
		p, err := phasePlot(r, false)
		if err != nil {
			return fmt.Errorf("%s: %w", r.Act, err)
		}
		if err := plots.SaveTiles([]*plot.Plot{p}, 1, 6.5*vg.Inch, 4.6*vg.Inch, cb, filepath.Join(dir, "phase_"+slug(r.Act))); err != nil {
			return err
		}
		small, err := phasePlot(r, true)
		if err != nil {
			return err
		}
		tiles = append(tiles, small)
	}
	cols := min(4, len(tiles))
	if err := plots.SaveTiles(tiles, cols, 3.4*vg.Inch, 2.7*vg.Inch, cb, filepath.Join(dir, "phase_overview")); err != nil {
		return err
	}
	// eoc_curves.csv: every EOC point computed.
	var cs strings.Builder
	w := csv.NewWriter(&cs)
	w.Write([]string{"activation", "kind", "sb2", "sw2_eoc", "sigma_w_eoc", "q_star", "capped_by_maxslope", "note"})
	for _, r := range res {
		for _, p := range r.Curve {
			w.Write([]string{r.Act, r.Kind, sweep.FormatFloat(p.SB2), sweep.FormatFloat(p.SW2), sweep.FormatFloat(math.Sqrt(p.SW2)), sweep.FormatFloat(p.QStar),
				strconv.FormatBool(r.Capped), p.Note})
		}
	}
	w.Flush()
	if err := errors.Join(w.Error(), atomicfile.WriteFile(filepath.Join(dir, "eoc_curves.csv"), []byte(cs.String()))); err != nil {
		return err
	}
	// eoc_table.csv and .md.
	cs.Reset()
	w = csv.NewWriter(&cs)
	w.Write([]string{"activation", "kind", "sb2", "sw2_eoc", "sigma_w_eoc", "q_star", "xi_c_ordered", "xi_c_chaotic", "capped_by_maxslope", "note",
		"q_star_stable", "forward_slope", "forward_stable", "branch_end_sw2", "branch_end_q"})
	f := sweep.FormatFloat
	for _, r := range res {
		for _, p := range r.Table {
			s := p.Stab
			w.Write([]string{r.Act, r.Kind, f(p.SB2), f(p.SW2), f(math.Sqrt(p.SW2)), f(p.QStar),
				f(p.XiC[0]), f(p.XiC[1]), strconv.FormatBool(r.Capped), p.Note,
				f(s.QStable), f(s.Forward), s.Stable, f(s.BranchSW2), f(s.BranchQ)})
		}
	}
	w.Flush()
	return errors.Join(w.Error(), atomicfile.WriteFile(filepath.Join(dir, "eoc_table.csv"), []byte(cs.String())),
		atomicfile.WriteFile(filepath.Join(dir, "eoc_table.md"), []byte(eocTable(res))))
}

// eocTable renders the EOC table as Markdown: one row per activation, per σ_b² the EOC
// σ_w² (σ_w), q* and ξ_c on either side, or why there is none.
func eocTable(res []phaseResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Edge of chaos σ_w²(σ_b²): q* and ξ_c at %.2g·σ_w² (ordered) / %.3g·σ_w² (chaotic)\n\n", sides()[0], sides()[1])
	b.WriteString("| activation | kind |")
	for _, sb2 := range tableSB2() {
		fmt.Fprintf(&b, " σ_b² = %s |", sweep.FormatFloat(sb2))
	}
	b.WriteString("\n| --- | --- |" + strings.Repeat(" --- |", len(tableSB2())) + "\n")
	capped := false
	for _, r := range res {
		name := "`" + r.Act + "`"
		if r.Capped {
			name += " †"
			capped = true
		}
		fmt.Fprintf(&b, "| %s | %s |", name, r.Kind)
		for _, p := range r.Table {
			if !p.ok() {
				fmt.Fprintf(&b, " none: %s |", p.Note)
				continue
			}
			fmt.Fprintf(&b, " σ_w² = %s (σ_w = %s), q* = %s, ξ_c = %s / %s; forward: %s |", sig(p.SW2, 4), sig(math.Sqrt(p.SW2), 4), qText(p),
				sig(p.XiC[0], 3), sig(p.XiC[1], 3), forwardText(p.Stab))
		}
		b.WriteString("\n")
	}
	b.WriteString("\nξ_c = −1/ln χ_c is the depth over which two inputs' correlation relaxes (∞ on the EOC); " +
		"networks are trainable to about 6·ξ_c layers (Schoenholz et al. 2017). \"—\": the length map has no finite fixed point there. " +
		"q* is the fixed point reached from q = 1 (standardised inputs), which the EOC search and the eoc initialiser use; where the stable branch " +
		"(the length map iterated from q → 0⁺, StableFixedPoint, independent of a starting variance) has another q* at that σ_w², it is given beside it; " +
		"where there is no EOC because q* diverges, the note says where that branch ends (StableBranchEnd: a saddle-node, or q* → ∞). " +
		"forward: the slope of the forward correlation map at c = 1 computed from φ itself (ForwardStability): stable at the edge when φ′ is the exact " +
		"derivative, chaotic at every σ_w² for the magnetizations, whose φ′ is not square-integrable, so that their edge belongs to the clipped backward pass only.\n")
	if capped {
		b.WriteString("\n† depends on maxslope: φ′ diverges at the critical point (mean field x^(−1/2), 2D Ising x^(−7/8)), so E[φ′²] and χ₁ " +
			"are infinite for the exact function and there is no true edge of chaos; the EOC found exists only because DF is " +
			"clipped at maxslope (default 10) and moves with it.\n")
	}
	return b.String()
}
