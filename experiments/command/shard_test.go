package command

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/experiments/sweep"
)

// TestShardingResolve: -shard i/n, and -shard auto from the variables a Slurm array task
// (SLURM_ARRAY_TASK_ID/COUNT, with MIN for --array=1-3) or a Kubernetes Indexed Job's pod
// (JOB_COMPLETION_INDEX, the count from -shards) sees; every bad combination is a one-line error.
func TestShardingResolve(t *testing.T) {
	slurm := map[string]string{EnvSlurmTaskID: "2", EnvSlurmTaskCount: "4"}
	k8s := map[string]string{EnvK8sIndex: "1"}
	for _, c := range []struct {
		spec   string
		shards int
		env    map[string]string
		want   sweep.Shard
		err    string // a part of the error; "" for none
	}{
		{"", 0, nil, sweep.Shard{}, ""},
		{"", 0, slurm, sweep.Shard{}, ""}, // the environment alone shards nothing
		{"0/3", 0, nil, sweep.Shard{Index: 0, Count: 3}, ""},
		{" 2/3 ", 3, nil, sweep.Shard{Index: 2, Count: 3}, ""},
		{"0/1", 0, nil, sweep.Shard{Index: 0, Count: 1}, ""},
		{"3/3", 0, nil, sweep.Shard{}, `-shard "3/3": want i/n with 0 ≤ i < n`},
		{"-1/3", 0, nil, sweep.Shard{}, "want i/n"},
		{"0/0", 0, nil, sweep.Shard{}, "want i/n"},
		{"x", 0, nil, sweep.Shard{}, "want i/n"},
		{"1/2/3", 0, nil, sweep.Shard{}, "want i/n"},
		{"1/3", 4, nil, sweep.Shard{}, "-shard 1/3 and -shards 4 disagree"},
		{"", 3, nil, sweep.Shard{}, "-shards 3 needs -shard auto"},
		{"auto", -1, k8s, sweep.Shard{}, "-shards = -1"},
		{"auto", 0, slurm, sweep.Shard{Index: 2, Count: 4}, ""},
		{"auto", 4, slurm, sweep.Shard{Index: 2, Count: 4}, ""},
		{"auto", 5, slurm, sweep.Shard{}, "-shards 5 disagrees with SLURM_ARRAY_TASK_COUNT=4"},
		{"auto", 0, map[string]string{EnvSlurmTaskID: "3", EnvSlurmTaskCount: "3", EnvSlurmTaskMin: "1"}, sweep.Shard{Index: 2, Count: 3}, ""},
		{"auto", 0, map[string]string{EnvSlurmTaskID: "3", EnvSlurmTaskCount: "3"}, sweep.Shard{}, "not a shard index"},
		{"auto", 0, map[string]string{EnvSlurmTaskID: "1"}, sweep.Shard{}, `SLURM_ARRAY_TASK_COUNT="" is not an integer`},
		{"auto", 0, map[string]string{EnvSlurmTaskID: "one", EnvSlurmTaskCount: "3"}, sweep.Shard{}, `SLURM_ARRAY_TASK_ID="one"`},
		{"auto", 3, k8s, sweep.Shard{Index: 1, Count: 3}, ""},
		{"auto", 0, k8s, sweep.Shard{}, "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but -shards is not"},
		{"auto", 1, k8s, sweep.Shard{}, "JOB_COMPLETION_INDEX=1 of -shards 1 is not a shard index"},
		{"auto", 3, map[string]string{EnvK8sIndex: "x"}, sweep.Shard{}, "is not an integer"},
		{"auto", 3, nil, sweep.Shard{}, "neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set"},
	} {
		got, err := Sharding{Spec: c.spec, Shards: c.shards}.Resolve(func(k string) string { return c.env[k] })
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%q -shards %d %v: %v", c.spec, c.shards, c.env, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "\n")):
			t.Errorf("%q -shards %d %v: err = %v, want one line mentioning %q", c.spec, c.shards, c.env, err, c.err)
		case got != c.want:
			t.Errorf("%q -shards %d %v = %+v, want %+v", c.spec, c.shards, c.env, got, c.want)
		}
	}
}

// TestSweepFlags: the manifest's flags are the explicit ones in canonical form, in name order,
// without the per-invocation flags, whatever way they were spelled.
func TestSweepFlags(t *testing.T) {
	type v struct {
		t   Training
		o   sweep.Options
		sh  Sharding
		stg string
	}
	spec := Spec[v]{Name: "t", Stderr: io.Discard,
		Preset: func(string) v { return v{t: Training{Seeds: 3}} },
		Bind: func(fs *flag.FlagSet, x *v) {
			x.t.Bind(fs)
			BindOptions(fs, &x.o)
			x.sh.Bind(fs)
			fs.StringVar(&x.stg, "stage", "", "")
		}}
	for _, args := range [][]string{
		{"-acts", "tanh, relu", "-lr", "1e-3,0.01", "-quick", "-out", "/a", "-shard", "auto", "-shards", "3", "-workers", "2", "-stage", "final"},
		{"--quick", "-lr=0.001,0.01", "-out=/b", "-acts=tanh;relu"},
	} {
		_, p, err := spec.Parse(args)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"-acts=tanh;relu", "-lr=0.001,0.01", "-quick=true"}
		if got := p.SweepFlags(); !slices.Equal(got, want) {
			t.Errorf("%q: sweep flags %q, want %q", args, got, want)
		}
	}
}
