package mnist

import (
	"math"
	"slices"
	"strconv"

	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
)

// MaxExtensions is how many times a group's learning-rate grid may be extended toward the edge
// its best rate sits on.
const MaxExtensions = 3

// lrScore is a learning rate's sweep result for one group: the mean final validation accuracy
// over its sweep seeds, −Inf if any of them diverged or none has finished.
type lrScore struct {
	LR       float64
	ValAcc   float64 // mean over seeds of the validation accuracy after the last sweep epoch
	Diverged int     // sweep runs that diverged
	N        int     // sweep runs finished
}

// runResult is what the sweep reads of one finished run.
type runResult struct {
	val      float64 // validation accuracy after the run's last epoch (Key.Epochs)
	hasVal   bool
	diverged bool
}

// index maps every finished run of recs to its runResult.
func index(recs []sweep.Record) map[sweep.Key]runResult {
	out := map[sweep.Key]runResult{}
	for _, r := range recs {
		res := out[r.Key]
		switch {
		case r.Metric == "accuracy" && r.Split == "val" && r.Epoch == r.Key.Epochs:
			res.val, res.hasVal = r.Value, true
		case r.Metric == "diverged" && r.Value == 1:
			res.diverged = true
		case r.Metric != sweep.MetricDone:
			continue
		}
		out[r.Key] = res
	}
	return out
}

// score is the lrScore of group g at rate lr from the finished runs, and whether all its sweep
// seeds have finished.
func (cfg Config) score(runs map[sweep.Key]runResult, g Group, lr float64) (lrScore, bool) {
	s := lrScore{LR: lr, ValAcc: math.Inf(-1)}
	var vals []float64
	for seed := 1; seed <= cfg.SweepSeeds; seed++ {
		r, ok := runs[cfg.sweepKey(g, lr, seed)]
		switch {
		case !ok:
			continue
		case r.diverged:
			s.Diverged++
		case r.hasVal:
			vals = append(vals, r.val)
		}
		s.N++
	}
	if s.Diverged == 0 && len(vals) > 0 {
		s.ValAcc = stats.Mean(vals)
	}
	return s, s.N == cfg.SweepSeeds
}

// best returns the index of the best score: the highest mean validation accuracy, ties to the
// smaller rate (scores are in ascending rate order), the smallest rate when every rate diverged.
func best(scores []lrScore) int {
	b := 0
	for i, s := range scores {
		if s.ValAcc > scores[b].ValAcc {
			b = i
		}
	}
	return b
}

// extend returns the rate one step beyond the edge of the ascending grid, by the grid's own
// ratio in that direction (the ratio of its two outermost rates there), rounded to 12
// significant digits so that the same rate is the same key in every round: for {3e-4, 1e-3,
// 3e-3} upward 9e-3, 2.7e-2, 8.1e-2; downward 9e-5, 2.7e-5, 8.1e-6.
func extend(grid []float64, up bool) float64 {
	n := len(grid)
	v := grid[0] * grid[0] / grid[1]
	if up {
		v = grid[n-1] * grid[n-1] / grid[n-2]
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return r
}

// bracket follows the learning-rate rule for group g as far as the finished runs go (see
// SweepState): it returns the group's Bracket and the rates whose sweep runs are still missing
// in the current round.
func (cfg Config) bracket(runs map[sweep.Key]runResult, g Group) (Bracket, []float64) {
	grid := slices.Sorted(slices.Values(cfg.LRs))
	b := Bracket{}
	if len(grid) == 1 {
		return Bracket{Grid: grid, Chosen: grid[0], Complete: true}, nil
	}
	for {
		b.Grid, b.Scores = grid, make([]lrScore, len(grid))
		var missing []float64
		for i, lr := range grid {
			var done bool
			if b.Scores[i], done = cfg.score(runs, g, lr); !done {
				missing = append(missing, lr)
			}
		}
		i := best(b.Scores)
		b.Chosen = grid[i]
		if len(missing) > 0 {
			return b, missing
		}
		if b.decide(i) {
			return b, nil
		}
		if i == 0 {
			grid = append([]float64{extend(grid, false)}, grid...)
		} else {
			grid = append(grid, extend(grid, true))
		}
		b.Extensions++
	}
}
