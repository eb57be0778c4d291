package criticality

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/physics/signal"
)

// cell is one (activation, σ_w², depth) cell of the trainability grid.
type cell struct {
	Act        string
	SW2, Depth float64
	Acc        float64 // median test accuracy over the cell's seeds (what the tables and plots show)
	Mean       float64 // mean test accuracy over the cell's seeds
	Diverged   int     // runs of the cell that diverged
	N          int
	Chi1, XiC  float64 // theory at (σ_w², σ_b²); NaN without a finite q*
}

// cellRuns accumulates the runs of one trainability cell.
type cellRuns struct {
	act    string
	sw2    float64
	depth  int
	accs   []float64
	n, div int
}

// cells collects the trainability grid from the records (the part train runs), with the theory
// of each cell, per activation sorted by depth then σ_w².
func cells(cfg Config, p plan, recs []sweep.Record) map[string][]cell {
	by := map[string]*cellRuns{}
	var order []string
	for _, r := range recs {
		if r.Key.Settings.Part != "train" {
			continue
		}
		a := cellRuns{act: r.Key.Activation, sw2: r.Key.Settings.SW2.V, depth: depthOf(r.Key.Hidden)}
		ck := fmt.Sprintf("%s|%v|%d", a.act, a.sw2, a.depth)
		if by[ck] == nil {
			by[ck] = &a
			order = append(order, ck)
		}
		switch {
		case r.Metric == "accuracy" && r.Split == "test":
			by[ck].accs = append(by[ck].accs, r.Value)
			by[ck].n++
		case r.Metric == "diverged" && r.Value == 1:
			by[ck].div++
		}
	}
	theory := map[string]*signal.Theory{}
	for _, ap := range p.Acts {
		theory[ap.Act] = ap.Theory
	}
	out := map[string][]cell{}
	scales := map[string]signal.DepthScales{}
	for _, ck := range order {
		a := by[ck]
		c := cell{Act: a.act, SW2: a.sw2, Depth: float64(a.depth), Acc: math.NaN(), Mean: math.NaN(), Diverged: a.div, N: a.n}
		if a.n > 0 {
			slices.Sort(a.accs)
			c.Acc, c.Mean = stats.Quantile(a.accs, 0.5), stats.Mean(a.accs)
		}
		tk := fmt.Sprintf("%s|%v", a.act, a.sw2) // the theory does not depend on the depth
		ds, ok := scales[tk]
		if !ok {
			ds = signal.DepthScales{Chi1: math.NaN(), XiC: math.NaN()}
			if d, err := theory[a.act].DepthScales(a.sw2, cfg.SB2); err == nil {
				ds = d
			}
			scales[tk] = ds
		}
		c.Chi1, c.XiC = ds.Chi1, ds.XiC
		out[a.act] = append(out[a.act], c)
	}
	for act := range out {
		slices.SortFunc(out[act], func(a, b cell) int { return cmp.Or(cmpFloat(a.Depth, b.Depth), cmpFloat(a.SW2, b.SW2)) })
	}
	return out
}

// trainable is the accuracy above which a cell counts as trained (chance is 10%).
const trainable = 0.5

// agreement counts, for the cells within the theory's bound depth ≤ 6·ξ_c and beyond it, how
// many reached trainable. Cells without a finite q* (no ξ_c: the theory gives no bound) are
// left out.
func agreement(cells []cell) (inOK, in, outOK, out int) {
	for _, c := range cells {
		if math.IsNaN(c.Acc) || math.IsNaN(c.XiC) {
			continue
		}
		inside := c.Depth <= 6*c.XiC
		ok := c.Acc >= trainable
		switch {
		case inside && ok:
			inOK++
			in++
		case inside:
			in++
		case ok:
			outOK++
			out++
		default:
			out++
		}
	}
	return
}

