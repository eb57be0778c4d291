package report

import (
	"math"
	"slices"

	"github.com/isingact/isingact/experiments/stats"
)

// Tests of a Comparison.
const (
	TestPairedT = "paired-t" // a metric: paired t-test, sign-flip permutation, TOST (stats.Paired)
	TestMcNemar = "mcnemar"  // a 0/1 outcome: exact McNemar, Tango's interval and TOST
)

// Comparison is a row's paired comparison with the baseline row of its section. Every
// activation is trained on the same seeds (the same initial weights and batch order), so the
// comparison pairs the runs by seed and uses only the seeds present in both rows (N).
//
// For a metric (Spec.Proportion false), on the per-seed differences d_i = x_i − baseline_i
// (stats.Paired): Delta = mean d, [Lo, Hi] its 95% paired t interval, PPaired the two-sided
// paired t-test, PPerm the exact sign-flip permutation p-value, PTost the TOST p-value against
// ±Margin, MinDetect the difference detectable with 80% power from the observed spread of d.
//
// For a 0/1 outcome (Spec.Proportion true), from the discordant pairs B (row succeeded, the
// baseline failed) and C (the reverse): Delta = (B − C)/N, the difference of the success rates
// over the pairs; [Lo, Hi] Tango's 95% score interval; PPaired the exact McNemar test. For
// outcomes in {0, 1} the exact sign-flip test of the differences is the exact McNemar test (the
// sign of each discordant pair is a fair coin under the null, concordant pairs add nothing), so
// PPerm = PPaired. PTost is Tango's TOST against ±Margin; MinDetect the paired t-test's figure
// from the spread of the 0/1 differences (an approximation for binary outcomes).
//
// PHolm is Holm's adjustment of PPaired over the comparisons of the row's section — one
// Markdown table, one family — and Verdict follows stats.Verdict from PHolm and PTost, with the
// difference oriented so that positive is better (Spec.Higher). Test is "" when there is no
// comparison (the baseline row itself, or no baseline run in the section); every number is then
// NaN and the verdict empty.
type Comparison struct {
	Test                  string
	N                     int
	Delta, Lo, Hi         float64
	PPaired, PPerm, PHolm float64
	Margin, PTost         float64
	MinDetect             float64
	B, C                  int // discordant pairs, 0/1 outcomes only
	Verdict               stats.Outcome
}

// noComparison is a Comparison with nothing compared.
func noComparison() Comparison {
	n := math.NaN()
	return Comparison{Delta: n, Lo: n, Hi: n, PPaired: n, PPerm: n, PHolm: n, Margin: n, PTost: n, MinDetect: n}
}

// compare fills the Comparison of every row against the baseline row of its section, then the
// Holm adjustment and the verdicts section by section.
func compare(rows []Row, spec Spec) {
	if spec.Baseline == "" {
		return
	}
	base := map[string]Row{}
	for _, r := range rows {
		if r.Activation == spec.Baseline {
			base[r.section()] = r
		}
	}
	for i, r := range rows {
		b, ok := base[r.section()]
		switch {
		case !ok:
		case r.Activation == spec.Baseline:
			rows[i].IsBaseline = true
		default:
			rows[i].Cmp = pairRows(r, b, spec)
		}
	}
	adjust(rows, spec.Higher)
}

// pairRows compares row r with the baseline row b on the seeds both have.
func pairRows(r, b Row, spec Spec) Comparison {
	var seeds []int
	for s := range r.BySeed {
		if _, ok := b.BySeed[s]; ok {
			seeds = append(seeds, s)
		}
	}
	slices.Sort(seeds)
	x, y := make([]float64, len(seeds)), make([]float64, len(seeds))
	for i, s := range seeds {
		x[i], y[i] = r.BySeed[s], b.BySeed[s]
	}
	return Pair(x, y, spec.Proportion, spec.Margin)
}

// Pair compares x with y, paired by index (x[i] and y[i] share a seed), before any Holm
// adjustment: 0/1 outcomes (proportion) by exact McNemar with Tango's interval and TOST,
// other values by the paired t-test, the sign-flip test and TOST (stats.Paired); margin ≤ 0
// means no equivalence test. x and y must have the same length.
func Pair(x, y []float64, proportion bool, margin float64) Comparison {
	if proportion {
		return pairRates(x, y, margin)
	}
	c := noComparison()
	c.Test, c.N, c.Margin = TestPairedT, len(x), margin
	p, err := stats.Paired(x, y, margin)
	if err != nil { // cannot happen: x and y have the same length
		return c
	}
	c.Delta, c.Lo, c.Hi, c.PPaired, c.PPerm, c.PTost, c.MinDetect = p.Delta, p.Lo, p.Hi, p.PPaired, p.PPerm, p.PTost, p.MinDetect
	return c
}

// pairRates compares paired 0/1 outcomes x against the baseline's y (value 1 = success).
func pairRates(x, y []float64, margin float64) Comparison {
	c := noComparison()
	c.Test, c.N, c.Margin = TestMcNemar, len(x), margin
	if len(x) == 0 {
		return c
	}
	xs, ys := make([]bool, len(x)), make([]bool, len(y))
	for i := range x {
		xs[i], ys[i] = x[i] == 1, y[i] == 1
	}
	b, cc, n, _ := stats.Discordant(xs, ys)
	c.B, c.C = b, cc
	c.Delta = float64(b-cc) / float64(n)
	iv := stats.TangoInterval(b, cc, n, 1-stats.Alpha)
	c.Lo, c.Hi = iv.Lo, iv.Hi
	c.PPaired = stats.McNemar(b, cc)
	c.PPerm = c.PPaired
	if margin > 0 {
		_, _, c.PTost = stats.TangoTOST(b, cc, n, margin)
	}
	d, _ := stats.Differences(x, y)
	c.MinDetect = stats.MinDetectable(stats.StdDev(d), n, stats.Alpha, 0.8)
	return c
}

// adjust fills PHolm and Verdict: Holm over the compared rows of each section.
func adjust(rows []Row, higher bool) {
	bySection := map[string][]int{}
	var order []string
	for i, r := range rows {
		if r.Cmp.Test == "" {
			continue
		}
		k := r.section()
		if bySection[k] == nil {
			order = append(order, k)
		}
		bySection[k] = append(bySection[k], i)
	}
	for _, k := range order {
		idx := bySection[k]
		p := make([]float64, len(idx))
		for j, i := range idx {
			p[j] = rows[i].Cmp.PPaired
		}
		for j, adj := range stats.Holm(p) {
			c := &rows[idx[j]].Cmp
			c.PHolm = adj
			delta := c.Delta
			if !higher {
				delta = -delta
			}
			c.Verdict = stats.Verdict(delta, c.PHolm, c.PTost)
		}
	}
}
