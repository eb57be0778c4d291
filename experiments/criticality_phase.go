package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/nn"
	"github.com/isingact/isingact/physics/signal"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Part a of the criticality command: phase diagrams χ₁(σ_w², σ_b²), the EOC curves and the table
// of EOC points.

// critTableSB2 are the σ_b² of the EOC table.
var critTableSB2 = []float64{0, 0.05, 0.5, 1}

// critSides are the factors of σ_w²_EOC at which the EOC table gives ξ_c: the ordered and the
// chaotic side.
var critSides = [2]float64{0.8, 1.25}

// critEOCPoint is the edge of chaos at one σ_b², or why there is none.
type critEOCPoint struct {
	SB2, SW2, QStar float64 // SW2 and QStar NaN when there is no EOC
	Note            string
	// XiC are ξ_c at critSides[i]·SW2 (NaN where the length map has no fixed point there).
	XiC [2]float64
}

func (p critEOCPoint) ok() bool { return !math.IsNaN(p.SW2) }

// critPhaseResult is one activation's phase diagram.
type critPhaseResult struct {
	Act     string
	Kind    string // stock or derived
	Capped  bool   // DF capped by maxslope: the EOC exists only because of the cap
	SW2s    []float64
	SB2s    []float64
	Chi     [][]float64 // Chi[i][j] = χ₁(SW2s[j], SB2s[i]); NaN: no finite q*
	Curve   []critEOCPoint
	Table   []critEOCPoint // at critTableSB2
	Coarse  bool           // a 3× coarser grid: χ₁ costs more than PhaseSlow times tanh's
	Seconds float64
}

