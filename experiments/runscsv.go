package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// runKey identifies one run: one model trained once with one configuration and one seed. Two
// jobs with equal keys are the same run, so a key must hold every setting that changes the
// result. Its fields are the configuration columns of runs.csv.
type runKey struct {
	Experiment string  // "xor", "mnist", "criticality", …
	Model      string  // "perceptron", "mlp", …
	Activation string  // canonical activation spec (activations.Activation.String())
	Seed       int     // the run's seed; see (runKey).rngSeed
	LR         float64 // learning rate (0 when not applicable)
	Hidden     string  // hidden layer sizes, formatHidden's form ("256", "512,256"; "" for none)
	Batch      int     // minibatch size
	Opt        string  // optimiser name
	Epochs     int     // epochs requested (the budget, not the epochs run)
	Variant    string  // anything else that distinguishes runs, as "k=v;k=v" ("" when nothing)
}

// String is the key's canonical one-line form, unique per key (used as a map key and in messages).
func (k runKey) String() string {
	return strings.Join(k.fields(), "|")
}

// fields are the key's values in runs.csv column order (keyColumns).
func (k runKey) fields() []string {
	return []string{k.Experiment, k.Model, k.Activation, strconv.Itoa(k.Seed), formatFloat(k.LR),
		k.Hidden, strconv.Itoa(k.Batch), k.Opt, strconv.Itoa(k.Epochs), k.Variant}
}

// validate rejects keys that runs.csv could not round-trip (line breaks, '|', non-finite LR).
func (k runKey) validate() error {
	for _, s := range []string{k.Experiment, k.Model, k.Activation, k.Hidden, k.Opt, k.Variant} {
		if strings.ContainsAny(s, "\r\n|") {
			return fmt.Errorf("run key field %q holds a line break or '|'", s)
		}
	}
	if math.IsNaN(k.LR) || math.IsInf(k.LR, 0) {
		return fmt.Errorf("run key %s: learning rate %v", k, k.LR)
	}
	return nil
}

// rngSeed is the seed a job should give its generators: the run's Seed itself, so that runs that
// differ only in activation (or learning rate) share their initial weights' random stream and
// data order — a paired comparison. Never derived from the clock.
func (k runKey) rngSeed() uint64 { return uint64(k.Seed) }

// row is one measured value of a run, tidy: one value a row.
type row struct {
	Epoch  int     // epoch after which it was measured (0 = before training); run-level values use the epochs run
	Split  string  // "train", "val", "test", or "" for values that belong to no split (time, success)
	Metric string  // "loss", "accuracy", "success", "wall_seconds", …
	Value  float64 // NaN and ±Inf are written as "NaN", "+Inf", "-Inf"
}

// record is a row of runs.csv: the run's key and one value.
type record struct {
	Key runKey
	row
}

// Metric names the runner itself writes.
const (
	metricDone           = "done"              // the last row of every finished run; value 1
	metricWallSeconds    = "wall_seconds"      // the job's wall-clock time
	metricSecondsPerEpch = "seconds_per_epoch" // wall_seconds / Epochs, unless the job wrote its own
)

// runsColumns is the header of runs.csv: the tidy columns first, then the config columns.
var runsColumns = []string{"experiment", "model", "activation", "seed", "epoch", "split", "metric", "value",
	"lr", "hidden", "batch", "opt", "epochs", "variant"}

func (r record) csv() []string {
	k := r.Key.fields()
	return []string{k[0], k[1], k[2], k[3], strconv.Itoa(r.Epoch), r.Split, r.Metric, formatFloat(r.Value),
		k[4], k[5], k[6], k[7], k[8], k[9]}
}

