package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/testutil"
	"github.com/isingact/isingact/experiments/mnist"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/experiments/xor"
)

// proc is the experiments command running as a child process.
type proc struct {
	cmd      *exec.Cmd
	out, err bytes.Buffer
}

// startProc starts go run ./experiments args as a process (the test binary, TestMain), with
// the test's environment less any array-task variables, plus env.
func startProc(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: cli(t, args...)}
	p.cmd.Env = nil
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "SLURM_ARRAY_") && name != command.EnvK8sIndex {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	p.cmd.Env = append(append(p.cmd.Env, cliArgsEnv+"="+strings.Join(args, "\n")), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.err
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// wait waits for the process and fails the test if it failed.
func (p *proc) wait(t *testing.T) string {
	t.Helper()
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("%v: %v\n%s", p.cmd.Args[1:], err, p.err.String())
	}
	return p.out.String()
}

// shards runs the three shards of args into dir at once, as separate processes, each finding
// its shard another way: -shard 0/3, a Kubernetes pod's JOB_COMPLETION_INDEX with -shards 3,
// a Slurm array task's SLURM_ARRAY_TASK_ID/COUNT (-shard auto).
func shards(t *testing.T, dir string, args ...string) {
	t.Helper()
	base := append(slices.Clone(args), "-out", dir)
	ps := []*proc{
		startProc(t, nil, append(base, "-shard", "0/3")...),
		startProc(t, []string{command.EnvK8sIndex + "=1"}, append(base, "-shard", "auto", "-shards", "3")...),
		startProc(t, []string{command.EnvSlurmTaskID + "=2", command.EnvSlurmTaskCount + "=3"}, append(base, "-shard", "auto")...),
	}
	for i, p := range ps {
		if out := p.wait(t); !strings.Contains(out, fmt.Sprintf("shard %d/3:", i)) {
			t.Errorf("shard %d printed %q", i, out)
		}
	}
}

// runMain runs the experiments command in this process.
func runMain(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), &out, &errOut, args)
	return out.String(), errOut.String(), err
}

// summaryCSV reads summary.csv without its wall-clock column, seconds_per_epoch.
func summaryCSV(t *testing.T, dir string) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(lines[0], "seconds_per_epoch")
	for i := range lines {
		lines[i] = slices.Delete(lines[i], col, col+1)
	}
	return lines
}

// sameResults checks that the merged folder holds the unsharded folder's rows (timing rows
// aside) and the same summary.csv (wall-clock column aside).
func sameResults(t *testing.T, merged, unsharded string) {
	t.Helper()
	recs, err := sweep.LoadDir(merged)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := testutil.ReadRuns(t, unsharded)
	if got, want := testutil.ResultRows(recs), testutil.ResultRows(want); len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("the shards' rows differ from the unsharded run's: %d rows vs %d", len(got), len(want))
	}
	if got, want := summaryCSV(t, merged), summaryCSV(t, unsharded); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("merged summary.csv differs from the unsharded one:\n%v\nwant\n%v", got, want)
	}
}

// checkShardFiles checks that runs-<i>-of-3.csv holds exactly the runs of the stage's jobs
// j ≡ i (mod 3) that are not in another shard's file.
func checkShardFiles(t *testing.T, dir string, keys []sweep.Key) {
	t.Helper()
	seen := map[sweep.Key]int{}
	for i := range 3 {
		recs, _, err := sweep.ReadFile(filepath.Join(dir, sweep.Shard{Index: i, Count: 3}.RunsFile()))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if r.Metric != sweep.MetricDone {
				continue
			}
			seen[r.Key]++
			if j := slices.Index(keys, r.Key); j >= 0 && j%3 != i {
				t.Errorf("run %s (job %d) is in shard %d's file", r.Key, j, i)
			}
		}
	}
	for _, k := range keys {
		if seen[k] != 1 {
			t.Errorf("run %s is in %d shard files, want 1", k, seen[k])
		}
	}
}

// shardXOR is a quick xor sweep: 36 runs.
var shardXOR = []string{"xor", "-acts", "tanh,relu", "-seeds", "3", "-epochs", "200", "-noisy-epochs", "5", "-workers", "1"}

