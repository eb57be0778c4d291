package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// critReport gathers what the parts produced and writes the tables, plots and README.
type critReport struct {
	cfg   critConfig
	args  []string
	start time.Time
	load  string

	phase        []critPhaseResult
	phaseSeconds float64

	plan         critPlanT
	recs         []sweep.Record
	stats        sweep.Stats
	trainSeconds float64
	dataDir      string
}

func (r critReport) write(stdout io.Writer) error {
	cfg := r.cfg
	var notes strings.Builder
	var timing []string
	if r.phase != nil {
		timing = append(timing, fmt.Sprintf("phase diagrams %.0f s", r.phaseSeconds))
		t := critEOCTable(r.phase)
		fmt.Fprintln(stdout, t)
		notes.WriteString(t + "\n")
		var slow []string
		for _, p := range r.phase {
			if p.Coarse {
				slow = append(slow, fmt.Sprintf("`%s` (%d×%d grid, %.0f s)", p.Act, len(p.SW2s), len(p.SB2s), p.Seconds))
			}
		}
		if len(slow) > 0 {
			fmt.Fprintf(&notes, "Drawn on a 3× coarser grid because χ₁ costs more than %s times tanh's there (-phase-slow): %s.\n\n", sweep.FormatFloat(cfg.PhaseSlow), strings.Join(slow, ", "))
		}
		notes.WriteString("### Phase diagrams\n\nχ₁ = σ_w²·E[φ′(√q*·z)²] over (σ_w², σ_b²): blue ordered (χ₁ < 1), red chaotic (χ₁ > 1), " +
			"dark grey where the length map has no finite fixed point q*; the black curve is the edge of chaos χ₁ = 1 " +
			"(EOCWeightVariance, which also rejects branch jumps). † depends on maxslope.\n\n![overview](phase_overview.png)\n\n")
		for _, p := range r.phase {
			fmt.Fprintf(&notes, "- [%s](phase_%s.png)\n", p.Act, critSlug(p.Act))
		}
		notes.WriteString("\n")
	}
	if r.recs != nil {
		var sum float64
		for _, rec := range r.recs {
			if rec.Metric == sweep.MetricWallSeconds {
				sum += rec.Value
			}
		}
		timing = append(timing, fmt.Sprintf("training %.0f s in this invocation (%d runs: %d trained now, %d already in runs.csv); "+
			"the wall times of all %d runs (runs.csv, wall_seconds) sum to %.0f s, run %d at a time",
			r.trainSeconds, r.stats.Total, r.stats.Done, r.stats.Skipped, r.stats.Total, sum, cfg.Workers))
	}
	var tables []report.Table
	if r.recs != nil && cfg.has("train") {
		cells := critCells(cfg, r.plan, r.recs)
		t := critTrainTable(cfg, r.plan, cells)
		fmt.Fprintln(stdout, t)
		notes.WriteString(t + "\n")
		if err := critTrainCSV(cfg, r.plan, cells); err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
		names, err := critTrainPlots(cfg, r.plan, cells)
		if err != nil {
			return fmt.Errorf("criticality: trainability plots: %w", err)
		}
		notes.WriteString("### Trainability\n\nTest accuracy after the step budget against (σ_w², depth); the green line is the theory's " +
			"depth bound 6·ξ_c(σ_w², σ_b²), the dotted line the EOC; * marks a run whose loss diverged.\n\n![overview](trainability_overview.png)\n\n")
		for _, n := range names {
			fmt.Fprintf(&notes, "- [%s](%s.png)\n", strings.TrimPrefix(n, "trainability_"), n)
		}
		notes.WriteString("\n")
	}
	if r.recs != nil && cfg.has("compare") {
		spec, rows := critCompareSummary(cfg, r.plan, r.recs)
		tables = append(tables, report.Table{Spec: spec, Rows: rows})
	}
	header := report.Header(report.CommandLine("criticality", r.args), r.start)
	protocol := critProtocol(cfg, r.plan)
	if len(tables) > 0 {
		if err := report.Write(cfg.Out, io.Discard, header+"\n"+protocol+"\n\n"+report.DivergedNote(critCompareRecs(r.plan, r.recs)), tables); err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
		// The rows of these tables are initialisers, not activations.
		md, err := os.ReadFile(filepath.Join(cfg.Out, "summary.md"))
		if err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
		md = []byte(critInitHeader(string(md)))
		if err := atomicfile.WriteFile(filepath.Join(cfg.Out, "summary.md"), md); err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
		stdout.Write(md)
		notes.WriteString("### Initialisers\n\nSee [summary.md](summary.md) (test accuracy per initialiser, Welch's test against he-normal); " +
			"activations without EOC at σ_b² = " + sweep.FormatFloat(cfg.SB2) + " are not compared (they have no eoc initialiser).\n\n")
		notes.WriteString(critInitHeader(report.Markdown(tables[0].Spec, tables[0].Rows)) + "\n")
	}
	if r.recs != nil {
		notes.WriteString(report.DivergedNote(r.recs) + "\n\n")
	}
	notes.WriteString("Wall time: " + strings.Join(timing, "; ") + ".\n")
	rd := report.Readme{Title: "Criticality: edge of chaos and the trainability of deep networks", Header: report.Header(report.CommandLine("criticality", r.args), r.start),
		LoadFrom: r.load, Protocol: protocol, Notes: notes.String()}
	if err := rd.Write(cfg.Out); err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	fmt.Fprintf(stdout, "criticality: done in %s → %s\n", time.Since(r.start).Round(time.Second), cfg.Out)
	return nil
}

