package peer

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
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
// and print the summary, and with -workers 2 the throughput of one run against two at once.
func TestPeerSmoke(t *testing.T) {
	script := filepath.Join("..", "..", "bench", "peer", "torch_mnist.py")
	args := []string{"-rounds", "1", "-limit", "256", "-threads", "1", "-script", script}
	var out, errb bytes.Buffer
	err := runCommand(context.Background(), &out, &errb, append(args, "-python", writeFakeTorch(t, "0.0")))
	if err != nil && strings.Contains(err.Error(), "MNIST files not found") {
		t.Skip(err)
	}
	if err == nil || !strings.Contains(err.Error(), "accuracies differ") {
		t.Fatalf("accuracy 0.0 against Go's: err = %v, want a disagreement\n%s%s", err, out.String(), errb.String())
	}
	_, goAcc, ok := strings.Cut(out.String(), "round 1  go")
	if !ok {
		t.Fatalf("no Go round in the output:\n%s", out.String())
	}
	_, goAcc, _ = strings.Cut(goAcc, "test acc ")
	goAcc, _, _ = strings.Cut(goAcc, "\n")
	out.Reset()
	if err := runCommand(context.Background(), &out, &errb, append(args, "-workers", "2", "-python", writeFakeTorch(t, goAcc))); err != nil {
		t.Fatalf("peer with PyTorch's accuracy = Go's (%s): %v\n%s%s", goAcc, err, out.String(), errb.String())
	}
	for _, want := range []string{"round 1  pytorch", "ratio Go/PyTorch (median epoch): ", ": agree", "2 runs at once", "median epochs/s: 1 run "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
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
		{"-python", "/no/such/python"},
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
	r, info, err := parseTorch(good)
	if err != nil || r.TestAcc != 0.97 || len(r.Seconds) != 2 || r.Seconds[1] != 0.3 || !strings.Contains(info, "torch 1.13, 2 threads") {
		t.Errorf("parseTorch(good) = %+v, %q, %v", r, info, err)
	}
	for _, bad := range []string{
		``, // no result
		`{"event": "config"}`,
		`{"event": "result", "epoch_seconds": [0.4]}`, // no accuracy
		`{"event": "result", "test_acc": 0.9}`,        // no times
		`{"event": "error", "epoch": 1}`,
		`not json`,
	} {
		if _, _, err := parseTorch([]byte(bad)); err == nil {
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
