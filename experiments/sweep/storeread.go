package sweep

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/isingact/isingact/internal/boundedfile"
)

// MaxRunsFile bounds the size of a runs file that Scan reads (1 GiB; the full xor sweep's is
// 6 MB). The file is read whole into memory, so a larger one — or a device or pipe put in its
// place — is refused with an error instead of exhausting memory or hanging.
const MaxRunsFile = 1 << 30

// Contents is what Scan found in a runs file.
type Contents struct {
	Records  []Record // the complete runs, in file order
	Dirty    bool     // something was dropped: a truncated line, unfinished, incomplete or repeated runs
	Problems []string // one line per dropped thing, saying which run and why ("" when clean)
}

// ReadFile is Scan returning the records and whether anything was dropped.
func ReadFile(path string) (recs []Record, dirty bool, err error) {
	c, err := Scan(path)
	return c.Records, c.Dirty, err
}

// Scan reads a runs file and keeps the complete runs only. The file must be a regular file of at
// most MaxRunsFile bytes (internal/boundedfile). A run is complete when its done row is present
// and all its rows with it: the done row's value is the run's row count, done row included
// (Store.Append writes it), and exactly that many rows of the run must precede it — more are the
// rows of an earlier, interrupted attempt, and only the last count are kept; fewer means rows
// were lost, and the run is dropped, to be trained again. Files written before the count have
// done = 1; such a run is complete when its wall_seconds row (which the runner has always
// written) is present. Scan tolerates a truncated last line (a process killed while writing:
// everything after the last '\n' is ignored), drops runs without a done row (interrupted) and
// repeated complete runs (keeping the first), and says so in Problems. A missing file is no
// records and no error; a different header is an error; a malformed line is an error naming its
// line number in the file (blank lines counted).
func Scan(path string) (Contents, error) {
	var c Contents
	data, err := boundedfile.ReadAll(path, MaxRunsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("sweep: reading %s: %w", path, err)
	}
	if i := bytes.LastIndexByte(data, '\n'); i+1 < len(data) {
		data, c.Dirty = data[:i+1], true
		c.Problems = append(c.Problems, "a truncated last line was dropped")
	}
	if len(data) == 0 {
		return c, nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = len(Columns())
	head, err := cr.Read()
	if err != nil || !slices.Equal(head, Columns()) {
		return Contents{}, fmt.Errorf("sweep: %s does not start with the header %s (found %q, %v); move it away or choose another -out",
			path, strings.Join(Columns(), ","), head, err)
	}
	if err := readComplete(cr, path, &c); err != nil {
		return Contents{}, err
	}
	return c, nil
}

// readComplete reads the records after the header into c, keeping the complete runs.
func readComplete(cr *csv.Reader, path string, c *Contents) error {
	pending := map[Key][]Record{}
	complete := map[Key]bool{}
	for {
		f, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("sweep: %s: %w", path, err) // a csv.ParseError names its line
		}
		r, err := ParseRecord(f)
		if err != nil {
			line, _ := cr.FieldPos(0)
			return fmt.Errorf("sweep: %s line %d: %w", path, line, err)
		}
		if r.Metric != MetricDone {
			pending[r.Key] = append(pending[r.Key], r)
			continue
		}
		rows, problem := completeRun(r, pending[r.Key])
		if stale := len(pending[r.Key]) - len(rows); problem == "" && stale > 0 {
			c.Dirty = true
			c.Problems = append(c.Problems, fmt.Sprintf("%s of an interrupted attempt at run %s dropped", plural(stale, "row"), r.Key))
		}
		delete(pending, r.Key)
		switch {
		case problem != "":
			c.Dirty = true
			c.Problems = append(c.Problems, fmt.Sprintf("run %s %s; it will be trained again", r.Key, problem))
		case complete[r.Key]:
			c.Dirty = true // a second copy of a finished run: keep the first
			c.Problems = append(c.Problems, fmt.Sprintf("a second copy of run %s was dropped", r.Key))
		default:
			complete[r.Key] = true
			c.Records = append(append(c.Records, rows...), r)
		}
	}
	if len(pending) > 0 {
		c.Dirty = true
		c.Problems = append(c.Problems, fmt.Sprintf("%s without a done row (interrupted) dropped; they will be trained again", plural(len(pending), "unfinished run")))
	}
	return nil
}

// completeRun decides whether done, a run's done row, completes the rows read since the run's
// previous done row: it returns the run's rows, or a problem saying why the run is incomplete.
func completeRun(done Record, rows []Record) ([]Record, string) {
	n := doneCount(done.Value)
	switch {
	case n == 0 && !slices.ContainsFunc(rows, func(r Record) bool { return r.Metric == MetricWallSeconds }):
		return nil, fmt.Sprintf("is incomplete: its done row (an old file's, without a row count) is there but its %s row is missing (%s present)",
			MetricWallSeconds, plural(len(rows), "row"))
	case n == 0:
		return rows, ""
	case len(rows) < n-1:
		return nil, fmt.Sprintf("is incomplete: its done row counts %s but only %s are present (%d missing)",
			plural(n, "row"), plural(len(rows)+1, "row"), n-1-len(rows))
	}
	return rows[len(rows)-(n-1):], ""
}

// Load reads the complete runs of one or several runs files (for example the files of the
// shards of one sweep) with Scan, in order; a run found in more than one file counts once, from
// the first. A missing file holds no runs.
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
