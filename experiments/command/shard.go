package command

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/isingact/isingact/experiments/sweep"
)

// The environment variables -shard auto reads.
const (
	EnvSlurmTaskID    = "SLURM_ARRAY_TASK_ID"    // Slurm job array: this task's ID
	EnvSlurmTaskCount = "SLURM_ARRAY_TASK_COUNT" // Slurm job array: the number of tasks
	EnvSlurmTaskMin   = "SLURM_ARRAY_TASK_MIN"   // Slurm job array: the smallest ID (--array=1-8 starts at 1)
	EnvK8sIndex       = "JOB_COMPLETION_INDEX"   // Kubernetes Indexed Job: this pod's index (the count is not exported)
)

// Sharding is what the -shard and -shards flags say, before Resolve reads the environment.
type Sharding struct {
	Spec   string // -shard: "" (unsharded), "i/n", or "auto"
	Shards int    // -shards: the shard count for -shard auto under Kubernetes; 0 when not given
}

// Bind registers -shard and -shards onto s.
func (s *Sharding) Bind(fs *flag.FlagSet) {
	fs.StringVar(&s.Spec, "shard", s.Spec, "run only shard `i/n` of the sweep (jobs i, i+n, i+2n, … of its fixed order) into <out>/runs-<i>-of-<n>.csv,\n"+
		"and no summaries (merge with: go run ./experiments report -out <out>); auto: from "+EnvSlurmTaskID+"/"+EnvSlurmTaskCount+"\n(a Slurm job array) or "+EnvK8sIndex+" with -shards (a Kubernetes Indexed Job)")
	fs.IntVar(&s.Shards, "shards", s.Shards, "the shard count for -shard auto under Kubernetes (the Job's completions)")
}

// Resolve returns the shard the flags name, reading the array task's index (and count) from
// getenv for -shard auto: Slurm's SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN (0 when unset) of
// SLURM_ARRAY_TASK_COUNT, else Kubernetes' JOB_COMPLETION_INDEX of -shards. Errors name the flag
// and, for auto, the variables looked at.
func (s Sharding) Resolve(getenv func(string) string) (sweep.Shard, error) {
	if s.Shards < 0 {
		return sweep.Shard{}, fmt.Errorf("-shards = %d, want a positive integer", s.Shards)
	}
	switch spec := strings.TrimSpace(s.Spec); spec {
	case "":
		if s.Shards != 0 {
			return sweep.Shard{}, fmt.Errorf("-shards %d needs -shard auto (or give -shard i/n)", s.Shards)
		}
		return sweep.Shard{}, nil
	case "auto":
		return s.auto(getenv)
	default:
		sh, err := parseShard(spec)
		if err == nil && s.Shards != 0 && s.Shards != sh.Count {
			return sweep.Shard{}, fmt.Errorf("-shard %s and -shards %d disagree", spec, s.Shards)
		}
		return sh, err
	}
}

// parseShard reads "i/n".
func parseShard(spec string) (sweep.Shard, error) {
	is, ns, ok := strings.Cut(spec, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(is))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	sh := sweep.Shard{Index: i, Count: n}
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return sweep.Shard{}, fmt.Errorf("-shard %q: want i/n with 0 ≤ i < n (for example 0/4), or auto", spec)
	}
	return sh, nil
}

// auto reads the shard from a Slurm array task's or a Kubernetes indexed pod's environment.
func (s Sharding) auto(getenv func(string) string) (sweep.Shard, error) {
	if id := getenv(EnvSlurmTaskID); id != "" {
		i, err1 := envInt(getenv, EnvSlurmTaskID)
		n, err2 := envInt(getenv, EnvSlurmTaskCount)
		lo := 0
		if getenv(EnvSlurmTaskMin) != "" {
			var err error
			if lo, err = envInt(getenv, EnvSlurmTaskMin); err != nil {
				return sweep.Shard{}, err
			}
		}
		switch {
		case err1 != nil:
			return sweep.Shard{}, err1
		case err2 != nil:
			return sweep.Shard{}, err2
		case s.Shards != 0 && s.Shards != n:
			return sweep.Shard{}, fmt.Errorf("-shard auto: -shards %d disagrees with %s=%d", s.Shards, EnvSlurmTaskCount, n)
		}
		return checkAuto(sweep.Shard{Index: i - lo, Count: n}, fmt.Sprintf("%s=%d (min %d) of %s=%d", EnvSlurmTaskID, i, lo, EnvSlurmTaskCount, n))
	}
	if getenv(EnvK8sIndex) != "" {
		i, err := envInt(getenv, EnvK8sIndex)
		if err != nil {
			return sweep.Shard{}, err
		}
		if s.Shards == 0 {
			return sweep.Shard{}, fmt.Errorf("-shard auto: %s is set (a Kubernetes Indexed Job) but -shards is not: pass -shards N, the Job's completions", EnvK8sIndex)
		}
		return checkAuto(sweep.Shard{Index: i, Count: s.Shards}, fmt.Sprintf("%s=%d of -shards %d", EnvK8sIndex, i, s.Shards))
	}
	return sweep.Shard{}, fmt.Errorf("-shard auto: neither %s (a Slurm job array) nor %s (a Kubernetes Indexed Job) is set; give -shard i/n", EnvSlurmTaskID, EnvK8sIndex)
}

// checkAuto checks a shard read from the environment, described by from.
func checkAuto(sh sweep.Shard, from string) (sweep.Shard, error) {
	if sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count {
		return sweep.Shard{}, fmt.Errorf("-shard auto: %s is not a shard index in 0..count−1", from)
	}
	return sh, nil
}

// envInt reads an integer environment variable.
func envInt(getenv func(string) string, name string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(getenv(name)))
	if err != nil {
		return 0, fmt.Errorf("-shard auto: %s=%q is not an integer", name, getenv(name))
	}
	return v, nil
}

// ShardDone prints the one line a shard ends with, instead of the summaries (w nil: nowhere).
func ShardDone(w io.Writer, label string, o sweep.Options, st sweep.Stats) {
	if w == nil {
		return
	}
	fmt.Fprintf(w, "%s: shard %s: %d runs done (%d trained now) in %s; run `go run ./experiments report -out %s` to merge\n",
		label, o.Shard, st.Done+st.Skipped, st.Done, filepath.Join(o.Dir, o.RunsFile()), o.Dir)
}

// Start does what every sweep command does before its runs, once its options are checked:
// it writes <Dir>/sweep.json from o.Flags (nothing from the Go API, where Flags is nil).
func Start(experiment string, o sweep.Options) error {
	if o.Flags == nil {
		return nil
	}
	return sweep.WriteManifest(o.Dir, experiment, o.Flags)
}

// Done counts the keys whose runs are complete in recs.
func Done(keys []sweep.Key, recs []sweep.Record) int {
	return len(keys) - len(sweep.Missing(keys, recs))
}

// SweepOptions completes a sweep command's options once its flags are parsed: the shard the
// -shard flags name (for auto, the array task's index from the environment), the progress label,
// the progress and output writers, the command line and the canonical sweep flags (sweep.json).
func (s Sharding) SweepOptions(o sweep.Options, label, cmdline string, p Parsed, stdout, stderr io.Writer) (sweep.Options, error) {
	sh, err := s.Resolve(os.Getenv)
	if err != nil {
		return o, err
	}
	o.Shard, o.Label, o.Progress, o.Stdout = sh, label, stderr, stdout
	o.Command, o.Flags = cmdline, p.SweepFlags()
	return o, nil
}