// critProtocol describes the run for the README and the summary header.
func critProtocol(cfg critConfig, plan critPlanT) string {
	var b strings.Builder
	b.WriteString("Mean-field theory (physics/signal): weights N(0, σ_w²/fan_in), biases N(0, σ_b²), length map iterated from q = 1, " +
		"Gauss–Legendre quadrature split at the kinks. ")
	if cfg.has("phase") {
		fmt.Fprintf(&b, "Phase diagrams: %d activations, χ₁ on %d log-spaced σ_w² from 0.1 to max(10, 4·largest EOC σ_w²) × %d σ_b² in [0, 1]; "+
			"EOC curve at %d σ_b² = (i/(n−1))² plus %s. ", len(cfg.PhaseActs), cfg.GridW, cfg.GridB, cfg.CurveB, formatFloats(critTableSB2))
	}
	if cfg.has("train") || cfg.has("compare") {
		grid := fmt.Sprintf("%d values log-spaced over EOC/%s … EOC·%s (centred on %s without EOC), rounded to 4 digits",
			cfg.SWPoints, sweep.FormatFloat(cfg.SWFactor), sweep.FormatFloat(cfg.SWFactor), sweep.FormatFloat(cfg.NoEOCCentre))
		if cfg.SW2 != nil {
			grid = formatFloats(cfg.SW2)
		}
		fmt.Fprintf(&b, "Networks: MLP 784-%d×depth-10 (float32), activations %s; %s lr %s, batch %d, %d steps (%d epoch(s) of the first %d MNIST "+
			"training images), softmax cross-entropy, no weight decay or clipping; evaluated once at the end on the first %d validation and test images. ",
			cfg.Width, strings.Join(cfg.Acts, ", "), cfg.Opt, sweep.FormatFloat(cfg.LR), cfg.Batch, plan.Steps, plan.Epochs, cfg.Subset, cfg.Eval)
		if cfg.has("train") {
			fmt.Fprintf(&b, "Trainability grid: depths %s, σ_b² = %s, σ_w²: %s; seeds 1..%d per cell. ",
				joinInts(cfg.Depths), sweep.FormatFloat(cfg.SB2), grid, cfg.GridSeeds)
		}
		if cfg.has("compare") {
			fmt.Fprintf(&b, "Initialisers (activations with an EOC at σ_b² only): depths %s, %s (biases 0) and eoc (σ_w² on the EOC at σ_b² = %s, biases N(0, σ_b²)), seeds 1..%d; "+
				"seeds share the initial-weight stream and the batch order across initialisers (paired). ",
				joinInts(cfg.CmpDepths), strings.Join(cfg.CmpInits, ", "), sweep.FormatFloat(cfg.SB2), cfg.Seeds)
		}
		b.WriteString("Plain SGD (as Schoenholz et al. 2017) so that vanishing and exploding gradients act unrescaled.")
	}
	return b.String()
}

// critCompareRecs keeps the records of the initialiser comparison.
func critCompareRecs(plan critPlanT, recs []sweep.Record) []sweep.Record {
	var out []sweep.Record
	for _, r := range recs {
		if m, ok := plan.Meta[r.Key.String()]; ok && m.Part == "compare" {
			out = append(out, r)
		}
	}
	return out
}

