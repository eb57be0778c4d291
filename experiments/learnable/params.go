package learnable

import (
	"math"
	"slices"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
)

// ParamDist is the distribution of one learned parameter over every unit of every seed after
// the last epoch (the runs' param:<name>:unit:<i> rows).
type ParamDist struct {
	Dataset, Learned, Param string  // Param: the parameter's name, "h" ("h.l1" when several layers learn it)
	Initial                 float64 // its value in the spec, where every unit started
	N                       int     // values: units × seeds
	Mean, Std               float64 // Std: sample standard deviation over the N values
	Min, Q10, Q25, Median   float64
	Q75, Q90, Max           float64
	Values                  []float64 // sorted; not in params.csv
}

// distributions are the final distributions of the learned parameters of the pairs' learnable
// activations on dataset, in pair order and, within a pair, by parameter name.
func distributions(recs []sweep.Record, ps []pair, dataset string) []ParamDist {
	last := map[sweep.Key]int{}
	for _, r := range recs {
		if _, stat, ok := sweep.ParseParamMetric(r.Metric); ok && strings.HasPrefix(stat, "unit:") && r.Key.Experiment == dataset {
			last[r.Key] = max(last[r.Key], r.Epoch)
		}
	}
	vals := map[string]map[string][]float64{} // activation → parameter → values
	for _, r := range recs {
		name, stat, ok := sweep.ParseParamMetric(r.Metric)
		if !ok || !strings.HasPrefix(stat, "unit:") || r.Key.Experiment != dataset || r.Epoch != last[r.Key] {
			continue
		}
		if vals[r.Key.Activation] == nil {
			vals[r.Key.Activation] = map[string][]float64{}
		}
		vals[r.Key.Activation][name] = append(vals[r.Key.Activation][name], r.Value)
	}
	var out []ParamDist
	for _, p := range ps {
		byName := vals[p.learned.String()]
		names := make([]string, 0, len(byName))
		for n := range byName {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			out = append(out, describeParam(dataset, p.learned, n, byName[n]))
		}
	}
	return out
}

// describeParam summarises the values v of parameter name of the learnable activation l.
func describeParam(dataset string, l activations.Activation, name string, v []float64) ParamDist {
	v = slices.Clone(v)
	slices.Sort(v)
	d := ParamDist{Dataset: dataset, Learned: l.String(), Param: name, Initial: initial(l, name), N: len(v),
		Mean: stats.Mean(v), Std: stats.StdDev(v), Values: v}
	q := func(p float64) float64 { return stats.Quantile(v, p) }
	d.Min, d.Q10, d.Q25, d.Median, d.Q75, d.Q90, d.Max = v[0], q(0.1), q(0.25), q(0.5), q(0.75), q(0.9), v[len(v)-1]
	return d
}

// initial is the spec value of learned parameter name ("h", or "h.l1") of l; NaN if unknown.
func initial(a activations.Activation, name string) float64 {
	key, _, _ := strings.Cut(name, ".")
	l, ok := a.(activations.Learned)
	if !ok {
		return math.NaN()
	}
	if i := slices.Index(l.Keys, key); i >= 0 {
		return l.Initial()[i]
	}
	return math.NaN()
}

// Trajectory is a learned parameter over the epochs: at each epoch of the sweep.ParamEpoch grid,
// the mean over every unit of every run still training, and the standard deviation over those
// units (pooled from the runs' param:<name>:mean and :std, each run weighted alike: its units
// are equally many).
type Trajectory struct {
	Dataset, Learned, Param string
	Epochs, Mean, Std       []float64
	Runs                    []int // runs contributing at each epoch
}

// trajCell gathers, at one epoch, each run's mean and squared std of one parameter.
type trajCell struct{ m, s2 []float64 }

// trajKey is an activation's parameter at one epoch.
type trajKey struct {
	act, name string
	epoch     int
}

// trajectories are the pairs' learned parameters over the epochs on dataset.
func trajectories(recs []sweep.Record, ps []pair, dataset string) []Trajectory {
	cells := map[trajKey]*trajCell{}
	names := map[string][]string{} // activation → parameter names
	last := 0
	for _, r := range recs {
		name, stat, ok := sweep.ParseParamMetric(r.Metric)
		if !ok || r.Key.Experiment != dataset || !sweep.ParamEpoch(r.Epoch) || (stat != "mean" && stat != "std") {
			continue
		}
		k := trajKey{r.Key.Activation, name, r.Epoch}
		if cells[k] == nil {
			cells[k] = &trajCell{}
		}
		if !slices.Contains(names[k.act], name) {
			names[k.act] = append(names[k.act], name)
		}
		if stat == "mean" {
			cells[k].m = append(cells[k].m, r.Value)
		} else {
			cells[k].s2 = append(cells[k].s2, r.Value*r.Value)
		}
		last = max(last, r.Epoch)
	}
	var out []Trajectory
	for _, p := range ps {
		act := p.learned.String()
		slices.Sort(names[act])
		for _, name := range names[act] {
			t := Trajectory{Dataset: dataset, Learned: act, Param: name}
			for e := 1; e <= last; e++ {
				if c := cells[trajKey{act, name, e}]; c != nil && len(c.m) == len(c.s2) {
					t.add(e, c)
				}
			}
			out = append(out, t)
		}
	}
	return out
}

// add appends epoch e: the mean of the runs' means, and the pooled standard deviation over all
// their units, √(mean(s² + m²) − mean(m)²) (each run has the same number of units).
func (t *Trajectory) add(e int, c *trajCell) {
	m := stats.Mean(c.m)
	second := stats.Mean(c.s2)
	for _, v := range c.m {
		second += v * v / float64(len(c.m))
	}
	t.Epochs, t.Mean = append(t.Epochs, float64(e)), append(t.Mean, m)
	t.Std, t.Runs = append(t.Std, math.Sqrt(math.Max(second-m*m, 0))), append(t.Runs, len(c.m))
}
