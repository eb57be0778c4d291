package learnable

import (
	"slices"

	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
)

// Comparison is one row of a table: a fixed activation against its learnable twin on one
// dataset, paired by seed (the same initial weights and batch order for both).
type Comparison struct {
	Dataset        string  // "mnist" or "xor"
	Fixed, Learned string  // canonical specs
	LR             float64 // the learning rate of both
	Metric         string  // "test accuracy" (MNIST) or "success" (XOR), a fraction
	N              int     // seeds with both runs complete
	// FixedMean and LearnedMean are the mean metric over the N seeds.
	FixedMean, LearnedMean float64
	// Delta is the mean paired difference learnable − fixed, [Lo, Hi] its 95% interval
	// (paired t for MNIST, Tango's score interval for XOR's paired success), CI names it.
	Delta, Lo, Hi float64
	CI            string
	// PPaired is the paired test (t for MNIST, exact McNemar for XOR), PPerm the exact
	// sign-flip permutation test of the differences, PHolm PPaired after Holm across the
	// table, PTost the equivalence test against ±Margin (paired TOST for MNIST, Tango TOST for
	// XOR).
	PPaired, PPerm, PHolm, PTost float64
	Margin                       float64
	Verdict                      stats.Outcome
}

// finals returns, per activation, each seed's final value of metric on split: the value at the
// run's largest epoch.
func finals(recs []sweep.Record, dataset, metric, split string) map[string]map[int]float64 {
	type at struct {
		epoch int
		v     float64
	}
	last := map[sweep.Key]at{}
	for _, r := range recs {
		if r.Key.Experiment != dataset || r.Metric != metric || r.Split != split {
			continue
		}
		if a, ok := last[r.Key]; !ok || r.Epoch >= a.epoch {
			last[r.Key] = at{r.Epoch, r.Value}
		}
	}
	out := map[string]map[int]float64{}
	for k, a := range last {
		if out[k.Activation] == nil {
			out[k.Activation] = map[int]float64{}
		}
		out[k.Activation][k.Seed] = a.v
	}
	return out
}

// paired returns the values of the seeds both maps have, in seed order.
func paired(learned, fixed map[int]float64) (x, y []float64) {
	var seeds []int
	for s := range learned {
		if _, ok := fixed[s]; ok {
			seeds = append(seeds, s)
		}
	}
	slices.Sort(seeds)
	for _, s := range seeds {
		x, y = append(x, learned[s]), append(y, fixed[s])
	}
	return x, y
}

// compare fills the statistics of a row from the paired finals x (learnable) and y (fixed):
// report.Pair's paired t (MNIST accuracies) or McNemar with Tango's interval and TOST (XOR
// successes, proportion); for successes the sign-flip p-value of the differences beside it.
func compare(c *Comparison, x, y []float64, proportion bool) {
	r := report.Pair(x, y, proportion, c.Margin)
	c.N, c.FixedMean, c.LearnedMean = r.N, stats.Mean(y), stats.Mean(x)
	c.Delta, c.Lo, c.Hi, c.CI = r.Delta, r.Lo, r.Hi, "paired t"
	c.PPaired, c.PPerm, c.PTost = r.PPaired, r.PPerm, r.PTost
	if proportion {
		d, _ := stats.Differences(x, y)
		c.CI, c.PPerm = "Tango", stats.SignFlipP(d)
	}
}

// holmVerdicts sets PHolm (Holm across the rows) and each row's verdict.
func holmVerdicts(rows []Comparison) {
	p := make([]float64, len(rows))
	for i, r := range rows {
		p[i] = r.PPaired
	}
	for i, ph := range stats.Holm(p) {
		rows[i].PHolm = ph
		rows[i].Verdict = stats.Verdict(rows[i].Delta, ph, rows[i].PTost)
	}
}

// comparisons builds the table of one dataset from the records: a row per pair that has runs.
func comparisons(recs []sweep.Record, ps []pair, dataset string, margin float64, lrs map[string]float64) []Comparison {
	metric, split, label := "accuracy", "test", "test accuracy"
	if dataset == "xor" {
		metric, split, label = "success", "", "success"
	}
	vals := finals(recs, dataset, metric, split)
	var rows []Comparison
	for _, p := range ps {
		x, y := paired(vals[p.learned.String()], vals[p.fixed.String()])
		if len(x) == 0 {
			continue
		}
		c := Comparison{Dataset: dataset, Fixed: p.fixed.String(), Learned: p.learned.String(), LR: lrs[p.fixed.String()],
			Metric: label, Margin: margin}
		compare(&c, x, y, dataset == "xor")
		rows = append(rows, c)
	}
	holmVerdicts(rows)
	return rows
}