func TestShardedXORMatchesUnsharded(t *testing.T) {
	dir, udir := t.TempDir(), t.TempDir()
	shards(t, dir, shardXOR...)
	if _, err := os.Stat(filepath.Join(dir, "summary.csv")); err == nil {
		t.Error("a shard wrote summary.csv")
	}
	m, err := sweep.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := xor.Command().Merge(m.Flags, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkShardFiles(t, dir, plan.Stages[0].Keys)
	t.Run("missing shard", func(t *testing.T) { checkMissingShard(t, dir) })
	if _, _, err := runMain(t, "report", "-out", dir, "-complete"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runMain(t, append(slices.Clone(shardXOR[:len(shardXOR)-1]), "2", "-out", udir)...); err != nil {
		t.Fatal(err)
	}
	sameResults(t, dir, udir)
}

// checkMissingShard merges a copy of dir without shard 1's file: report lists shard 1's runs
// as missing, fails with -complete writing nothing, and writes the partial tables without.
func checkMissingShard(t *testing.T, dir string) {
	part := t.TempDir()
	for _, f := range []string{sweep.ManifestFile, "runs-0-of-3.csv", "runs-2-of-3.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(part, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, stderr, err := runMain(t, "report", "-out", part, "-complete")
	if err == nil || !strings.Contains(err.Error(), "12 of 36 runs of stage runs missing") {
		t.Errorf("report -complete without shard 1: err = %v", err)
	}
	if !strings.Contains(stderr, "shard 1/3 (runs-1-of-3.csv): 12 missing") || strings.Contains(stderr, "shard 0/3 (") {
		t.Errorf("report does not list shard 1's runs as missing:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(part, "summary.csv")); err == nil {
		t.Error("report -complete wrote summary.csv while runs are missing")
	}
	if _, _, err := runMain(t, "report", "-out", part); err != nil {
		t.Errorf("report without -complete: %v", err)
	}
	if _, err := os.Stat(filepath.Join(part, "summary.csv")); err != nil {
		t.Errorf("report without -complete wrote no summary: %v", err)
	}
}

// tinyMNISTSweep is a tiny mnist comparison whose learning-rate sweep takes three rounds (both
// activations' best rate is at the top edge of {0.001, 0.01} until 0.1 and 1 are swept), then
// the final and gain runs.
var tinyMNISTSweep = []string{"mnist", "-acts", "relu,tanh", "-subset", "300", "-hidden", "8", "-seeds", "2", "-epochs", "1",
	"-lr", "0.001,0.01", "-sweep-seeds", "1", "-gain-seeds", "1", "-workers", "1"}

func TestShardedMNISTMatchesUnsharded(t *testing.T) {
	dir, udir := t.TempDir(), t.TempDir()
	sweepArgs := append(slices.Clone(tinyMNISTSweep), "-stage", "sweep", "-out", dir)
	ps := []*proc{startProc(t, nil, append(sweepArgs, "-shard", "0/3")...), startProc(t, nil, append(sweepArgs, "-shard", "1/3")...)}
	for _, p := range ps {
		p.wait(t)
	}
	// The final stage refuses to start while shard 2's sweep runs are missing.
	_, _, err := runMain(t, append(slices.Clone(tinyMNISTSweep), "-stage", "final", "-shard", "0/3", "-out", dir)...)
	if err == nil || !strings.Contains(err.Error(), "sweep is incomplete") {
		t.Errorf("-stage final before the sweep is complete: err = %v", err)
	}
	startProc(t, nil, append(sweepArgs, "-shard", "2/3")...).wait(t)
	rounds := 1
	for ; !sweepComplete(t, dir); rounds++ { // the sweep array again, as submit.sh's chain does
		if rounds == 5 {
			t.Fatal("the sweep is not complete after 5 arrays")
		}
		shards(t, dir, append(slices.Clone(tinyMNISTSweep), "-stage", "sweep")...)
	}
	if rounds < 2 {
		t.Errorf("the sweep took %d round(s); this test wants extensions", rounds)
	}
	shards(t, dir, append(slices.Clone(tinyMNISTSweep), "-stage", "final")...)
	checkMNISTShardFiles(t, dir)
	if _, _, err := runMain(t, "report", "-out", dir, "-complete"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runMain(t, append(slices.Clone(tinyMNISTSweep), "-out", udir)...); err != nil {
		t.Fatal(err)
	}
	sameResults(t, dir, udir)
}

// sweepComplete reports whether the folder's learning-rate sweep is complete, as report sees it.
func sweepComplete(t *testing.T, dir string) bool {
	t.Helper()
	plan := mnistPlan(t, dir)
	return plan.Stages[1].Waiting == ""
}

// mnistPlan is the report command's plan of the mnist sweep in dir.
func mnistPlan(t *testing.T, dir string) command.Plan {
	t.Helper()
	m, err := sweep.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := sweep.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := mnist.Command().Merge(m.Flags, recs)
	if err != nil || len(plan.Stages) != 2 {
		t.Fatalf("plan %+v, %v; want the stages sweep and final", plan, err)
	}
	return plan
}

// checkMNISTShardFiles checks that every final-stage run that is not a sweep run lies in the
// shard file of its index in the final stage.
func checkMNISTShardFiles(t *testing.T, dir string) {
	t.Helper()
	plan := mnistPlan(t, dir)
	sweepKeys := sweep.KeySet(plan.Stages[0].Keys)
	for j, k := range plan.Stages[1].Keys {
		if sweepKeys[k] {
			continue
		}
		recs, _, err := sweep.ReadFile(filepath.Join(dir, sweep.Of(j, 3).RunsFile()))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(recs, func(r sweep.Record) bool { return r.Key == k && r.Metric == sweep.MetricDone }) {
			t.Errorf("final run %d (%s) is not in %s", j, k, sweep.Of(j, 3).RunsFile())
		}
	}
}

// TestKilledShardResumes kills a shard's process once its first run is saved and reruns it:
// the shard resumes, every run of the shard is in its file once.
func TestKilledShardResumes(t *testing.T) {
	dir := t.TempDir()
	args := []string{"xor", "-acts", "tanh,relu", "-model", "perceptron", "-control=false", "-seeds", "10", "-epochs", "3000",
		"-workers", "1", "-out", dir, "-shard", "0/2"}
	p := startProc(t, nil, args...)
	file := filepath.Join(dir, "runs-0-of-2.csv")
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if b, _ := os.ReadFile(file); bytes.Contains(b, []byte(","+sweep.MetricDone+",")) {
			break
		}
	}
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	recs, _, err := sweep.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if n := countDone(recs); n == 0 || n >= 10 {
		t.Fatalf("the killed shard saved %d of its 10 runs; want some but not all", n)
	}
	out := startProc(t, nil, args...).wait(t)
	if !strings.Contains(out, "shard 0/2: 10 runs done") {
		t.Errorf("resumed shard printed %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "runs.csv")); err == nil {
		t.Error("a shard wrote runs.csv")
	}
	recs, _, err = sweep.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if n := countDone(recs); n != 10 {
		t.Errorf("after resuming, %d runs in the shard's file, want 10", n)
	}
}

// countDone counts the complete runs of records.
func countDone(recs []sweep.Record) int {
	n := 0
	for _, r := range recs {
		if r.Metric == sweep.MetricDone {
			n++
		}
	}
	return n
}

// TestShardedCriticalityMatchesUnsharded runs the golden criticality sweep's training parts as
// three shards (in this process) and merges them: report writes the unsharded run's summary and
// trainability table. (The phase diagrams, pure theory, are computed by report as by the
// unsharded command; the golden test covers them.)
func TestShardedCriticalityMatchesUnsharded(t *testing.T) {
	dir, udir := t.TempDir(), t.TempDir()
	i := slices.IndexFunc(goldenRuns, func(g goldenRun) bool { return g.name == "criticality" })
	args := append(slices.Clone(goldenRuns[i].args), "-parts", "train,compare", "-workers", "1")
	for i := range 3 {
		if _, _, err := runMain(t, append(slices.Clone(args), "-out", dir, "-shard", fmt.Sprintf("%d/3", i))...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "trainability.csv")); err == nil {
		t.Error("a shard wrote the trainability table")
	}
	if _, _, err := runMain(t, "report", "-out", dir, "-complete"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runMain(t, append(slices.Clone(args), "-out", udir)...); err != nil {
		t.Fatal(err)
	}
	sameResults(t, dir, udir)
	a, errA := os.ReadFile(filepath.Join(dir, "trainability.csv"))
	b, errB := os.ReadFile(filepath.Join(udir, "trainability.csv"))
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		t.Errorf("trainability.csv: merged and unsharded differ (%v, %v)", errA, errB)
	}
}
