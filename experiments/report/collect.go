package report

import (
	"math"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
)

// group gathers the runs of one row while the records are read.
type group struct {
	r      Row
	final  map[sweep.Key]sweep.Row // run → its final headline row
	time   []float64
	extras []map[sweep.Key]sweep.Row
	lrs    map[string]bool
}

// collect groups the records into rows (in order of first appearance) with their statistics;
// the comparison is left empty (noComparison).
func collect(recs []sweep.Record, spec Spec) []Row {
	sectionOf, rowOf := spec.Section, spec.RowOf
	if sectionOf == nil {
		sectionOf = DefaultSection
	}
	if rowOf == nil {
		rowOf = func(k sweep.Key) string { return k.Activation }
	}
	groups := map[string]*group{}
	var order []string
	for _, rec := range recs {
		sec, label := sectionOf(rec.Key), rowOf(rec.Key)
		gk := sec.String() + "|" + label
		g := groups[gk]
		if g == nil {
			g = newGroup(sec, label, len(spec.Extras))
			groups[gk] = g
			order = append(order, gk)
		}
		g.add(rec, spec)
	}
	var rows []Row
	for _, gk := range order {
		if g := groups[gk]; len(g.final) > 0 {
			rows = append(rows, g.row(spec))
		}
	}
	return rows
}

func newGroup(sec sweep.Key, label string, extras int) *group {
	g := &group{r: Row{Section: sec, Experiment: sec.Experiment, Model: sec.Model, Hidden: sec.Hidden, Variant: sec.Variant(), Activation: label},
		final: map[sweep.Key]sweep.Row{}, lrs: map[string]bool{}}
	for range extras {
		g.extras = append(g.extras, map[sweep.Key]sweep.Row{})
	}
	return g
}

// add takes one record into the group: the headline metric's latest row per run, the time per
// epoch, the extras' latest rows.
func (g *group) add(rec sweep.Record, spec Spec) {
	latest := func(m map[sweep.Key]sweep.Row) {
		if old, ok := m[rec.Key]; !ok || rec.Epoch >= old.Epoch {
			m[rec.Key] = rec.Row
		}
	}
	switch {
	case rec.Metric == spec.Metric && rec.Split == spec.Split:
		latest(g.final)
		g.lrs[sweep.FormatFloat(rec.Key.LR)] = true
	case rec.Metric == sweep.MetricSecondsPerEpoch:
		g.time = append(g.time, rec.Value)
	}
	for i, e := range spec.Extras {
		if rec.Metric == e.Metric && rec.Split == e.Split {
			latest(g.extras[i])
		}
	}
}

// row computes the group's statistics.
func (g *group) row(spec Spec) Row {
	r := g.r
	r.Values = sortedValues(g.final)
	r.Stat = stats.Describe(r.Values, spec.Proportion)
	r.CI = Interval(spec, r.Values)
	r.Stat.Lo, r.Stat.Hi = r.CI.Lo, r.CI.Hi
	r.SecPerEpoch = math.NaN()
	if len(g.time) > 0 {
		r.SecPerEpoch = stats.Mean(g.time)
	}
	lrs := make([]string, 0, len(g.lrs))
	for lr := range g.lrs {
		lrs = append(lrs, lr)
	}
	slices.Sort(lrs)
	r.LR = strings.Join(lrs, "/")
	for i := range spec.Extras {
		r.Extras = append(r.Extras, stats.Describe(sortedValues(g.extras[i]), false))
	}
	r.BySeed = bySeed(g.final)
	r.Cmp = noComparison()
	return r
}

// bySeed maps each seed with exactly one run in m to that run's value.
func bySeed(m map[sweep.Key]sweep.Row) map[int]float64 {
	out, runs := map[int]float64{}, map[int]int{}
	for k, r := range m {
		out[k.Seed] = r.Value
		runs[k.Seed]++
	}
	for seed, n := range runs {
		if n > 1 {
			delete(out, seed)
		}
	}
	return out
}

// sortedValues lists the values of a run → row map in the runs' key order (deterministic).
func sortedValues(m map[sweep.Key]sweep.Row) []float64 {
	keys := make([]sweep.Key, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b sweep.Key) int { return strings.Compare(a.String(), b.String()) })
	out := make([]float64, len(keys))
	for i, k := range keys {
		out[i] = m[k].Value
	}
	return out
}

// Interval is the 95% confidence interval of a row's headline values, one that stays inside the
// quantity's range: Wilson's score interval for a Proportion (stats.WilsonInterval, inside
// [0, 1], genuine at n = 1), the t interval cut at 0 and 1 and marked Clipped for a Fraction
// (stats.ClippedT), the plain t interval otherwise. A t interval needs n ≥ 2: at n = 1 (and
// n = 0, or with a NaN value) it has NaN bounds, which Interval.Text prints as "n = 1, no
// interval" instead of a zero-width interval that looks exact.
func Interval(spec Spec, values []float64) stats.Interval {
	const conf = 0.95
	switch {
	case spec.Proportion:
		k := 0
		for _, v := range values {
			if math.IsNaN(v) {
				return stats.Interval{Lo: math.NaN(), Hi: math.NaN(), N: len(values), Method: "wilson"}
			}
			if v == 1 {
				k++
			}
		}
		return stats.WilsonInterval(k, len(values), conf)
	case spec.Fraction:
		return stats.ClippedT(values, conf)
	}
	d := stats.Describe(values, false)
	iv := stats.Interval{Lo: d.Lo, Hi: d.Hi, N: d.N, Method: "t"}
	if d.N < 2 || math.IsNaN(d.Mean) {
		iv.Lo, iv.Hi = math.NaN(), math.NaN()
	}
	return iv
}