// critCompareSummary builds the initialiser table with summarize: the records are relabelled so
// that a row is an initialiser and a section an (activation, depth) pair, with he-normal as
// the baseline.
func critCompareSummary(cfg critConfig, plan critPlanT, recs []sweep.Record) (report.Spec, []report.Row) {
	var rel []sweep.Record
	for _, r := range critCompareRecs(plan, recs) {
		m := plan.Meta[r.Key.String()]
		r.Key.Activation = m.Init
		r.Key.Model = "mlp " + m.Act
		r.Key.Settings = sweep.Settings{}
		rel = append(rel, r)
	}
	base := ""
	if len(cfg.CmpInits) > 0 {
		base = cfg.CmpInits[0]
	}
	spec := report.Spec{
		Title:  fmt.Sprintf("Test accuracy after %d SGD steps by initialiser (rows: initialisers)", plan.Steps),
		Metric: "accuracy", Split: "test", Label: "test accuracy (%)", Scale: 100, Decimals: 2, Higher: true, Fraction: true, Baseline: base,
		Extras: []report.Extra{
			{Label: "train loss (last epoch)", Metric: "loss", Split: "train", Decimals: 3},
			{Label: "diverged (%)", Metric: "diverged", Scale: 100, Decimals: 0},
		},
	}
	return spec, report.Summarize(rel, spec)
}

// critTrainCSV writes trainability.csv (one line per cell, with the theory) and trainability.md.
func critTrainCSV(cfg critConfig, plan critPlanT, cells map[string][]critCell) error {
	var cs strings.Builder
	w := csv.NewWriter(&cs)
	w.Write([]string{"activation", "sw2", "sb2", "depth", "runs", "test_accuracy_mean", "diverged_runs", "chi1", "xi_c", "six_xi_c", "within_bound"})
	for _, ap := range plan.Acts {
		for _, c := range cells[ap.Act] {
			w.Write([]string{c.Act, sweep.FormatFloat(c.SW2), sweep.FormatFloat(cfg.SB2), strconv.Itoa(int(c.Depth)), strconv.Itoa(c.N),
				sweep.FormatFloat(c.Acc), strconv.Itoa(c.Diverged), sweep.FormatFloat(c.Chi1), sweep.FormatFloat(c.XiC), sweep.FormatFloat(6 * c.XiC),
				critWithin(c)})
		}
	}
	w.Flush()
	return errors.Join(w.Error(), atomicfile.WriteFile(filepath.Join(cfg.Out, "trainability.csv"), []byte(cs.String())),
		atomicfile.WriteFile(filepath.Join(cfg.Out, "trainability.md"), []byte(critTrainTable(cfg, plan, cells))))
}

// critAccColors is the sequential colour map of accuracy over [0.1, 1] (chance to perfect).
func critAccColors() palette.ColorMap {
	cm := moreland.ExtendedBlackBody()
	cm.SetMin(0.1)
	cm.SetMax(1)
	return cm
}

