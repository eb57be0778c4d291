package mnist

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/sweep"
)

// Bracket is the learning-rate sweep of one group as far as the finished runs go.
//
// The rule, the same for every activation: every rate of the grid is trained with seeds
// 1..SweepSeeds for SweepEpochs epochs, and scored by its mean validation accuracy after the last
// epoch (a rate with a diverged seed scores −∞). When the best rate (ties to the smaller) is at
// an edge of the grid, the grid is extended by one rate beyond that edge, by the grid's own ratio
// in that direction (extend), and the new rate is swept — one round — at most MaxExtensions
// times. The chosen rate is interior when it has a rate on either side. Extending upward stops
// at divergence by itself: a diverged rate scores −∞, so the best rate below it is interior.
type Bracket struct {
	Grid       []float64 // the rates of the sweep so far, ascending: the base grid and its extensions
	Scores     []lrScore // one per Grid rate
	Extensions int       // rates added to the base grid
	Chosen     float64   // the best rate so far
	// Interior is "true" when Chosen has a swept rate on either side, "false" when it is at an
	// edge after MaxExtensions extensions, "" when there is no sweep (a single rate) or the
	// sweep is not complete.
	Interior string
	Note     string // why not interior; what bounds an interior rate from above when it diverged
	Complete bool   // no sweep run missing and no extension needed
}

// decide settles the bracket when its best rate, index i of the complete grid, is interior or
// the extensions are used up; false means extend.
func (b *Bracket) decide(i int) bool {
	n := len(b.Grid)
	switch {
	case i > 0 && i < n-1:
		b.Interior, b.Complete = "true", true
		if s := b.Scores[i+1]; s.Diverged > 0 {
			b.Note = fmt.Sprintf("the next larger rate %s diverged (%d of %d seeds)", sweep.FormatFloat(s.LR), s.Diverged, s.N)
		}
	case b.Extensions >= MaxExtensions:
		b.Interior, b.Complete = "false", true
		side := "largest"
		if i == 0 {
			side = "smallest"
		}
		b.Note = fmt.Sprintf("best mean validation accuracy at the %s rate tried after %d extensions of the grid (%s)",
			side, b.Extensions, formatRates(b.Grid))
		if math.IsInf(b.Scores[i].ValAcc, -1) {
			b.Note = fmt.Sprintf("every rate tried diverged (%s)", formatRates(b.Grid))
		}
	default:
		return false
	}
	return true
}

// formatRates writes rates as "3e-4, 1e-3": Go's shortest form with an exponent.
func formatRates(lrs []float64) string {
	s := make([]string, len(lrs))
	for i, v := range lrs {
		s[i] = sweep.FormatFloat(v)
	}
	return strings.Join(s, ", ")
}

// SweepState is the learning-rate sweep of every group of a configuration, computed from the
// finished runs alone (PlanSweep), so any process — an unsharded run between rounds, a shard, a
// report — reads the same state from the same runs files.
type SweepState struct {
	Groups map[Group]Bracket
	// Round is the current round: 0 while the base grid is swept, k while the k-th extension of
	// some group is (the largest Extensions over the groups).
	Round int
	// Pending are the sweep runs the current round still needs, in group and rate order (empty
	// when the sweep is complete).
	Pending []sweep.Key
}

// Complete reports whether the sweep is complete: every group has its rate.
func (s SweepState) Complete() bool { return len(s.Pending) == 0 }

// PlanSweep computes the sweep's state for cfg (normalised) from finished runs recs — every
// runs file of the output folder, see LoadRecords; runs of other configurations are ignored,
// since only the keys of cfg's sweep are looked up. The runs of Pending are the next jobs
// (Jobs(cfg, d, s.Pending)); once they are finished, PlanSweep again gives the next round.
func PlanSweep(cfg Config, recs []sweep.Record) SweepState {
	runs := index(recs)
	s := SweepState{Groups: map[Group]Bracket{}}
	for _, g := range groups(cfg) {
		b, missing := cfg.bracket(runs, g)
		s.Groups[g] = b
		s.Round = max(s.Round, b.Extensions)
		for _, lr := range missing {
			for seed := 1; seed <= cfg.SweepSeeds; seed++ {
				if k := cfg.sweepKey(g, lr, seed); !hasRun(runs, k) {
					s.Pending = append(s.Pending, k)
				}
			}
		}
	}
	return s
}

// hasRun reports whether run k is among the finished runs.
func hasRun(runs map[sweep.Key]runResult, k sweep.Key) bool {
	_, ok := runs[k]
	return ok
}

// SweepKeys are every sweep run of the state's grids (finished or not), for filtering the
// records of this configuration out of a folder's runs.
func SweepKeys(cfg Config, s SweepState) []sweep.Key {
	var out []sweep.Key
	for _, g := range groups(cfg) {
		b := s.Groups[g]
		if len(b.Grid) < 2 {
			continue
		}
		for _, lr := range b.Grid {
			for seed := 1; seed <= cfg.SweepSeeds; seed++ {
				out = append(out, cfg.sweepKey(g, lr, seed))
			}
		}
	}
	return slices.Clip(out)
}
