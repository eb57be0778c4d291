package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/isingact/isingact/internal/atomicfile"
)

// Store is a runs.csv opened for appending finished runs: Open it, ask Done, Append each
// finished run (one goroutine at a time), Close. Every row in the file belongs to exactly one
// finished run, which ends with its done row. A Store works under the exclusive lock of its
// runs file (RunsLock): the one its command holds (Hold), or one it takes itself until Close.
type Store struct {
	path string
	f    *os.File
	info os.FileInfo // the file opened, for Append's same-file check
	lock *Lock       // the lock this Store took and releases at Close; nil when the command holds it
	recs []Record    // the complete runs in the file, in file order
	done map[Key]bool
}

// Open opens <dir>/runs.csv for appending as Run does, taking its lock (RunsLock) without
// waiting; Close releases it.
func Open(dir string) (*Store, error) {
	return open(context.Background(), Options{Dir: dir})
}

// open opens o's runs file under its lock: the one the command holds (Hold), or one taken here
// (waiting when o.Wait) and released by Close.
func open(ctx context.Context, o Options) (*Store, error) {
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	var lock *Lock
	if !o.holds() {
		var err error
		lock, err = LockFile(ctx, o.runsLockPath(), o.holder(""), o.Wait, o.Progress)
		if err != nil {
			return nil, err
		}
	}
	s, err := openLocked(o.runsPath(), o.Progress)
	if err != nil {
		lock.Release()
		return nil, err
	}
	s.lock = lock
	return s, nil
}

// openLocked opens the runs file at path, its lock held: it removes the temporary files an
// interrupted rewrite left (removeStaleTemps), reads the file with Scan and, if it held a
// truncated line, unfinished or incomplete runs or duplicates, first rewrites it atomically with
// the complete runs only, telling progress (when not nil) which runs it dropped and why.
func openLocked(path string, progress io.Writer) (*Store, error) {
	if err := removeStaleTemps(path); err != nil {
		return nil, err
	}
	c, err := Scan(path)
	if err != nil {
		return nil, err
	}
	if progress != nil {
		for _, p := range c.Problems {
			fmt.Fprintf(progress, "sweep: %s: %s\n", path, p)
		}
	}
	if _, statErr := os.Lstat(path); c.Dirty || statErr != nil {
		if err := atomicfile.WriteFile(path, encode(c.Records, true)); err != nil {
			return nil, fmt.Errorf("sweep: rewriting %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("sweep: %w", err)
	}
	s := &Store{path: path, f: f, info: info, recs: c.Records, done: map[Key]bool{}}
	for _, r := range c.Records {
		if r.Metric == MetricDone {
			s.done[r.Key] = true
		}
	}
	return s, nil
}

// removeStaleTemps removes the temporary files that atomicfile.WriteFile leaves beside path when
// the process is killed during a rewrite (".runs.csv-<digits>"). Only this exact pattern is
// touched, and only while the runs file's lock is held, so no rewrite in progress can lose its
// file.
func removeStaleTemps(path string) error {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+"-"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() || rest == "" || strings.Trim(rest, "0123456789") != "" {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("sweep: removing a stale temporary file: %w", err)
		}
	}
	return nil
}

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Records are the complete runs in the file: those read at Open and those appended since.
func (s *Store) Records() []Record { return s.recs }

// Done reports whether the run with key k is complete in the file.
func (s *Store) Done(k Key) bool { return s.done[k] }

// Append writes a finished run's rows followed by its done row in one write and fsyncs, so the
// run is on disk before the call returns. The done row's value is the run's number of rows, done
// row included (len(rows) + 1), so that a reader can tell a complete run from one whose rows were
// lost. A run already in the file is an error (nothing is ever duplicated), and so is a row named
// done. Before writing, Append checks that the path still names the file opened (same device and
// inode): if another program replaced or removed it, appending would write into a file nobody
// reads, so Append stops with an error instead.
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
	recs = append(recs, Record{k, Row{Metric: MetricDone, Value: float64(len(rows) + 1)}})
	if err := s.checkSame(); err != nil {
		return err
	}
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

// checkSame fails when s.path no longer names the file s has open.
func (s *Store) checkSame() error {
	now, err := os.Stat(s.path)
	if err != nil || !os.SameFile(now, s.info) {
		return fmt.Errorf("sweep: %s was replaced or removed while this command appended to it (by a program that ignores its lock?); stopped so that no run is written where nobody reads it: rerun the same command to redo the missing runs", s.path)
	}
	return nil
}

// Close closes the file and releases the lock the Store took.
func (s *Store) Close() error {
	err := s.f.Close()
	if lerr := s.lock.Release(); err == nil {
		err = lerr
	}
	return err
}

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

// doneCount reads a done row's value as the run's row count: n ≥ 2 for files written since the
// count was introduced, 0 for the older value 1 (the count unknown).
func doneCount(v float64) int {
	if v >= 2 && v == float64(int(v)) {
		return int(v)
	}
	return 0
}

// plural is "1 row", "3 rows".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