// critTrainPlot draws one activation's trainability heat map: test accuracy over (log σ_w²,
// log depth), the value written in each cell, the 6·ξ_c bound (bound: points (log₁₀ σ_w²,
// log₂ 6·ξ_c), see critBound) and the EOC on top.
func critTrainPlot(cfg critConfig, ap critActPlan, cells []critCell, bound plotter.XYs, small bool) (*plot.Plot, error) {
	depths := cfg.Depths
	sorted := append([]int(nil), depths...)
	for i := range sorted { // insertion sort: few depths
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	g := plots.Grid{Xs: make([]float64, len(ap.SW2)), Ys: make([]float64, len(sorted)), Zs: make([][]float64, len(sorted))}
	for j, v := range ap.SW2 {
		g.Xs[j] = math.Log10(v)
	}
	var labels plotter.XYLabels
	var dark []bool
	for i, d := range sorted {
		g.Ys[i] = math.Log2(float64(d))
		g.Zs[i] = make([]float64, len(ap.SW2))
		for j, sw2 := range ap.SW2 {
			g.Zs[i][j] = math.NaN()
			for _, c := range cells {
				if int(c.Depth) == d && c.SW2 == sw2 && !math.IsNaN(c.Acc) {
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
		}
	}
	if len(g.Xs) == 0 || len(g.Ys) == 0 {
		return nil, errors.New("empty grid")
	}
	p := plot.New()
	cm := critAccColors()
	p.Add(plots.HeatMap(g, cm, false))
	xlo, xhi := plots.CellEdges(g.Xs)
	ylo, yhi := plots.CellEdges(g.Ys)
	if len(g.Xs) == 1 {
		xlo, xhi = g.Xs[0]-0.1, g.Xs[0]+0.1
	}
	if len(labels.XYs) > 0 {
		lp, err := plotter.NewLabels(labels)
		if err != nil {
			return nil, err
		}
		for i := range lp.TextStyle {
			lp.TextStyle[i].XAlign, lp.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
			lp.TextStyle[i].Color = color.Black
			if dark[i] { // light text on the dark (low-accuracy) cells
				lp.TextStyle[i].Color = color.White
			}
		}
		p.Add(lp)
	}
	// 6·ξ_c where it lies within the plotted depths, in segments.
	var seg plotter.XYs
	flush := func() error {
		defer func() { seg = nil }()
		if len(seg) < 2 {
			return nil
		}
		l, err := plotter.NewLine(seg)
		if err != nil {
			return err
		}
		l.Color = color.RGBA{G: 200, B: 80, A: 255}
		l.Width = vg.Points(2.5)
		l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		p.Add(l)
		return nil
	}
	for _, pt := range bound {
		if !(pt.Y <= yhi) || pt.X < xlo || pt.X > xhi {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		seg = append(seg, plotter.XY{X: pt.X, Y: math.Max(ylo, pt.Y)})
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if !math.IsNaN(ap.EOC) && math.Log10(ap.EOC) >= xlo && math.Log10(ap.EOC) <= xhi {
		l, err := plotter.NewLine(plotter.XYs{{X: math.Log10(ap.EOC), Y: ylo}, {X: math.Log10(ap.EOC), Y: yhi}})
		if err != nil {
			return nil, err
		}
		l.Color = color.RGBA{R: 30, G: 120, B: 255, A: 255}
		l.Width = vg.Points(1.5)
		l.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(l)
	}
	title := critShortName(ap.Act)
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
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = "σ_w²", "depth"
	var xt, yt []float64
	var xl, yl []string
	for j, v := range ap.SW2 {
		xt, xl = append(xt, g.Xs[j]), append(xl, sig(v, 3))
	}
	for i, d := range sorted {
		yt, yl = append(yt, g.Ys[i]), append(yl, strconv.Itoa(d))
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plots.ValueTicks(xt, xl), plots.ValueTicks(yt, yl)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xlo, xhi, ylo, yhi
	return p, nil
}

// critTrainPlots writes trainability_<act> per activation and trainability_overview; it returns
// the per-activation base names.
func critTrainPlots(cfg critConfig, plan critPlanT, cells map[string][]critCell) ([]string, error) {
	pos := []float64{0.1, 0.25, 0.5, 0.75, 0.9, 1}
	lab := []string{"10", "25", "50", "75", "90", "100"}
	cb := plots.ColorBar(critAccColors(), "test accuracy (%)", plots.ValueTicks(pos, lab))
	bounds := make(map[string]plotter.XYs, len(plan.Acts))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, ap := range plan.Acts {
		if len(ap.SW2) == 0 {
			continue
		}
		wg.Go(func() {
			b := critBound(cfg, ap)
			mu.Lock()
			bounds[ap.Act] = b
			mu.Unlock()
		})
	}
	wg.Wait()
	var names []string
	var tiles []*plot.Plot
	for _, ap := range plan.Acts {
		if len(cells[ap.Act]) == 0 {
			continue
		}
		p, err := critTrainPlot(cfg, ap, cells[ap.Act], bounds[ap.Act], false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ap.Act, err)
		}
		name := "trainability_" + critSlug(ap.Act)
		if err := plots.SaveTiles([]*plot.Plot{p}, 1, 6.5*vg.Inch, 4.2*vg.Inch, cb, filepath.Join(cfg.Out, name)); err != nil {
			return nil, err
		}
		names = append(names, name)
		small, err := critTrainPlot(cfg, ap, cells[ap.Act], bounds[ap.Act], true)
		if err != nil {
			return nil, err
		}
		tiles = append(tiles, small)
	}
	if len(tiles) == 0 {
		return names, nil
	}
	if err := plots.SaveTiles(tiles, min(4, len(tiles)), 3.6*vg.Inch, 2.8*vg.Inch, cb, filepath.Join(cfg.Out, "trainability_overview")); err != nil {
		return nil, err
	}
	return names, nil
}

// critBound samples the theory's depth bound over the activation's σ_w² grid (half a cell
// beyond each end): points (log₁₀ σ_w², log₂ 6·ξ_c), y = +Inf where ξ_c is infinite and NaN
// where q* diverges.
func critBound(cfg critConfig, ap critActPlan) plotter.XYs {
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

// critWithin says whether a cell lies within the theory's depth bound: "true", "false", or
// "n/a" without a finite q*.
func critWithin(c critCell) string {
	if math.IsNaN(c.XiC) {
		return "n/a"
	}
	return strconv.FormatBool(c.Depth <= 6*c.XiC)
}

// critInitHeader renames the first column of the comparison tables, whose rows are
// initialisers.
func critInitHeader(md string) string {
	return strings.ReplaceAll(md, "| activation | lr |", "| initialiser | lr |")
}
