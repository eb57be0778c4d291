package learnable

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/internal/testutil"
	"github.com/isingact/isingact/experiments/sweep"
)

// A tiny run through the command: MNIST (2 pairs, population skipped) and XOR (3 pairs), the
// files, the tables, the learned h kept ≥ 0, and the README paragraph from the written CSVs.
func TestLearnableTiny(t *testing.T) {
	dir := t.TempDir()
	stdout, _, err := testutil.RunCommand(context.Background(), runCommand, "-acts", "quench-mf,quench-sigmoid,population:sigma=0.5",
		"-seeds", "2", "-epochs", "1", "-subset", "300", "-hidden", "8", "-xor-seeds", "4", "-xor-epochs", "40",
		"-lr-from", "", "-lr", "0.003", "-workers", "2", "-out", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"runs.csv", "summary.md", "summary.csv", "params.csv", "README.md", "learnable_mnist_distribution.png",
		"learnable_xor_distribution.svg", "learnable_mnist_trajectory_h.png", "learnable_xor_trajectory_sigma.png"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	for _, s := range []string{"MNIST test accuracy after 1 epochs", "XOR success rate within 40 epochs", "`quench-mf:h=0,learn=h,per=unit,min.h=0`",
		"Not on MNIST (-skip-mnist): population", "p TOST (±0.20)", "p TOST (±10.00)"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, stdout)
		}
	}
	_, done := testutil.ReadRuns(t, dir)
	if want := 2*2*2 + 3*2*4; len(done) != want {
		t.Errorf("%d runs, want %d", len(done), want)
	}
	sum, err := readCSV(filepath.Join(dir, "summary.csv"), summaryColumns)
	if err != nil || len(filter(sum, "dataset", "mnist")) != 2 || len(filter(sum, "dataset", "xor")) != 3 {
		t.Fatalf("summary.csv: %d rows (%v), want 2 MNIST and 3 XOR", len(sum), err)
	}
	par, err := readCSV(filepath.Join(dir, "params.csv"), paramColumns)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range par {
		if p["param"] == "h" && !(flt(p["min"]) >= 0) {
			t.Errorf("%s %s: min h %s below the bound 0", p["dataset"], p["learned"], p["min"])
		}
	}
	text, err := ReadmeSection(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"**MNIST**", "**XOR**", "`quench-sigmoid:c=0`: learnable − fixed", "`population:of=quench-mf:h=0,sigma=0.5,learn=sigma` sigma from 0.5"} {
		if !strings.Contains(text, s) {
			t.Errorf("README section lacks %q:\n%s", s, text)
		}
	}
}

// Learn: every learnable parameter per unit, min.h=0 for a field starting at h ≥ 0 only.
func TestLearn(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"quench-mf", "quench-mf:h=0,learn=h,per=unit,min.h=0"},
		{"mf-magnetization:h=-0.1", "mf-magnetization:h=-0.1,maxslope=10,learn=h,per=unit"},
		{"tanh-fit", "tanh-fit:a=6,theta=0,learn=a+theta,per=unit"},
		{"quench-tanh:c=-1", "quench-tanh:a=1,c=-1,learn=a+c,per=unit"},
		{"quench-sigmoid", "quench-sigmoid:c=0,learn=c,per=unit"},
		{"population", "population:of=quench-mf:h=0,sigma=0.5,learn=sigma,per=unit"},
	} {
		a, err := activations.Parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		l, err := Learn(a)
		if err != nil || l.String() != c.want {
			t.Errorf("Learn(%s) = %v, %v; want %s", c.in, l, err, c.want)
		}
	}
	for _, bad := range []string{"relu", "quench-onsager", "quench-mf:learn=h"} {
		a, _ := activations.Parse(bad)
		if _, err := Learn(a); err == nil {
			t.Errorf("Learn(%s): no error", bad)
		}
	}
	if got := len(Defaults()); got != 6 {
		t.Errorf("Defaults: %d activations, want the 6 with learnable parameters", got)
	}
}

