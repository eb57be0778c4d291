package report

import (
	"encoding/csv"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/experiments/sweep"
)

// CSVColumns is the fixed part of summary.csv's header, in the metric's raw units (accuracy as
// a fraction: a 0.2-point margin is 0.002):
//
//	experiment, model, hidden, variant   the row's section
//	activation, lr                       the row label and its learning rate(s)
//	lr_interior, lr_note                 Spec.LRStatus ("true"/"false"/""; why not interior)
//	metric, split, n, mean, std, ci_low, ci_high, median, q1, q3
//	                                     the headline metric over the row's runs (Wilson interval for rates)
//	baseline, test, n_pairs, delta, delta_ci_low, delta_ci_high, p_paired, p_perm, p_holm,
//	margin, p_tost, verdict, min_detect  the paired comparison with the baseline (Comparison);
//	                                     verdict "baseline" on the baseline's row
//
// then one column per Extra with a Column name (the union over the tables, in order of first
// appearance; empty where a table lacks it) and seconds_per_epoch last.
func CSVColumns() []string {
	return []string{"experiment", "model", "hidden", "variant", "activation", "lr", "lr_interior", "lr_note",
		"metric", "split", "n", "mean", "std", "ci_low", "ci_high", "median", "q1", "q3",
		"baseline", "test", "n_pairs", "delta", "delta_ci_low", "delta_ci_high", "p_paired", "p_perm", "p_holm",
		"margin", "p_tost", "verdict", "min_detect"}
}

// extraColumns are the Extra columns of the tables, in order of first appearance.
func extraColumns(tables []Table) []string {
	var out []string
	for _, t := range tables {
		for _, e := range t.Spec.Extras {
			if e.Column != "" && !slices.Contains(out, e.Column) {
				out = append(out, e.Column)
			}
		}
	}
	return out
}

// CSV renders the tables as summary.csv: one line per row of every table, raw (unscaled) values.
func CSV(tables []Table) []byte {
	var cs strings.Builder
	w := csv.NewWriter(&cs)
	extra := extraColumns(tables)
	w.Write(append(append(CSVColumns(), extra...), "seconds_per_epoch"))
	for _, t := range tables {
		for _, r := range t.Rows {
			w.Write(csvLine(t.Spec, r, extra))
		}
	}
	w.Flush() // a strings.Builder cannot fail
	return []byte(cs.String())
}

// csvLine is one row of summary.csv.
func csvLine(spec Spec, r Row, extra []string) []string {
	f := sweep.FormatFloat
	s, c := r.Stat, r.Cmp
	nPairs, verdict := "", string(c.Verdict)
	if c.Test != "" {
		nPairs = strconv.Itoa(c.N)
	}
	if r.IsBaseline {
		verdict = "baseline"
	}
	line := []string{r.Experiment, r.Model, r.Hidden, r.Variant, r.Activation, r.LR, r.LRInterior, r.LRNote,
		spec.Metric, spec.Split, strconv.Itoa(s.N), f(s.Mean), f(s.Std), f(s.Lo), f(s.Hi), f(s.Median), f(s.Q1), f(s.Q3),
		spec.Baseline, c.Test, nPairs, f(c.Delta), f(c.Lo), f(c.Hi), f(c.PPaired), f(c.PPerm), f(c.PHolm),
		f(c.Margin), f(c.PTost), verdict, f(c.MinDetect)}
	for _, col := range extra {
		i := slices.IndexFunc(spec.Extras, func(e Extra) bool { return e.Column == col })
		if i < 0 {
			line = append(line, "")
			continue
		}
		d := r.Extras[i]
		v := d.Mean
		if spec.Extras[i].Median {
			v = d.Median
		}
		line = append(line, f(v))
	}
	return append(line, f(r.SecPerEpoch))
}
