package learnable

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/isingact/isingact/experiments/sweep"
)

// comparisonMarkdown renders one dataset's comparisons, values in percent (points).
func comparisonMarkdown(title string, rows []Comparison) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", title)
	if len(rows) == 0 {
		b.WriteString("No complete pairs.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "| fixed | learnable | lr | n | fixed (%%) | learnable (%%) | Δ (points) | 95%% CI (%s) | p paired | p perm | p Holm | p TOST (±%s) | verdict |\n",
		rows[0].CI, pct(rows[0].Margin))
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %d | %s | %s | %s | [%s, %s] | %s | %s | %s | %s | **%s** |\n",
			r.Fixed, r.Learned, sweep.FormatFloat(r.LR), r.N, pct(r.FixedMean), pct(r.LearnedMean), signed(r.Delta),
			pct(r.Lo), pct(r.Hi), pval(r.PPaired), pval(r.PPerm), pval(r.PHolm), pval(r.PTost), r.Verdict)
	}
	return b.String()
}

// paramMarkdown renders the distributions of the learned parameters.
func paramMarkdown(title string, ds []ParamDist) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", title)
	if len(ds) == 0 {
		b.WriteString("No per-unit values.\n")
		return b.String()
	}
	b.WriteString("| learnable | parameter | initial | n (units × seeds) | mean ± std | min | q10 | q25 | median | q75 | q90 | max |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, d := range ds {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %s ± %s | %s | %s | %s | %s | %s | %s | %s |\n",
			d.Learned, d.Param, num(d.Initial), d.N, num(d.Mean), num(d.Std), num(d.Min), num(d.Q10), num(d.Q25),
			num(d.Median), num(d.Q75), num(d.Q90), num(d.Max))
	}
	return b.String()
}

func pct(v float64) string { return strconv.FormatFloat(100*v, 'f', 2, 64) }

func signed(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return fmt.Sprintf("%+.2f", 100*v)
}

func pval(p float64) string {
	switch {
	case math.IsNaN(p):
		return "—"
	case p < 1e-4:
		return "<1e-4"
	}
	return strconv.FormatFloat(p, 'f', 4, 64)
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// summaryColumns is the header of summary.csv: one line per comparison, raw fractions.
var summaryColumns = []string{"dataset", "fixed", "learned", "lr", "metric", "n", "fixed_mean", "learned_mean", "delta",
	"ci_low", "ci_high", "ci_method", "p_paired", "p_perm", "p_holm", "margin", "p_tost", "verdict"}

// paramColumns is the header of params.csv: one line per learned parameter and dataset.
var paramColumns = []string{"dataset", "learned", "param", "initial", "n", "mean", "std", "min", "q10", "q25", "median",
	"q75", "q90", "max"}

// summaryCSV renders the comparisons as summary.csv.
func summaryCSV(rows []Comparison) []byte {
	f := sweep.FormatFloat
	return csvOf(summaryColumns, len(rows), func(i int) []string {
		r := rows[i]
		return []string{r.Dataset, r.Fixed, r.Learned, f(r.LR), r.Metric, strconv.Itoa(r.N), f(r.FixedMean), f(r.LearnedMean),
			f(r.Delta), f(r.Lo), f(r.Hi), r.CI, f(r.PPaired), f(r.PPerm), f(r.PHolm), f(r.Margin), f(r.PTost), string(r.Verdict)}
	})
}

// paramsCSV renders the learned parameters' distributions as params.csv.
func paramsCSV(ds []ParamDist) []byte {
	f := sweep.FormatFloat
	return csvOf(paramColumns, len(ds), func(i int) []string {
		d := ds[i]
		return []string{d.Dataset, d.Learned, d.Param, f(d.Initial), strconv.Itoa(d.N), f(d.Mean), f(d.Std), f(d.Min),
			f(d.Q10), f(d.Q25), f(d.Median), f(d.Q75), f(d.Q90), f(d.Max)}
	})
}

func csvOf(header []string, n int, line func(int) []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	for i := range n {
		w.Write(line(i))
	}
	w.Flush()
	return b.Bytes()
}
