package peer

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/nn"
	"gonum.org/v1/gonum/blas"
)

// fakeTorch stands in for the PyTorch script in tests: it prints the script's JSON lines with
// fixed numbers, whatever its arguments.
const fakeTorch = `#!/bin/sh
echo '{"event": "config", "torch": "fake", "torch_threads": 1, "omp_wait_policy": "passive"}'
echo '{"event": "epoch", "epoch": 1, "seconds": 0.5, "train_loss": 1.0}'
echo '{"event": "result", "test_loss": 1.0, "test_acc": ACC, "epoch_seconds": [0.5]}'
`

func writeFakeTorch(t *testing.T, acc string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake interpreter is a shell script")
	}
	p := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(p, []byte(strings.Replace(fakeTorch, "ACC", acc, 1)), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPeerSmoke runs the peer command end to end on 256 training images with a fake Python:
// the Go side really trains and evaluates. Against an accuracy of 0 the command must report a
// disagreement; against Go's own accuracy (the same seed gives the same Go run) it must agree
// and print the summary, and with -workers 2 the throughput of one run against two at once. The
// files it writes must give the README section back.
func TestPeerSmoke(t *testing.T) {
	script := filepath.Join("..", "..", "bench", "peer", "torch_mnist.py")
	out0 := t.TempDir()
	args := []string{"-rounds", "1", "-limit", "256", "-threads", "1", "-script", script, "-out", out0}
	var out, errb bytes.Buffer
	err := runCommand(context.Background(), &out, &errb, append(args, "-python", writeFakeTorch(t, "0.0")))
	if err != nil && strings.Contains(err.Error(), "MNIST files not found") {
		t.Skip(err)
	}
	if err == nil || !strings.Contains(err.Error(), "accuracies differ") {
		t.Fatalf("accuracy 0.0 against Go's: err = %v, want a disagreement\n%s%s", err, out.String(), errb.String())
	}
	_, goAcc, ok := strings.Cut(out.String(), "round 1  Go")
	if !ok {
		t.Fatalf("no Go round in the output:\n%s", out.String())
	}
	_, goAcc, _ = strings.Cut(goAcc, "test acc ")
	goAcc, _, _ = strings.Cut(goAcc, "\n")
	out.Reset()
	if err := runCommand(context.Background(), &out, &errb, append(args, "-workers", "2", "-python", writeFakeTorch(t, goAcc))); err != nil {
		t.Fatalf("peer with PyTorch's accuracy = Go's (%s): %v\n%s%s", goAcc, err, out.String(), errb.String())
	}
	for _, want := range []string{"round 1  PyTorch", "ratio Go/PyTorch (median epoch), same threads: Go 1 thread(s) ",
		"ratio Go/PyTorch's best (1 thread(s), 0.500 s): Go 1 thread(s) ", ": agree", "2 runs at once", "median epochs/s: 1 run ",
		"GEMM per training step (the step's 5 matrix products alone, median): ", "BLAS "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	checkFiles(t, filepath.Join(out0, buildName()))
	sec, err := ReadmeSection(out0)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| " + buildName() + " | 1 | ", " | 0.500 s | ", "GEMM per training step ", "Throughput: 2 runs at once"} {
		if !strings.Contains(sec, want) {
			t.Errorf("README section lacks %q:\n%s", want, sec)
		}
	}
}

// checkFiles checks that a results folder has its five files and a summary with a Go and a
// PyTorch row.
func checkFiles(t *testing.T, d string) {
	t.Helper()
	for _, f := range []string{summaryFile, infoFile, throughputFile, "summary.md", "README.md"} {
		if _, err := os.Stat(filepath.Join(d, f)); err != nil {
			t.Error(err)
		}
	}
	recs, err := readRecords(filepath.Join(d, summaryFile), summaryHeader)
	if err != nil || len(recs) != 2 || recs[0][0] != sideGo || recs[1][0] != sideTorch {
		t.Errorf("summary.csv: %v, %v", recs, err)
	}
}

// TestPeerNoTorch: without a Python that has torch the command says so, measures the Go side
// alone and succeeds.
func TestPeerNoTorch(t *testing.T) {
	script := filepath.Join("..", "..", "bench", "peer", "torch_mnist.py")
	var out, errb bytes.Buffer
	err := runCommand(context.Background(), &out, &errb, []string{"-rounds", "1", "-limit", "128", "-threads", "1",
		"-script", script, "-python", "/no/such/python", "-out", ""})
	if err != nil && strings.Contains(err.Error(), "MNIST files not found") {
		t.Skip(err)
	}
	if err != nil {
		t.Fatalf("peer without PyTorch: %v\n%s", err, out.String())
	}
	for _, want := range []string{"peer: skipping PyTorch: no Python interpreter /no/such/python", "round 1  Go", "no PyTorch runs"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestPeerRatios checks the ratios against values worked by hand: Go/PyTorch at the same
// thread count, and Go over PyTorch's fastest setting (here 1 thread).
func TestPeerRatios(t *testing.T) {
	rows := []row{
		{setting: setting{sideGo, 1}, Runs: 1, Median: 0.6},
		{setting: setting{sideGo, 2}, Runs: 1, Median: 0.4},
		{setting: setting{sideTorch, 1}, Runs: 1, Median: 0.3},
		{setting: setting{sideTorch, 2}, Runs: 1, Median: 0.5},
	}
	rt := ratiosOf(rows)
	want := ratios{same: []sameRatio{{1, 2}, {2, 0.8}}, best: rows[2], vsBest: []sameRatio{{1, 2}, {2, 0.4 / 0.3}}}
	if rt.best != want.best || len(rt.same) != 2 || len(rt.vsBest) != 2 {
		t.Fatalf("ratiosOf = %+v, want %+v", rt, want)
	}
	for i := range 2 {
		if rt.same[i].threads != want.same[i].threads || math.Abs(rt.same[i].ratio-want.same[i].ratio) > 1e-15 ||
			rt.vsBest[i].threads != want.vsBest[i].threads || math.Abs(rt.vsBest[i].ratio-want.vsBest[i].ratio) > 1e-15 {
			t.Errorf("ratiosOf = %+v, want %+v", rt, want)
		}
	}
}

// TestPeerGEMMShapes: the products of a 784-128-10 step are nn's five (BenchmarkGEMM), and a
// deeper MLP adds a forward, a weight-gradient and an input-gradient product per layer.
func TestPeerGEMMShapes(t *testing.T) {
	five := []gemmShape{{blas.NoTrans, blas.NoTrans, 128, 128, 784}, {blas.Trans, blas.NoTrans, 784, 128, 128},
		{blas.NoTrans, blas.NoTrans, 128, 10, 128}, {blas.Trans, blas.NoTrans, 128, 10, 128}, {blas.NoTrans, blas.Trans, 128, 128, 10}}
	if got := gemmShapes(nn.MLP(784, []int{128}, 10, "relu"), 128); !slices.Equal(got, five) {
		t.Errorf("784-128-10: %v, want %v", got, five)
	}
	if got := gemmShapes(nn.MLP(784, []int{128, 64}, 10, "relu"), 32); len(got) != 8 {
		t.Errorf("784-128-64-10: %d products, want 8", len(got))
	}
}

func TestPeerFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-rounds", "0"},
		{"-workers", "0"},
		{"-epochs", "0"},
		{"-activation", "gelu"},
		{"-init", "he-normal"},
		{"-hidden", "128,x"},
		{"-lr", "-1"},
		{"-script", "no/such/script.py"},
		{"-threads", "0"},
		{"-threads", "1,1"},
		{"extra"},
	} {
		var out, errb bytes.Buffer
		if err := runCommand(context.Background(), &out, &errb, args); err == nil {
			t.Errorf("peer %v: no error", args)
		}
	}
}

func TestPeerParseTorch(t *testing.T) {
	good := []byte(`{"event": "config", "torch": "1.13", "torch_threads": 2, "omp_wait_policy": "passive"}
{"event": "epoch", "epoch": 1, "seconds": 0.4}

{"event": "result", "test_acc": 0.97, "epoch_seconds": [0.4, 0.3]}
`)
	r, info, err := parseTorch(good, 2)
	if err != nil || r.TestAcc != 0.97 || len(r.Seconds) != 2 || r.Seconds[1] != 0.3 || !strings.Contains(info, "torch 1.13, OMP_WAIT_POLICY=passive") {
		t.Errorf("parseTorch(good) = %+v, %q, %v", r, info, err)
	}
	for _, bad := range []string{
		``, // no result
		`{"event": "config"}`,
		`{"event": "result", "epoch_seconds": [0.4]}`, // no accuracy
		`{"event": "result", "test_acc": 0.9}`,        // no times
		`{"event": "error", "epoch": 1}`,
		`not json`,
		"{\"event\": \"config\", \"torch\": \"1.13\", \"torch_threads\": 1}\n" + // not the threads asked for
			`{"event": "result", "test_acc": 0.97, "epoch_seconds": [0.4]}`,
	} {
		if _, _, err := parseTorch([]byte(bad), 2); err == nil {
			t.Errorf("parseTorch(%q): no error", bad)
		}
	}
}

// TestPeerStats checks the median and the sample standard deviation against values worked by
// hand.
func TestPeerStats(t *testing.T) {
	for _, c := range []struct {
		in             []float64
		median, mu, sd float64
	}{
		{[]float64{3}, 3, 3, 0},
		{[]float64{3, 1, 2}, 2, 2, 1},
		{[]float64{4, 1, 3, 2}, 2.5, 2.5, math.Sqrt(5.0 / 3)},
	} {
		mu, sd := meanSD(c.in)
		if got := median(c.in); got != c.median || math.Abs(mu-c.mu) > 1e-15 || math.Abs(sd-c.sd) > 1e-15 {
			t.Errorf("%v: median %v, mean %v, sd %v; want %v, %v, %v", c.in, got, mu, sd, c.median, c.mu, c.sd)
		}
	}
	if !math.IsNaN(median(nil)) {
		t.Error("median of nothing is not NaN")
	}
}