func parseRecord(f []string) (record, error) {
	var r record
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
	r.Key = runKey{Experiment: f[0], Model: f[1], Activation: f[2], Seed: num(f[3]), LR: flt(f[8]),
		Hidden: f[9], Batch: num(f[10]), Opt: f[11], Epochs: num(f[12]), Variant: f[13]}
	r.row = row{Epoch: num(f[4]), Split: f[5], Metric: f[6], Value: flt(f[7])}
	return r, err
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// formatHidden writes hidden layer sizes as runs.csv's hidden column: "512,256".
func formatHidden(sizes []int) string {
	s := make([]string, len(sizes))
	for i, v := range sizes {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

// runsFile is <out>/runs.csv opened for appending finished runs. Open it with openRuns; append
// through one goroutine at a time (the runner's writer goroutine).
type runsFile struct {
	path string
	f    *os.File
	done map[string]bool // keys (runKey.String) of the complete runs in the file
}

// readRuns reads runs.csv and returns the records of complete runs only: the rows of a run count
// once its "done" row has been read. It tolerates a truncated last line (a process killed while
// writing: everything after the last '\n' is ignored), drops the rows of runs without a done
// row (interrupted) and of repeated complete runs, and reports with dirty whether it dropped
// anything. A missing file is no records and no error; a different header is an error.
func readRuns(path string) (recs []record, dirty bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading %s: %w", path, err)
	}
	if i := bytes.LastIndexByte(data, '\n'); i+1 < len(data) {
		data, dirty = data[:i+1], true // truncated last line
	}
	if len(data) == 0 {
		return nil, dirty, nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = len(runsColumns)
	head, err := cr.Read()
	if err != nil || !slices.Equal(head, runsColumns) {
		return nil, false, fmt.Errorf("%s does not start with the header %s (found %q, %v); move it away or choose another -out",
			path, strings.Join(runsColumns, ","), head, err)
	}
	pending := map[string][]record{}
	complete := map[string]bool{}
	for line := 2; ; line++ {
		f, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", path, err)
		}
		r, err := parseRecord(f)
		if err != nil {
			return nil, false, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		k := r.Key.String()
		pending[k] = append(pending[k], r)
		if r.Metric != metricDone {
			continue
		}
		if complete[k] {
			dirty = true // a second copy of a finished run: keep the first
		} else {
			complete[k] = true
			recs = append(recs, pending[k]...)
		}
		delete(pending, k)
	}
	if len(pending) > 0 {
		dirty = true // interrupted runs: their rows are dropped and the runs redone
	}
	return recs, dirty, nil
}

// openRuns opens <dir>/runs.csv for appending, creating dir and the file (with its header) when
// missing. An existing file is read with readRuns; if it held a truncated line, unfinished runs
// or duplicates, it is first rewritten (atomically: temporary file, fsync, rename) with the
// complete runs only, so that every row in the file belongs to exactly one finished run.
func openRuns(dir string) (*runsFile, []record, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	path := filepath.Join(dir, "runs.csv")
	recs, dirty, err := readRuns(path)
	if err != nil {
		return nil, nil, err
	}
	_, statErr := os.Stat(path)
	if dirty || statErr != nil {
		if err := rewriteRuns(path, recs); err != nil {
			return nil, nil, err
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	rf := &runsFile{path: path, f: f, done: map[string]bool{}}
	for _, r := range recs {
		if r.Metric == metricDone {
			rf.done[r.Key.String()] = true
		}
	}
	return rf, recs, nil
}

// rewriteRuns replaces path by the header and recs, atomically.
func rewriteRuns(path string, recs []record) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".runs-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	w := csv.NewWriter(tmp)
	tmp.Chmod(0o644) // CreateTemp makes 0600 files; a failure here leaves a private but valid file
	w.Write(runsColumns)
	for _, r := range recs {
		w.Write(r.csv())
	}
	w.Flush()
	err = errors.Join(w.Error(), tmp.Sync(), tmp.Close())
	if err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// isDone reports whether the run with key k is complete in the file.
func (rf *runsFile) isDone(k runKey) bool { return rf.done[k.String()] }

// appendRun writes a finished run's rows followed by its done row in one write and fsyncs, so
// the run is on disk before the call returns. A run already in the file is an error (nothing is
// ever duplicated).
func (rf *runsFile) appendRun(k runKey, rows []row) error {
	if rf.done[k.String()] {
		return fmt.Errorf("run %s is already in %s", k, rf.path)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, r := range rows {
		if r.Metric == metricDone {
			return fmt.Errorf("run %s: the metric name %q is reserved", k, metricDone)
		}
		w.Write(record{k, r}.csv())
	}
	w.Write(record{k, row{Metric: metricDone, Value: 1}}.csv())
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if _, err := rf.f.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("appending to %s: %w", rf.path, err)
	}
	if err := rf.f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", rf.path, err)
	}
	rf.done[k.String()] = true
	return nil
}

// Close closes the file.
func (rf *runsFile) Close() error { return rf.f.Close() }
