// Package peer is the peer benchmark: the Go trainer (nn) and PyTorch side by side on the same
// MNIST MLP — epoch times, their ratio, and whether the test accuracies agree.
package peer

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

const usage = `
Trains the same MLP (784-128-10 ReLU, float32, Adam lr 1e-3, batch 128, He-uniform weights, zero
biases, softmax cross-entropy) on the same 50 000 MNIST training images with the Go trainer (nn)
and with PyTorch (bench/peer/torch_mnist.py, Debian's python3-torch), alternately, -rounds times,
and prints the median epoch times, their ratio Go/PyTorch and the test accuracy of each. An epoch
time is the training pass alone (shuffle, batches, forward, backward, optimiser step), without
data loading or evaluation. Set up PyTorch (and OpenBLAS) with bench/peer/setup.sh.

With -workers N > 1 it then measures the throughput of independent Go runs, as a sweep runs them
(experiments' -workers): -rounds times alternately, one training alone (GOMAXPROCS and BLAS
threads -threads) and N trainings at once (GOMAXPROCS = the number of CPUs, BLAS threads 1), and
prints epochs per second of wall time for each and their ratio.

Examples:
  go run ./experiments peer
  CGO_LDFLAGS=-lopenblas go run -tags openblas ./experiments peer -rounds 5
  go run ./experiments peer -rounds 3 -workers 2
`

// Config configures the peer benchmark: the Go trainer and the PyTorch reference
// (bench/peer/torch_mnist.py) on the same MNIST split, architecture, initialisation scale,
// optimiser, batch size and number of epochs, run alternately.
type Config struct {
	Rounds     int     // alternating rounds; each runs PyTorch once and Go once
	Epochs     int     // epochs per run
	Hidden     []int   // hidden widths
	Activation string  // relu or tanh (the two the PyTorch script knows)
	Init       string  // he-uniform or glorot-uniform
	Batch      int     // minibatch size
	LR         float64 // Adam's learning rate
	Seed       uint64  // round r uses seed+r on both sides; the validation split uses Seed
	Threads    int     // PyTorch threads; Go's GOMAXPROCS and BLAS threads
	Limit      int     // train on the first Limit training images (0: all 50 000)
	Python     string
	Script     string
	MNISTDir   string
	CPUProfile string // pprof CPU profile of the Go runs
}

// Full is the benchmark as the README reports it: 3 rounds of one epoch on all 50 000 images,
// MLP 784-128-10 ReLU, He-uniform, Adam lr 1e-3, batch 128, 2 threads a side. It is also the
// command's default.
func Full() Config {
	return Config{Rounds: 3, Epochs: 1, Hidden: []int{128}, Activation: "relu", Init: "he-uniform",
		Batch: 128, LR: 1e-3, Seed: 1, Threads: 2, Python: "/usr/bin/python3",
		Script: filepath.Join("bench", "peer", "torch_mnist.py")}
}

// Quick is one round on the first 10 000 training images, a check in seconds.
func Quick() Config {
	c := Full()
	c.Rounds, c.Limit = 1, 10000
	return c
}

func (c Config) validate(workers int) error {
	switch {
	case c.Rounds < 1 || c.Epochs < 1 || c.Batch < 1 || c.Threads < 1 || c.Limit < 0 || workers < 1:
		return fmt.Errorf("peer: -rounds %d, -epochs %d, -batch %d, -threads %d, -limit %d, -workers %d (want ≥ 1, ≥ 1, ≥ 1, ≥ 1, ≥ 0, ≥ 1)",
			c.Rounds, c.Epochs, c.Batch, c.Threads, c.Limit, workers)
	case !(c.LR > 0 && c.LR < 1e300):
		return fmt.Errorf("peer: -lr %v (want a finite value > 0)", c.LR)
	case c.Activation != "relu" && c.Activation != "tanh":
		return fmt.Errorf("peer: -activation %q: the PyTorch script knows relu and tanh", c.Activation)
	case c.Init != "he-uniform" && c.Init != "glorot-uniform":
		return fmt.Errorf("peer: -init %q: want he-uniform or glorot-uniform", c.Init)
	}
	if _, err := os.Stat(c.Script); err != nil {
		return fmt.Errorf("peer: PyTorch script: %w (run from the repository root or pass -script)", err)
	}
	if _, err := exec.LookPath(c.Python); err != nil {
		return fmt.Errorf("peer: -python: %w (install it with bench/peer/setup.sh)", err)
	}
	return nil
}