// trainTable renders the trainability grid as Markdown: per activation a table of test
// accuracy (%) with depths as rows and σ_w² as columns, χ₁ and 6·ξ_c beneath.
func trainTable(cfg Config, p plan, cells map[string][]cell) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Trainability: test accuracy (%%) after %d SGD steps (lr %s, batch %d), width %d, σ_b² = %s, median over n = %d seed(s) per cell\n\n",
		p.Steps, sweep.FormatFloat(cfg.LR), cfg.Batch, cfg.Width, sweep.FormatFloat(cfg.SB2), cfg.GridSeeds)
	b.WriteString("Cells beyond the theory's depth bound 6·ξ_c are in italics (where q* diverges, χ₁ and ξ_c are \"—\" and there is no bound); " +
		"\"div\" marks runs whose loss became NaN/Inf (evaluated with the weights at that point); \"(n = k)\" a cell with fewer seeds than the others.\n\n")
	for _, ap := range p.Acts {
		if cs := cells[ap.Act]; len(cs) > 0 {
			b.WriteString(actTable(cfg, ap, cs))
		}
	}
	return b.String()
}

// findCell returns the cell at (depth, sw2).
func findCell(cs []cell, depth int, sw2 float64) (cell, bool) {
	for _, c := range cs {
		if int(c.Depth) == depth && c.SW2 == sw2 {
			return c, true
		}
	}
	return cell{}, false
}

// actTable is one activation's table of the trainability grid.
func actTable(cfg Config, ap actPlan, cs []cell) string {
	var b strings.Builder
	eoc := "no EOC at this σ_b² (" + ap.NoEOC + "); grid centred on σ_w² = " + sweep.FormatFloat(cfg.NoEOCCentre)
	if !math.IsNaN(ap.EOC) {
		eoc = "EOC at σ_w² = " + sig(ap.EOC, 4)
	}
	inOK, in, outOK, out := agreement(cs)
	fmt.Fprintf(&b, "#### `%s` — %s; trained (≥ %.0f%%): %d of %d cells within 6·ξ_c, %d of %d beyond\n\n",
		ap.Act, eoc, 100*trainable, inOK, in, outOK, out)
	b.WriteString("| depth \\ σ_w² |")
	for _, sw2 := range ap.SW2 {
		fmt.Fprintf(&b, " %s |", sweep.FormatFloat(sw2))
	}
	b.WriteString("\n| --- |" + strings.Repeat(" ---: |", len(ap.SW2)) + "\n")
	for _, depth := range cfg.Depths {
		fmt.Fprintf(&b, "| %d |", depth)
		for _, sw2 := range ap.SW2 {
			c, ok := findCell(cs, depth, sw2)
			fmt.Fprintf(&b, " %s |", cellText(c, ok, cfg.GridSeeds))
		}
		b.WriteString("\n")
	}
	for _, line := range []struct {
		label string
		f     func(c cell) float64
	}{{"χ₁", func(c cell) float64 { return c.Chi1 }}, {"6·ξ_c", func(c cell) float64 { return 6 * c.XiC }}} {
		fmt.Fprintf(&b, "| %s |", line.label)
		for _, sw2 := range ap.SW2 {
			v := math.NaN()
			for _, d := range cfg.Depths {
				if c, ok := findCell(cs, d, sw2); ok {
					v = line.f(c)
					break
				}
			}
			fmt.Fprintf(&b, " %s |", sig(v, 3))
		}
		b.WriteString("\n")
	}
	return b.String() + "\n"
}

// cellText is a cell of the table: the median accuracy in percent, n when the cell has fewer
// than seeds runs, "div" when a run diverged, in italics beyond the depth bound.
func cellText(c cell, ok bool, seeds int) string {
	if !ok || math.IsNaN(c.Acc) {
		return "—"
	}
	t := strconv.FormatFloat(100*c.Acc, 'f', 1, 64)
	if c.N < seeds {
		t += fmt.Sprintf(" (n = %d)", c.N)
	}
	if c.Diverged > 0 {
		t += " div"
	}
	if c.Depth > 6*c.XiC { // false for NaN: no bound without a finite q*
		t = "_" + t + "_"
	}
	return t
}
