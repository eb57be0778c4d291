package mnist

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/experiments/sweep"
)

// sweepTable renders the sweep as Markdown: per network, a row per activation and a column per
// learning rate that any activation's grid holds, with the mean final validation accuracy
// ("·" where that activation's grid does not reach), the chosen rate in bold, and whether it is
// interior.
func sweepTable(cfg Config, s SweepState) string {
	if len(cfg.LRs) < 2 {
		return ""
	}
	var b strings.Builder
	for _, n := range networks(cfg) {
		hidden := sweep.FormatHidden(n.hidden)
		var gs []Group
		var lrs []float64
		for _, g := range groups(cfg) {
			if g.Model == n.model && g.Hidden == hidden {
				gs = append(gs, g)
				lrs = append(lrs, s.Groups[g].Grid...)
			}
		}
		slices.Sort(lrs)
		lrs = slices.Compact(lrs)
		fmt.Fprintf(&b, "### Learning-rate sweep — %s: validation accuracy (%%) after %d epoch(s), mean over seeds 1..%d (chosen in bold; round %d)\n\n",
			strings.TrimSpace(n.model+" "+hidden), cfg.SweepEpochs, cfg.SweepSeeds, s.Round)
		b.WriteString("| activation |")
		for _, lr := range lrs {
			fmt.Fprintf(&b, " lr %s |", sweep.FormatFloat(lr))
		}
		b.WriteString(" interior |\n| --- |" + strings.Repeat(" --- |", len(lrs)+1) + "\n")
		for _, g := range gs {
			b.WriteString(sweepRow(g, s.Groups[g], lrs))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// sweepRow is one activation's row of the sweep table.
func sweepRow(g Group, br Bracket, lrs []float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| `%s` |", g.Act)
	for _, lr := range lrs {
		i := slices.Index(br.Grid, lr)
		if i < 0 {
			b.WriteString(" · |")
			continue
		}
		fmt.Fprintf(&b, " %s |", scoreCell(br.Scores[i], br.Complete && lr == br.Chosen))
	}
	interior := br.Interior
	switch {
	case !br.Complete:
		interior = "(sweeping)"
	case br.Interior == "false":
		interior = "no: " + br.Note
	case br.Note != "":
		interior = "yes (" + br.Note + ")"
	case br.Interior == "true":
		interior = "yes"
	}
	return b.String() + " " + interior + " |\n"
}

// scoreCell is one cell of the sweep table, in bold when chosen.
func scoreCell(s lrScore, chosen bool) string {
	var cell string
	switch {
	case s.Diverged > 0:
		cell = fmt.Sprintf("diverged (%d of %d)", s.Diverged, s.N)
	case math.IsInf(s.ValAcc, -1):
		cell = "—"
	default:
		cell = strconv.FormatFloat(100*s.ValAcc, 'f', 2, 64)
	}
	if chosen {
		cell = "**" + cell + "**"
	}
	return cell
}