// critPhase computes every activation's phase diagram on cfg.Workers goroutines.
func critPhase(ctx context.Context, cfg critConfig, stderr io.Writer) ([]critPhaseResult, error) {
	tanh, _, err := critTheory("tanh")
	if err != nil {
		return nil, err
	}
	ref := critChiCost(tanh)
	res := make([]critPhaseResult, len(cfg.PhaseActs))
	errs := make([]error, len(cfg.PhaseActs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(cfg.Workers, len(cfg.PhaseActs)) {
		wg.Go(func() {
			for i := range work {
				if ctx.Err() != nil {
					errs[i] = ctx.Err()
					continue
				}
				res[i], errs[i] = critPhaseOne(cfg, cfg.PhaseActs[i], ref)
				if errs[i] == nil {
					fmt.Fprintf(stderr, "criticality: phase diagram %s: %d×%d grid in %.1f s\n", res[i].Act, len(res[i].SW2s), len(res[i].SB2s), res[i].Seconds)
				}
			}
		})
	}
	for i := range cfg.PhaseActs {
		work <- i
	}
	close(work)
	wg.Wait()
	return res, errors.Join(errs...)
}

// critTheory returns the mean-field theory of an activation spec with the default options
// (length map iterated from q = 1).
func critTheory(spec string) (*signal.Theory, activations.Activation, error) {
	a, err := activations.Parse(spec)
	if err != nil {
		return nil, nil, err
	}
	th, err := signal.New(nn.SignalActivation(a), nil)
	return th, a, err
}

// critKind returns "stock" or "derived" for a spec, from the registry.
func critKind(spec string) string {
	name, _, _ := strings.Cut(spec, ":")
	if info, err := activations.Describe(name); err == nil {
		return info.Kind.String()
	}
	return ""
}

// critChiCost returns the mean wall time of one χ₁ evaluation over a few grid points.
func critChiCost(th *signal.Theory) float64 {
	t0 := time.Now()
	n := 0
	for _, sw2 := range []float64{0.3, 1.5, 6} {
		for _, sb2 := range []float64{0, 0.5} {
			th.Chi1(sw2, sb2)
			n++
		}
	}
	return time.Since(t0).Seconds() / float64(n)
}

// critPhaseOne computes one activation's phase diagram. The cost of a χ₁ evaluation is measured
// first and compared with tanh's (ref, measured the same way): an activation more than
// cfg.PhaseSlow times slower (population: ~50×) is drawn on a grid 3 times coarser in each
// direction, with a third of the EOC-curve points (the table's σ_b² are always computed). The
// ratio, not the time, decides, so that the grid does not depend on the machine's load.
func critPhaseOne(cfg critConfig, spec string, ref float64) (critPhaseResult, error) {
	start := time.Now()
	th, _, err := critTheory(spec)
	if err != nil {
		return critPhaseResult{}, err
	}
	r := critPhaseResult{Act: spec, Kind: critKind(spec), Capped: strings.Contains(spec, "maxslope=")}
	gw, gb, cb := cfg.GridW, cfg.GridB, cfg.CurveB
	if critChiCost(th) > cfg.PhaseSlow*ref {
		gw, gb, cb = max(6, gw/3), max(4, gb/3), max(3, cb/3)
		r.Coarse = true
	}
	// The EOC curve, then the table's points (sharing the searches).
	eoc := map[float64]critEOCPoint{}
	point := func(sb2 float64) critEOCPoint {
		if p, ok := eoc[sb2]; ok {
			return p
		}
		p := critEOCAt(th, sb2)
		eoc[sb2] = p
		return p
	}
	for _, u := range linspace(0, 1, cb) { // quadratic spacing: the curve bends most near σ_b² = 0
		r.Curve = append(r.Curve, point(u*u))
	}
	for _, sb2 := range critTableSB2 {
		p := point(sb2)
		if p.ok() {
			for i, f := range critSides {
				p.XiC[i] = math.NaN()
				if ds, err := th.DepthScales(f*p.SW2, sb2); err == nil {
					p.XiC[i] = ds.XiC
				}
			}
		}
		r.Table = append(r.Table, p)
	}
	for _, sb2 := range critTableSB2 { // the curve shows the table's points too
		if !slices.ContainsFunc(r.Curve, func(p critEOCPoint) bool { return p.SB2 == sb2 }) {
			r.Curve = append(r.Curve, eoc[sb2])
		}
	}
	slices.SortFunc(r.Curve, func(a, b critEOCPoint) int { return cmpFloat(a.SB2, b.SB2) })
	// σ_w² axis: 0.1 … max(10, 4·largest EOC σ_w²), log-spaced.
	hi := 10.0
	for _, p := range r.Curve {
		if p.ok() {
			hi = math.Max(hi, 4*p.SW2)
		}
	}
	r.SW2s = logspace(0.1, hi, gw)
	r.SB2s = linspace(0, 1, gb)
	r.Chi = th.PhaseDiagram(r.SW2s, r.SB2s)
	r.Seconds = time.Since(start).Seconds()
	return r, nil
}

// critEOCAt returns the EOC at sb2, or NaN with a short reason.
func critEOCAt(th *signal.Theory, sb2 float64) critEOCPoint {
	p := critEOCPoint{SB2: sb2, SW2: math.NaN(), QStar: math.NaN(), XiC: [2]float64{math.NaN(), math.NaN()}}
	sw2, err := th.EOCWeightVariance(sb2)
	if err != nil {
		p.Note = critNoEOCReason(err)
		return p
	}
	_, q, err := th.Chi1(sw2, sb2)
	if err != nil {
		p.Note = err.Error()
		return p
	}
	p.SW2, p.QStar = sw2, q
	return p
}

// critNoEOCReason turns EOCWeightVariance's error into a short note for the table.
func critNoEOCReason(err error) string {
	msg := err.Error()
	switch {
	case !errors.Is(err, signal.ErrNoEOC):
		return msg
	case strings.Contains(msg, "q* → ∞"):
		return "χ₁ → 1 only as q* → ∞"
	case strings.Contains(msg, "q* diverges beyond"):
		// "q* diverges beyond σ_w² = X where χ₁ = Y"
		_, rest, _ := strings.Cut(msg, "beyond σ_w² = ")
		xs, ys, _ := strings.Cut(rest, " where χ₁ = ")
		x, e1 := strconv.ParseFloat(strings.TrimSpace(xs), 64)
		y, e2 := strconv.ParseFloat(strings.TrimSpace(ys), 64)
		if e1 == nil && e2 == nil {
			return fmt.Sprintf("q* diverges beyond σ_w² = %.3g, where χ₁ = %.3g", x, y)
		}
		return "q* diverges before χ₁ reaches 1"
	case strings.Contains(msg, "jumps"):
		return "χ₁ jumps across 1 (q* changes branch)"
	case strings.Contains(msg, "stays in"):
		// "χ₁ stays in [a, b] for σ_w² in …"
		if _, rest, ok := strings.Cut(msg, "stays in ["); ok {
			if bounds, _, ok := strings.Cut(rest, "]"); ok {
				lohi := strings.Split(bounds, ", ")
				if len(lohi) == 2 {
					lo, e1 := strconv.ParseFloat(lohi[0], 64)
					hi, e2 := strconv.ParseFloat(lohi[1], 64)
					switch {
					case e1 == nil && e2 == nil && hi < 1:
						return fmt.Sprintf("ordered wherever q* is finite (χ₁ ≤ %.3g)", hi)
					case e1 == nil && e2 == nil && lo > 1:
						return fmt.Sprintf("chaotic everywhere (χ₁ ≥ %.3g)", lo)
					}
				}
			}
		}
		return "χ₁ never crosses 1"
	}
	return "none"
}

func linspace(a, b float64, n int) []float64 {
	if n == 1 {
		return []float64{a}
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	v[n-1] = b
	return v
}

func logspace(a, b float64, n int) []float64 {
	v := linspace(math.Log(a), math.Log(b), n)
	for i := range v {
		v[i] = math.Exp(v[i])
	}
	v[0], v[n-1] = a, b
	return v
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// critSlug is a file-name form of an activation spec: the bare name for a registry default,
// else the spec with ':', '=', ',' and ';' replaced.
func critSlug(spec string) string {
	name, _, _ := strings.Cut(spec, ":")
	if d, err := activations.Default(name); err == nil && d == spec {
		return name
	}
	return strings.NewReplacer(":", "_", "=", "", ",", "_", ";", "_", "/", "_").Replace(spec)
}

// critPhaseColors is the diverging colour map of log₁₀ χ₁ over [−1, 1]: blue ordered, red chaotic,
// white-grey at χ₁ = 1.
func critPhaseColors() palette.DivergingColorMap {
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-1)
	cm.SetMax(1)
	return cm
}

// critChiTicks labels the colour bar in χ₁ (its axis is log₁₀ χ₁).
func critChiTicks() plot.ConstantTicks {
	vals := []float64{0.1, 0.2, 0.5, 1, 2, 5, 10}
	pos, labels := make([]float64, len(vals)), make([]string, len(vals))
	for i, v := range vals {
		pos[i], labels[i] = math.Log10(v), strconv.FormatFloat(v, 'g', -1, 64)
	}
	return plots.ValueTicks(pos, labels)
}

// critPhasePlot draws one activation's diagram: the heat map of log₁₀ χ₁ over (log₁₀ σ_w², σ_b²),
// grey where q* diverges, the EOC curve in black. small shortens the title for the overview.
func critPhasePlot(r critPhaseResult, small bool) (*plot.Plot, error) {
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
	p := plot.New()
	p.Add(plots.HeatMap(g, critPhaseColors(), !r.Coarse))
	// The EOC curve, in segments where it exists.
	var seg plotter.XYs
	flush := func() error {
		defer func() { seg = nil }()
		switch len(seg) {
		case 0:
			return nil
		case 1:
			s, err := plotter.NewScatter(seg)
			if err != nil {
				return err
			}
			s.GlyphStyle.Shape, s.GlyphStyle.Radius = draw.CircleGlyph{}, vg.Points(3)
			p.Add(s)
			return nil
		}
		l, err := plotter.NewLine(seg)
		if err != nil {
			return err
		}
		l.Width = vg.Points(2.2)
		p.Add(l)
		return nil
	}
	xlo, xhi := plots.CellEdges(g.Xs)
	for _, pt := range r.Curve {
		if !pt.ok() || math.Log10(pt.SW2) > xhi {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		seg = append(seg, plotter.XY{X: math.Log10(pt.SW2), Y: pt.SB2})
	}
	if err := flush(); err != nil {
		return nil, err
	}
	title := r.Act
	if small {
		title = critShortName(r.Act)
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

// critShortName is the activation's name with its non-default parameters.
func critShortName(spec string) string {
	name, _, _ := strings.Cut(spec, ":")
	if d, err := activations.Default(name); err == nil && d == spec {
		return name
	}
	return spec
}

// critPhaseOutputs writes the per-activation diagrams, the overview, eoc_curves.csv and
// eoc_table.md/.csv.
func critPhaseOutputs(cfg critConfig, res []critPhaseResult) error {
	cb := plots.ColorBar(critPhaseColors(), "χ₁ (log scale)", critChiTicks())
	var tiles []*plot.Plot
	for _, r := range res {
		p, err := critPhasePlot(r, false)
		if err != nil {
			return fmt.Errorf("%s: %w", r.Act, err)
		}
		if err := plots.SaveTiles([]*plot.Plot{p}, 1, 6.5*vg.Inch, 4.6*vg.Inch, cb, filepath.Join(cfg.Out, "phase_"+critSlug(r.Act))); err != nil {
			return err
		}
		small, err := critPhasePlot(r, true)
		if err != nil {
			return err
		}
		tiles = append(tiles, small)
	}
	cols := min(4, len(tiles))
	if err := plots.SaveTiles(tiles, cols, 3.4*vg.Inch, 2.7*vg.Inch, cb, filepath.Join(cfg.Out, "phase_overview")); err != nil {
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
	if err := errors.Join(w.Error(), atomicfile.WriteFile(filepath.Join(cfg.Out, "eoc_curves.csv"), []byte(cs.String()))); err != nil {
		return err
	}
	// eoc_table.csv and .md.
	cs.Reset()
	w = csv.NewWriter(&cs)
	w.Write([]string{"activation", "kind", "sb2", "sw2_eoc", "sigma_w_eoc", "q_star", "xi_c_ordered", "xi_c_chaotic", "capped_by_maxslope", "note"})
	for _, r := range res {
		for _, p := range r.Table {
			w.Write([]string{r.Act, r.Kind, sweep.FormatFloat(p.SB2), sweep.FormatFloat(p.SW2), sweep.FormatFloat(math.Sqrt(p.SW2)), sweep.FormatFloat(p.QStar),
				sweep.FormatFloat(p.XiC[0]), sweep.FormatFloat(p.XiC[1]), strconv.FormatBool(r.Capped), p.Note})
		}
	}
	w.Flush()
	return errors.Join(w.Error(), atomicfile.WriteFile(filepath.Join(cfg.Out, "eoc_table.csv"), []byte(cs.String())),
		atomicfile.WriteFile(filepath.Join(cfg.Out, "eoc_table.md"), []byte(critEOCTable(res))))
}

// critEOCTable renders the EOC table as Markdown: one row per activation, per σ_b² the EOC
// σ_w² (σ_w), q* and ξ_c on either side, or why there is none.
func critEOCTable(res []critPhaseResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Edge of chaos σ_w²(σ_b²): q* and ξ_c at %.2g·σ_w² (ordered) / %.3g·σ_w² (chaotic)\n\n", critSides[0], critSides[1])
	b.WriteString("| activation | kind |")
	for _, sb2 := range critTableSB2 {
		fmt.Fprintf(&b, " σ_b² = %s |", sweep.FormatFloat(sb2))
	}
	b.WriteString("\n| --- | --- |" + strings.Repeat(" --- |", len(critTableSB2)) + "\n")
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
			fmt.Fprintf(&b, " σ_w² = %s (σ_w = %s), q* = %s, ξ_c = %s / %s |", sig(p.SW2, 4), sig(math.Sqrt(p.SW2), 4), sig(p.QStar, 3),
				sig(p.XiC[0], 3), sig(p.XiC[1], 3))
		}
		b.WriteString("\n")
	}
	b.WriteString("\nξ_c = −1/ln χ_c is the depth over which two inputs' correlation relaxes (∞ on the EOC); " +
		"networks are trainable to about 6·ξ_c layers (Schoenholz et al. 2017). \"—\": the length map has no finite fixed point there. " +
		"The length map is iterated from q = 1 (standardised inputs); for ReLU-like activations with φ(0) = 0 and φ′(0) < 1 " +
		"(Swish, GELU, quench-*) q = 0 is a second, stable branch with χ₁ = σ_w²·φ′(0)² that this table does not follow.\n")
	if capped {
		b.WriteString("\n† depends on maxslope: φ′ diverges at the critical point (mean field x^(−1/2), 2D Ising x^(−7/8)), so E[φ′²] and χ₁ " +
			"are infinite for the exact function and there is no true edge of chaos; the EOC found exists only because DF is " +
			"clipped at maxslope (default 10) and moves with it.\n")
	}
	return b.String()
}

// sig formats v with n significant digits; NaN as "—", +Inf as "∞".
func sig(v float64, n int) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.IsInf(v, 1):
		return "∞"
	}
	return strconv.FormatFloat(v, 'g', n, 64)
}
