package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
)

// Line is one line of a summary.csv read back: a row of a table with its statistics, raw
// (unscaled) values.
type Line struct {
	Experiment, Model, Hidden, Variant, Activation string
	LR                                             string // as written: "0.001", or "0.001/0.003"
	Metric, Split                                  string
	N                                              int
	Mean, Std, Lo, Hi, Median, Q1, Q3              float64
	Baseline                                       string
	Delta, P, SecPerEpoch                          float64
}

// ReadCSV reads a summary.csv written by Write, in order. A different header or a malformed
// number is an error naming the file and line.
func ReadCSV(path string) ([]Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(CSVColumns())
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", path, err)
	}
	if len(recs) == 0 || !slices.Equal(recs[0], CSVColumns()) {
		return nil, fmt.Errorf("report: %s does not start with the summary.csv header", path)
	}
	var out []Line
	for i, rec := range recs[1:] {
		l, err := parseLine(rec)
		if err != nil {
			return nil, fmt.Errorf("report: %s line %d: %w", path, i+2, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// parseLine reads one summary.csv line (CSVColumns order).
func parseLine(f []string) (Line, error) {
	var errs []error
	flt := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		errs = append(errs, err)
		return v
	}
	n, err := strconv.Atoi(f[8])
	l := Line{Experiment: f[0], Model: f[1], Hidden: f[2], Variant: f[3], Activation: f[4], LR: f[5], Metric: f[6], Split: f[7], N: n,
		Mean: flt(f[9]), Std: flt(f[10]), Lo: flt(f[11]), Hi: flt(f[12]), Median: flt(f[13]), Q1: flt(f[14]), Q3: flt(f[15]),
		Baseline: f[16], Delta: flt(f[17]), P: flt(f[18]), SecPerEpoch: flt(f[19])}
	return l, errors.Join(append(errs, err)...)
}
