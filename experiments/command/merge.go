package command

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/sweep"
)

const reportUsage = `
Merges a sweep run as shards (-shard i/n: runs-<i>-of-<n>.csv files) or in several goes: reads
runs.csv and every runs-*-of-*.csv in -out (a run found twice counts once), finds the
experiment from the runs' experiment column (xor, mnist, criticality) and its sweep from
<out>/sweep.json (the flags every shard wrote), lists the missing runs by shard, and writes the
same summary.md, summary.csv, README.md and plots as the unsharded command.

With -complete it exits non-zero, writing nothing, while any run is missing: the fan-in job of a
cluster sweep (Slurm: sbatch --dependency=afterok; Kubernetes: a Job after the Indexed Job).

example:
  go run ./experiments xor -quick -out /tmp/xor -shard 0/2 &
  go run ./experiments xor -quick -out /tmp/xor -shard 1/2; wait
  go run ./experiments report -out /tmp/xor -complete`

// ReportCommand is the report command over the sweep commands exps (those with a Merge).
func ReportCommand(exps ...Command) Command {
	return Command{Name: "report", Summary: "merge a sharded sweep's runs files into its summaries, README and plots",
		Run: func(ctx context.Context, stdout, stderr io.Writer, args []string) error {
			err := runReport(ctx, stdout, stderr, args, exps)
			if err != nil {
				return fmt.Errorf("report: %w", err)
			}
			return nil
		}}
}

// reportFlags are the report command's flags.
type reportFlags struct {
	dir            string
	complete, wait bool
	shards         int
}

// parseReport reads the report command's flags.
func parseReport(stderr io.Writer, args []string) (reportFlags, error) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	SetUsage(fs, stderr, "report", reportUsage)
	var f reportFlags
	fs.StringVar(&f.dir, "out", "", "the sweep's folder (required)")
	fs.BoolVar(&f.complete, "complete", false, "fail, writing nothing, while any run is missing")
	fs.IntVar(&f.shards, "shards", 0, "list missing runs by this shard count (default: the count in the runs files' names)")
	fs.BoolVar(&f.wait, "wait", false, "wait while another command holds -out (default: fail at once, naming it)")
	if err := ParseArgs(fs, args); err != nil {
		return f, err
	}
	if strings.TrimSpace(f.dir) == "" {
		return f, errors.New("-out is required: the folder of the sweep to merge")
	}
	if f.shards < 0 {
		return f, fmt.Errorf("-shards = %d, want a positive integer", f.shards)
	}
	return f, nil
}

func runReport(ctx context.Context, stdout, stderr io.Writer, args []string, exps []Command) error {
	f, err := parseReport(stderr, args)
	if err != nil {
		return err
	}
	m, err := sweep.ReadManifest(f.dir)
	if err != nil {
		return err
	}
	files, err := sweep.RunsFiles(f.dir)
	if err != nil {
		return err
	}
	recs, err := sweep.Load(files...)
	if err != nil {
		return err
	}
	exp, err := findExperiment(exps, m, recs)
	if err != nil {
		return err
	}
	plan, err := exp.Merge(m.Flags, recs)
	if err != nil {
		return fmt.Errorf("%s: rebuilding the sweep from %s: %w", m.Experiment, sweep.ManifestFile, err)
	}
	fmt.Fprintf(stderr, "report: %s %s in %s: %d runs in %d runs files\n", m.Experiment, strings.Join(m.Flags, " "), f.dir, runCount(recs), len(files))
	n := f.shards
	if n == 0 {
		n = shardCount(files)
	}
	if missing := listMissing(stderr, plan, recs, n); missing != "" && f.complete {
		return fmt.Errorf("incomplete (-complete): %s; rerun the missing shards (they resume) and report again", missing)
	}
	o := sweep.Options{Dir: f.dir, Stdout: stdout, Progress: stderr, Label: "report", Workers: 1, Wait: f.wait,
		Command: strings.TrimSpace("go run ./experiments report " + strings.Join(args, " ") + " (merging: " + m.Experiment + " " + strings.Join(m.Flags, " ") + ")")}
	o, release, err := sweep.Hold(ctx, o, m.Experiment) // the folder lock: no other command writes the summaries meanwhile
	if err != nil {
		return err
	}
	defer release()
	return plan.Write(ctx, o, recs)
}

