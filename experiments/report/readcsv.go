package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
)

// Line is one line of a summary.csv read back: a row of a table with its statistics, raw
// (unscaled) values. The comparison's fields are those of Comparison (NaN, "" where the file
// has no such column or the row no comparison).
type Line struct {
	Experiment, Model, Hidden, Variant, Activation string
	LR                                             string // as written: "0.001", or "0.001/0.003"
	LRInterior, LRNote                             string
	Metric, Split                                  string
	N                                              int
	Mean, Std, Lo, Hi, Median, Q1, Q3              float64
	Baseline                                       string
	Test                                           string
	NPairs                                         int
	Delta, DeltaLo, DeltaHi                        float64
	// P is the comparison's p-value: p_paired, or p_value in a summary.csv written before the
	// paired protocol (Welch's test or the two-proportion z-test).
	P, PPerm, PHolm, Margin, PTost, MinDetect float64
	Verdict                                   string // a stats.Outcome, "baseline" on the baseline's row
	Extra                                     map[string]float64
	SecPerEpoch                               float64
}

// ExtraValue is the value of the extra column name, NaN when the file has no such column.
func (l Line) ExtraValue(name string) float64 {
	if v, ok := l.Extra[name]; ok {
		return v
	}
	return math.NaN()
}

// required are the columns every summary.csv has had, since before the paired protocol.
var required = []string{"experiment", "model", "hidden", "variant", "activation", "lr", "metric", "split", "n", "mean", "std",
	"ci_low", "ci_high", "median", "q1", "q3", "baseline", "seconds_per_epoch"}

// ReadCSV reads a summary.csv written by Write, in order, by column name: it also reads the
// files written before the paired protocol (with delta and p_value, without the comparison's
// other columns), so that committed results stay readable until they are rerun. Columns not
// among CSVColumns (the tables' extras) go to Line.Extra. A missing required column or a
// malformed number is an error naming the file and line.
func ReadCSV(path string) ([]Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("report: %s is empty", path)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	for _, c := range required {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("report: %s has no %s column: not a summary.csv", path, c)
		}
	}
	var out []Line
	for i, rec := range recs[1:] {
		l, err := parseLine(recs[0], col, rec)
		if err != nil {
			return nil, fmt.Errorf("report: %s line %d: %w", path, i+2, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// parseLine reads one summary.csv line whose header is head (col: column → index).
func parseLine(head []string, col map[string]int, f []string) (Line, error) {
	var errs []error
	str := func(c string) string {
		if i, ok := col[c]; ok {
			return f[i]
		}
		return ""
	}
	flt := func(c string) float64 {
		s := str(c)
		if s == "" {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(s, 64)
		errs = append(errs, err)
		return v
	}
	num := func(c string) int {
		if s := str(c); s != "" {
			v, err := strconv.Atoi(s)
			errs = append(errs, err)
			return v
		}
		return 0
	}
	l := Line{Experiment: str("experiment"), Model: str("model"), Hidden: str("hidden"), Variant: str("variant"), Activation: str("activation"),
		LR: str("lr"), LRInterior: str("lr_interior"), LRNote: str("lr_note"), Metric: str("metric"), Split: str("split"), N: num("n"),
		Mean: flt("mean"), Std: flt("std"), Lo: flt("ci_low"), Hi: flt("ci_high"), Median: flt("median"), Q1: flt("q1"), Q3: flt("q3"),
		Baseline: str("baseline"), Test: str("test"), NPairs: num("n_pairs"), Delta: flt("delta"), DeltaLo: flt("delta_ci_low"),
		DeltaHi: flt("delta_ci_high"), P: flt("p_paired"), PPerm: flt("p_perm"), PHolm: flt("p_holm"), Margin: flt("margin"),
		PTost: flt("p_tost"), MinDetect: flt("min_detect"), Verdict: str("verdict"), SecPerEpoch: flt("seconds_per_epoch"),
		Extra: map[string]float64{}}
	if _, ok := col["p_paired"]; !ok {
		l.P = flt("p_value")
	}
	for _, c := range head {
		if !slices.Contains(CSVColumns(), c) && c != "seconds_per_epoch" && c != "p_value" {
			l.Extra[c] = flt(c)
		}
	}
	return l, errors.Join(errs...)
}
