package sweep

import (
	"errors"
	"fmt"
	"strconv"
)

// Row is one measured value of a run, tidy: one value a row.
type Row struct {
	Epoch  int     // epoch after which it was measured (0 = before training); run-level values use the epochs run
	Split  string  // "train", "val", "test", or "" for values that belong to no split (time, success)
	Metric string  // "loss", "accuracy", "success", "wall_seconds", …
	Value  float64 // NaN and ±Inf are written as "NaN", "+Inf", "-Inf"
}

// Record is a row of runs.csv: the run's key and one value.
type Record struct {
	Key Key
	Row
}

// Metric names the runner itself writes.
const (
	MetricDone            = "done"              // the last row of every finished run; value 1
	MetricWallSeconds     = "wall_seconds"      // the job's wall-clock time
	MetricSecondsPerEpoch = "seconds_per_epoch" // wall_seconds / Epochs, unless the job wrote its own
)

// Columns returns the header of runs.csv: the tidy columns first, then the configuration ones.
func Columns() []string {
	return []string{"experiment", "model", "activation", "seed", "epoch", "split", "metric", "value",
		"lr", "hidden", "batch", "opt", "epochs", "variant"}
}

// CSV is the record as a runs.csv line, in Columns order.
func (r Record) CSV() []string {
	k := r.Key.fields()
	return []string{k[0], k[1], k[2], k[3], strconv.Itoa(r.Epoch), r.Split, r.Metric, FormatFloat(r.Value),
		k[4], k[5], k[6], k[7], k[8], k[9]}
}

// ParseRecord reads a runs.csv line (Columns order) back into a record.
func ParseRecord(f []string) (Record, error) {
	if len(f) != len(Columns()) {
		return Record{}, fmt.Errorf("sweep: %d fields, want %d", len(f), len(Columns()))
	}
	var r Record
	var err error
	num := func(s string) int {
		v, e := strconv.Atoi(s)
		err = errors.Join(err, e)
		return v
	}
	flt := func(s string) float64 {
		v, e := strconv.ParseFloat(s, 64)
		err = errors.Join(err, e)
		return v
	}
	r.Key = Key{Experiment: f[0], Model: f[1], Activation: f[2], Seed: num(f[3]), LR: flt(f[8]),
		Hidden: f[9], Batch: num(f[10]), Opt: f[11], Epochs: num(f[12])}
	r.Row = Row{Epoch: num(f[4]), Split: f[5], Metric: f[6], Value: flt(f[7])}
	if err != nil {
		return r, err
	}
	r.Key.Settings, err = ParseVariant(f[13], r.Key.LR)
	return r, err
}

// Only keeps the records of the given keys' runs, in order.
func Only(recs []Record, keys map[Key]bool) []Record {
	var out []Record
	for _, r := range recs {
		if keys[r.Key] {
			out = append(out, r)
		}
	}
	return out
}
