package sweep

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
)

// Shard is one static slice of a sweep run as one task of a cluster job array: shard Index of
// Count runs the jobs whose index in the sweep's job list (a fixed order) is ≡ Index (mod Count),
//
//	job j belongs to shard j mod Count,
//
// and appends them to its own runs file, runs-<Index>-of-<Count>.csv, so that no two tasks ever
// write the same file (appending to one file from many nodes is not safe on NFS). The zero value
// is the unsharded sweep: every job, runs.csv. Seeds come from the run key, never from the shard,
// so a run gives the same rows whichever shard (or unsharded command) trains it.
type Shard struct {
	Index, Count int
}

// Sharded reports whether s is a shard rather than the whole sweep.
func (s Shard) Sharded() bool { return s.Count > 0 }

// String is "i/n" ("" unsharded), as the -shard flag takes it.
func (s Shard) String() string {
	if !s.Sharded() {
		return ""
	}
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count)
}

// Validate checks 0 ≤ Index < Count (nothing for the zero value).
func (s Shard) Validate() error {
	if s == (Shard{}) {
		return nil
	}
	if s.Count < 1 || s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("sweep: shard %d of %d: want 0 ≤ index < count", s.Index, s.Count)
	}
	return nil
}

// Has reports whether job index j of the sweep belongs to the shard (every job when unsharded).
func (s Shard) Has(j int) bool { return !s.Sharded() || j%s.Count == s.Index }

// Of is the shard of count that runs job index j.
func Of(j, count int) Shard { return Shard{Index: j % count, Count: count} }

// RunsFile is the shard's runs file name: runs-<i>-of-<n>.csv, or runs.csv unsharded.
func (s Shard) RunsFile() string {
	if !s.Sharded() {
		return RunsFile
	}
	return fmt.Sprintf("runs-%d-of-%d.csv", s.Index, s.Count)
}

// RunsFile is the name of the runs file the sweep appends to in Dir (Shard.RunsFile).
func (o Options) RunsFile() string { return o.Shard.RunsFile() }

// shardFile matches the runs file of a shard.
var shardFile = regexp.MustCompile(`^runs-([0-9]+)-of-([0-9]+)\.csv$`)

// ShardOfFile returns the shard whose runs file is name (a base name), and false when name is
// not a shard's runs file (runs.csv included).
func ShardOfFile(name string) (Shard, bool) {
	m := shardFile.FindStringSubmatch(name)
	if m == nil {
		return Shard{}, false
	}
	i, err1 := strconv.Atoi(m[1])
	n, err2 := strconv.Atoi(m[2])
	s := Shard{Index: i, Count: n}
	if err1 != nil || err2 != nil || s.Validate() != nil || !s.Sharded() || s.RunsFile() != name {
		return Shard{}, false // runs-01-of-3.csv, runs-3-of-3.csv: not written by any shard
	}
	return s, true
}

// RunsFiles lists the runs files in dir: runs.csv when present, then every shard's
// runs-<i>-of-<n>.csv ordered by n, then i. A missing dir holds none.
func RunsFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	var shards []Shard
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if e.Name() == RunsFile {
			out = append(out, filepath.Join(dir, RunsFile))
		} else if s, ok := ShardOfFile(e.Name()); ok {
			shards = append(shards, s)
		}
	}
	slices.SortFunc(shards, func(a, b Shard) int {
		if a.Count != b.Count {
			return a.Count - b.Count
		}
		return a.Index - b.Index
	})
	for _, s := range shards {
		out = append(out, filepath.Join(dir, s.RunsFile()))
	}
	return out, nil
}

// LoadDir reads the complete runs of every runs file in dir (RunsFiles, then Load: a run found
// in several files counts once). It is how a merged sweep is read back: by the report command,
// and by a stage that needs the runs of every shard.
func LoadDir(dir string) ([]Record, error) {
	files, err := RunsFiles(dir)
	if err != nil {
		return nil, err
	}
	return Load(files...)
}

// Keys are the jobs' keys, in order.
func Keys(jobs []Job) []Key {
	out := make([]Key, len(jobs))
	for i, j := range jobs {
		out[i] = j.Key
	}
	return out
}

// KeySet is the set of keys.
func KeySet(keys []Key) map[Key]bool {
	out := make(map[Key]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out
}

// Missing returns the indices, in order, of the keys whose runs are not complete in recs; job
// index j of a sharded sweep is shard Of(j, count)'s to run.
func Missing(keys []Key, recs []Record) []int {
	done := map[Key]bool{}
	for _, r := range recs {
		if r.Metric == MetricDone {
			done[r.Key] = true
		}
	}
	var out []int
	for j, k := range keys {
		if !done[k] {
			out = append(out, j)
		}
	}
	return out
}
