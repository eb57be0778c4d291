package mnist

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
)

// lrScore is a learning rate's sweep result for one group: the mean final validation accuracy
// over its sweep seeds, −Inf if any of them diverged.
type lrScore struct {
	LR       float64
	ValAcc   float64 // mean over seeds of the validation accuracy after the last sweep epoch
	Diverged int     // sweep runs that diverged
	N        int     // sweep runs
}

// lrRuns are the sweep runs of one group at one rate.
type lrRuns struct {
	vals     map[sweep.Key]float64 // run → val accuracy at the last sweep epoch
	diverged map[sweep.Key]bool
}

// score is the rate's lrScore.
func (a *lrRuns) score(lr float64) lrScore {
	s := lrScore{LR: lr, ValAcc: math.Inf(-1)}
	if a == nil {
		return s
	}
	s.Diverged, s.N = len(a.diverged), len(a.vals)+len(a.diverged)
	if len(a.diverged) == 0 && len(a.vals) > 0 {
		keys := make([]sweep.Key, 0, len(a.vals))
		for k := range a.vals {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y sweep.Key) int { return strings.Compare(x.String(), y.String()) })
		v := make([]float64, len(keys))
		for i, k := range keys {
			v[i] = a.vals[k]
		}
		s.ValAcc = stats.Mean(v)
	}
	return s
}

// sweepScores collects the sweep's scores per group, one per learning rate in cfg.LRs order.
func sweepScores(cfg Config, recs []sweep.Record) map[group][]lrScore {
	by := map[group]map[float64]*lrRuns{}
	for _, r := range recs {
		g := groupOf(r.Key)
		if by[g] == nil {
			by[g] = map[float64]*lrRuns{}
		}
		a := by[g][r.Key.LR]
		if a == nil {
			a = &lrRuns{vals: map[sweep.Key]float64{}, diverged: map[sweep.Key]bool{}}
			by[g][r.Key.LR] = a
		}
		switch {
		case r.Metric == "accuracy" && r.Split == "val" && r.Epoch == r.Key.Epochs:
			a.vals[r.Key] = r.Value
		case r.Metric == "diverged" && r.Value == 1:
			a.diverged[r.Key] = true
		}
	}
	out := map[group][]lrScore{}
	for g, m := range by {
		for _, lr := range cfg.LRs {
			out[g] = append(out[g], m[lr].score(lr))
		}
	}
	return out
}

// chooseLRs returns the learning rate of every group: the only one without a sweep; else the
// one with the best mean final validation accuracy, a diverged rate counting as the worst, ties
// to the smaller rate (and if every rate diverged, the smallest).
func chooseLRs(cfg Config, sweepRecs []sweep.Record) map[group]float64 {
	scores := sweepScores(cfg, sweepRecs)
	out := map[group]float64{}
	for _, n := range networks(cfg) {
		for _, a := range cfg.Acts {
			g := group{n.model, sweep.FormatHidden(n.hidden), a.String()}
			if len(cfg.LRs) == 1 {
				out[g] = cfg.LRs[0]
				continue
			}
			best := lrScore{LR: slices.Min(cfg.LRs), ValAcc: math.Inf(-1)}
			for _, s := range scores[g] {
				if s.ValAcc > best.ValAcc || (s.ValAcc == best.ValAcc && s.LR < best.LR) {
					best = s
				}
			}
			out[g] = best.LR
		}
	}
	return out
}

// sweepTable renders the sweep as Markdown: per model, a row per activation and a column per
// learning rate holding the mean final validation accuracy, the chosen rate in bold.
func sweepTable(cfg Config, sweepRecs []sweep.Record, chosen map[group]float64) string {
	if len(cfg.LRs) < 2 {
		return ""
	}
	scores := sweepScores(cfg, sweepRecs)
	var b strings.Builder
	for _, n := range networks(cfg) {
		hidden := sweep.FormatHidden(n.hidden)
		name := strings.TrimSpace(n.model + " " + hidden)
		fmt.Fprintf(&b, "### Learning-rate sweep — %s: validation accuracy (%%) after %d epoch(s), mean over seeds 1..%d (chosen in bold)\n\n",
			name, cfg.SweepEpochs, cfg.SweepSeeds)
		b.WriteString("| activation |")
		for _, lr := range cfg.LRs {
			fmt.Fprintf(&b, " lr %s |", sweep.FormatFloat(lr))
		}
		b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(cfg.LRs)) + "\n")
		for _, a := range cfg.Acts {
			g := group{n.model, hidden, a.String()}
			fmt.Fprintf(&b, "| `%s` |", g.act)
			for _, s := range scores[g] {
				fmt.Fprintf(&b, " %s |", scoreCell(s, s.LR == chosen[g]))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return b.String()
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
