package report

import (
	"strings"
	"testing"
)

// TestIntervalCells is issue 11's case 10: the tables' interval cells stay inside the quantity's
// range and say when there is none. Reference bounds: the t interval of {0.99, 0.5} is
// 0.745 ± t₀.₉₇₅(1)·0.3465/√2 = 0.745 ± 12.7062·0.245 = [−2.368, 3.858] (scipy.stats.t.ppf(0.975, 1)
// = 12.706204736), cut to [0, 1]; Wilson's interval of 1 success in 1 trial is [0.2065, 1]
// (statsmodels proportion_confint(1, 1, method="wilson")).
func TestIntervalCells(t *testing.T) {
	for _, tc := range []struct {
		name   string
		spec   Spec
		values []float64
		want   string
	}{
		{"accuracy past 100%", Spec{Fraction: true}, []float64{0.99, 0.5}, "[0.00, 100.00] (clipped)"},
		{"accuracy inside", Spec{Fraction: true}, []float64{0.9, 0.91, 0.92}, "[88.52, 93.48]"},
		{"accuracy, one run", Spec{Fraction: true}, []float64{0.97}, "n = 1, no interval"},
		{"unbounded, one run", Spec{}, []float64{0.97}, "n = 1, no interval"},
		{"unbounded, past 100", Spec{}, []float64{0.99, 0.5}, "[-236.80, 385.80]"},
		{"proportion, one run", Spec{Proportion: true}, []float64{1}, "[20.65, 100.00]"},
		{"proportion, none", Spec{Proportion: true}, []float64{0, 0, 0}, "[0.00, 56.15]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := tc.spec
			spec.Metric, spec.Split, spec.Scale = "accuracy", "test", 100
			rows := Summarize(recsOf("mlp", map[string][]float64{"relu": tc.values}), spec)
			if len(rows) != 1 {
				t.Fatalf("%d rows", len(rows))
			}
			md := Markdown(spec, rows)
			if !strings.Contains(md, "| "+tc.want+" |") {
				t.Errorf("interval cell %q not in\n%s", tc.want, md)
			}
			if r := rows[0]; r.Stat.Lo != r.CI.Lo && !(r.Stat.Lo != r.Stat.Lo && r.CI.Lo != r.CI.Lo) {
				t.Errorf("Stat.Lo %v differs from CI.Lo %v", r.Stat.Lo, r.CI.Lo)
			}
		})
	}
}
