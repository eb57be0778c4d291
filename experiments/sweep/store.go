package sweep

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/isingact/isingact/internal/atomicfile"
)

// Store is a runs.csv opened for appending finished runs: Open it, ask Done, Append each
// finished run (one goroutine at a time), Close. Every row in the file belongs to exactly one
// finished run, which ends with its done row.
type Store struct {
	path string
	f    *os.File
	recs []Record     // the complete runs in the file, in file order
	done map[Key]bool // keys of the complete runs
}

// Open opens <dir>/runs.csv, the runs file of an unsharded sweep: OpenFile(dir, RunsFile).
func Open(dir string) (*Store, error) { return OpenFile(dir, RunsFile) }

// OpenFile opens the runs file <dir>/<name> for appending (name is Options.RunsFile(): runs.csv,
// or runs-<i>-of-<n>.csv for a shard), creating dir and the file (with its header) when missing.
// An existing file is read with ReadFile; if it held a truncated line, unfinished runs or
// duplicates, it is first rewritten atomically with the complete runs only.
func OpenFile(dir, name string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	path := filepath.Join(dir, name)
	recs, dirty, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	_, statErr := os.Stat(path)
	if dirty || statErr != nil {
		if err := atomicfile.WriteFile(path, encode(recs, true)); err != nil {
			return nil, fmt.Errorf("sweep: rewriting %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	s := &Store{path: path, f: f, recs: recs, done: map[Key]bool{}}
	for _, r := range recs {
		if r.Metric == MetricDone {
			s.done[r.Key] = true
		}
	}
	return s, nil
}

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Records are the complete runs in the file: those read at Open and those appended since.
func (s *Store) Records() []Record { return s.recs }

// Done reports whether the run with key k is complete in the file.
func (s *Store) Done(k Key) bool { return s.done[k] }

// Append writes a finished run's rows followed by its done row in one write and fsyncs, so the
// run is on disk before the call returns. A run already in the file is an error (nothing is ever
// duplicated), and so is a row named done.
func (s *Store) Append(k Key, rows []Row) error {
	if s.done[k] {
		return fmt.Errorf("sweep: run %s is already in %s", k, s.path)
	}
	recs := make([]Record, 0, len(rows)+1)
	for _, r := range rows {
		if r.Metric == MetricDone {
			return fmt.Errorf("sweep: run %s: the metric name %q is reserved", k, MetricDone)
		}
		recs = append(recs, Record{k, r})
	}
	recs = append(recs, Record{k, Row{Metric: MetricDone, Value: 1}})
	if _, err := s.f.Write(encode(recs, false)); err != nil {
		return fmt.Errorf("sweep: appending to %s: %w", s.path, err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("sweep: syncing %s: %w", s.path, err)
	}
	s.done[k] = true
	s.recs = append(s.recs, recs...)
	return nil
}

// Close closes the file.
func (s *Store) Close() error { return s.f.Close() }

// encode writes records as CSV lines, after the header when header is true.
func encode(recs []Record, header bool) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if header {
		w.Write(Columns())
	}
	for _, r := range recs {
		w.Write(r.CSV())
	}
	w.Flush() // writing to a bytes.Buffer cannot fail
	return buf.Bytes()
}

// ReadFile reads a runs.csv and returns the records of complete runs only: the rows of a run
// count once its done row has been read. It tolerates a truncated last line (a process killed
// while writing: everything after the last '\n' is ignored), drops the rows of runs without a
// done row (interrupted) and of repeated complete runs, and reports with dirty whether it dropped
// anything. A missing file is no records and no error; a different header is an error.
func ReadFile(path string) (recs []Record, dirty bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("sweep: reading %s: %w", path, err)
	}
	if i := bytes.LastIndexByte(data, '\n'); i+1 < len(data) {
		data, dirty = data[:i+1], true // truncated last line
	}
	if len(data) == 0 {
		return nil, dirty, nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = len(Columns())
	head, err := cr.Read()
	if err != nil || !slices.Equal(head, Columns()) {
		return nil, false, fmt.Errorf("sweep: %s does not start with the header %s (found %q, %v); move it away or choose another -out",
			path, strings.Join(Columns(), ","), head, err)
	}
	recs, partial, err := readComplete(cr, path)
	return recs, dirty || partial, err
}

// readComplete reads the records after the header and keeps the complete runs; dirty reports
// dropped rows (unfinished or repeated runs).
func readComplete(cr *csv.Reader, path string) (recs []Record, dirty bool, err error) {
	pending := map[Key][]Record{}
	complete := map[Key]bool{}
	for line := 2; ; line++ {
		f, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, fmt.Errorf("sweep: %s: %w", path, err)
		}
		r, err := ParseRecord(f)
		if err != nil {
			return nil, false, fmt.Errorf("sweep: %s line %d: %w", path, line, err)
		}
		pending[r.Key] = append(pending[r.Key], r)
		if r.Metric != MetricDone {
			continue
		}
		if complete[r.Key] {
			dirty = true // a second copy of a finished run: keep the first
		} else {
			complete[r.Key] = true
			recs = append(recs, pending[r.Key]...)
		}
		delete(pending, r.Key)
	}
	return recs, dirty || len(pending) > 0, nil // pending: interrupted runs, dropped and redone
}

// Load reads the complete runs of one or several runs.csv files (for example the files of the
// shards of one sweep) with ReadFile, in order; a run found in more than one file counts once,
// from the first. A missing file holds no runs.
func Load(paths ...string) ([]Record, error) {
	var out []Record
	seen := map[Key]bool{}
	for _, p := range paths {
		recs, _, err := ReadFile(p)
		if err != nil {
			return nil, err
		}
		here := map[Key]bool{}
		for _, r := range recs {
			if !seen[r.Key] {
				out = append(out, r)
				here[r.Key] = true
			}
		}
		for k := range here {
			seen[k] = true
		}
	}
	return out, nil
}