// mnistRates reads the lr column of the matching rows only; a missing file is no rates.
func TestMNISTRates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.csv")
	csv := "experiment,model,hidden,variant,activation,lr,metric,split,n\n" +
		"mnist,mlp,256,,quench-mf:h=0,0.003,accuracy,test,3\n" +
		"mnist,mlp,256,subset=600,tanh-fit:a=6;theta=0,0.01,accuracy,test,3\n" +
		"mnist,mlp,128,,relu,0.01,accuracy,test,3\n" +
		"mnist,mlp,256,,relu,0.001,accuracy,test,3\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := mnistRates(path, []int{256})
	if err != nil || len(got) != 2 || got["quench-mf:h=0"] != 0.003 || got["relu"] != 0.001 {
		t.Errorf("mnistRates = %v, %v; want quench-mf 0.003, relu 0.001", got, err)
	}
	if got, err := mnistRates(filepath.Join(t.TempDir(), "none.csv"), []int{256}); err != nil || len(got) != 0 {
		t.Errorf("missing file: %v, %v", got, err)
	}
	os.WriteFile(path, []byte("a,b\n1,2\n"), 0o644)
	if _, err := mnistRates(path, []int{256}); err == nil || !strings.Contains(err.Error(), `no column "model"`) {
		t.Errorf("bad header: %v", err)
	}
}

// XOR rows: 10 pairs with b = 4 (learnable solved, fixed not), c = 1, 5 concordant: Δ = 0.3,
// exact McNemar p = 2·P(Bin(5, ½) ≤ 1) = 2·6/32 = 0.375.
func TestCompareXOR(t *testing.T) {
	x := []float64{1, 1, 1, 1, 0, 1, 1, 0, 0, 1}
	y := []float64{0, 0, 0, 0, 1, 1, 1, 0, 0, 1}
	c := Comparison{Margin: 0.1}
	compare(&c, x, y, true)
	if c.N != 10 || math.Abs(c.Delta-0.3) > 1e-15 || math.Abs(c.PPaired-0.375) > 1e-12 || !(c.Lo < 0.3 && c.Hi > 0.3) {
		t.Errorf("compare: %+v", c)
	}
}

// Trajectory pooling: two runs of 2 units each, h = {0, 2} (mean 1, std 1) and {4, 4} (mean 4,
// std 0): over the 4 units the mean is 2.5 and the population std √(mean(h²) − 2.5²) =
// √(9 − 6.25) = 1.6583…
func TestTrajectoryPooling(t *testing.T) {
	l, err := activations.Parse("quench-mf:h=0,learn=h,per=unit")
	if err != nil {
		t.Fatal(err)
	}
	var recs []sweep.Record
	for seed, ms := range [][2]float64{{1, 1}, {4, 0}} {
		k := sweep.Key{Experiment: "xor", Activation: l.String(), Seed: seed + 1}
		recs = append(recs, sweep.Record{Key: k, Row: sweep.Row{Epoch: 3, Metric: "param:h:mean", Value: ms[0]}},
			sweep.Record{Key: k, Row: sweep.Row{Epoch: 3, Metric: "param:h:std", Value: ms[1]}})
	}
	ts := trajectories(recs, []pair{{learned: l}}, "xor")
	if len(ts) != 1 || len(ts[0].Epochs) != 1 || ts[0].Mean[0] != 2.5 || math.Abs(ts[0].Std[0]-math.Sqrt(2.75)) > 1e-15 || ts[0].Runs[0] != 2 {
		t.Errorf("trajectories = %+v", ts)
	}
}

func TestLearnableBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-acts", "relu"}, "relu has no learnable parameters"},
		{[]string{"-seeds", "0", "-xor-seeds", "0"}, "nothing to run"},
		{[]string{"-xor-margin", "2"}, "-xor-margin 2"},
		{[]string{"-lr", "-1"}, "-lr -1"},
		{[]string{"-workers", "0"}, "-workers = 0"},
	} {
		args := append(c.args, "-out", t.TempDir())
		_, _, err := testutil.RunCommand(context.Background(), runCommand, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}