// findExperiment finds the command of the folder's experiment: the one of its runs'
// experiment column, which must agree with sweep.json.
func findExperiment(exps []Command, m sweep.Manifest, recs []sweep.Record) (Command, error) {
	var names []string
	for _, r := range recs {
		if !slices.Contains(names, r.Key.Experiment) {
			names = append(names, r.Key.Experiment)
		}
	}
	switch {
	case len(names) > 1:
		return Command{}, fmt.Errorf("the folder holds runs of several experiments (%s); one folder per sweep", strings.Join(names, ", "))
	case len(names) == 1 && names[0] != m.Experiment:
		return Command{}, fmt.Errorf("the runs are %s's but %s names %s", names[0], sweep.ManifestFile, m.Experiment)
	}
	for _, c := range exps {
		if c.Name == m.Experiment && c.Merge != nil {
			return c, nil
		}
	}
	return Command{}, fmt.Errorf("%s names the experiment %q, which has no sweep to merge", sweep.ManifestFile, m.Experiment)
}

// runCount counts the complete runs in recs.
func runCount(recs []sweep.Record) int {
	n := 0
	for _, r := range recs {
		if r.Metric == sweep.MetricDone {
			n++
		}
	}
	return n
}

// shardCount is the shard count of the folder's runs files: the largest n of the
// runs-<i>-of-<n>.csv files, 0 when there are none.
func shardCount(files []string) int {
	n := 0
	for _, f := range files {
		if s, ok := sweep.ShardOfFile(filepath.Base(f)); ok {
			n = max(n, s.Count)
		}
	}
	return n
}

// listMissing prints, per stage, the runs still missing, by shard of n (n = 0: unsharded), and
// returns a one-line account of what is missing ("" when nothing is).
func listMissing(w io.Writer, plan Plan, recs []sweep.Record, n int) string {
	var short []string
	for _, st := range plan.Stages {
		if st.Waiting != "" {
			fmt.Fprintf(w, "report: stage %s: its runs are not known yet: %s\n", st.Name, st.Waiting)
			short = append(short, "stage "+st.Name+" not started")
			continue
		}
		miss := sweep.Missing(st.Keys, recs)
		fmt.Fprintf(w, "report: stage %s: %d of %d runs done\n", st.Name, len(st.Keys)-len(miss), len(st.Keys))
		if len(miss) == 0 {
			continue
		}
		short = append(short, fmt.Sprintf("%d of %d runs of stage %s missing", len(miss), len(st.Keys), st.Name))
		for _, line := range byShard(st.Keys, miss, n) {
			fmt.Fprintf(w, "report:   %s\n", line)
		}
	}
	return strings.Join(short, ", ")
}

// byShard groups the missing job indices by shard: "shard 1/3 (runs-1-of-3.csv): 2 missing:
// key, key", at most three keys a shard.
func byShard(keys []sweep.Key, miss []int, n int) []string {
	groups := map[int][]int{}
	var order []int
	for _, j := range miss {
		s := 0
		if n > 0 {
			s = j % n
		}
		if _, ok := groups[s]; !ok {
			order = append(order, s)
		}
		groups[s] = append(groups[s], j)
	}
	slices.Sort(order)
	var out []string
	for _, s := range order {
		name := "unsharded (runs.csv)"
		if n > 0 {
			sh := sweep.Of(s, n)
			name = "shard " + sh.String() + " (" + sh.RunsFile() + ")"
		}
		js := groups[s]
		var ks []string
		for _, j := range js[:min(3, len(js))] {
			ks = append(ks, keys[j].String())
		}
		if len(js) > 3 {
			ks = append(ks, "…")
		}
		out = append(out, fmt.Sprintf("%s: %d missing: %s", name, len(js), strings.Join(ks, ", ")))
	}
	return out
}
