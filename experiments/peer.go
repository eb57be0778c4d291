package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/internal/rng"
	"github.com/isingact/isingact/nn"
)

// peerConfig configures the peer benchmark: the Go trainer and the PyTorch reference
// (bench/peer/torch_mnist.py) on the same MNIST split, architecture, initialisation scale,
// optimiser, batch size and number of epochs, run alternately.
type peerConfig struct {
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
	Workers    int     // > 1: also measure the Go trainer's throughput with this many runs at once
	Python     string
	Script     string
	MNISTDir   string
	CPUProfile string // pprof CPU profile of the Go runs
}

func defaultPeerConfig() peerConfig {
	return peerConfig{Rounds: 3, Epochs: 1, Hidden: []int{128}, Activation: "relu", Init: "he-uniform",
		Batch: 128, LR: 1e-3, Seed: 1, Threads: 2, Workers: 1, Python: "/usr/bin/python3",
		Script: filepath.Join("bench", "peer", "torch_mnist.py")}
}

const peerUsage = `usage: go run ./experiments peer [flags]

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

Flags:
`

// runPeer is the peer command: Go versus PyTorch, side by side.
func runPeer(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	cfg := defaultPeerConfig()
	fs := flag.NewFlagSet("peer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), peerUsage); fs.PrintDefaults() }
	fs.IntVar(&cfg.Rounds, "rounds", cfg.Rounds, "alternating rounds (PyTorch, Go) ≥ 1")
	fs.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "epochs per run")
	hidden := fs.String("hidden", "128", "hidden widths, comma-separated")
	fs.StringVar(&cfg.Activation, "activation", cfg.Activation, "hidden activation: relu or tanh")
	fs.StringVar(&cfg.Init, "init", cfg.Init, "weight initialiser: he-uniform or glorot-uniform")
	fs.IntVar(&cfg.Batch, "batch", cfg.Batch, "minibatch size")
	fs.Float64Var(&cfg.LR, "lr", cfg.LR, "Adam learning rate")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of round 0 (round r uses seed+r) and of the validation split")
	fs.IntVar(&cfg.Threads, "threads", cfg.Threads, "threads of each side: PyTorch/OpenMP/OpenBLAS threads; Go's GOMAXPROCS and BLAS threads")
	fs.IntVar(&cfg.Limit, "limit", cfg.Limit, "train on the first N training images only (0: all; for quick checks)")
	fs.IntVar(&cfg.Workers, "workers", cfg.Workers, "> 1: also measure the throughput of this many Go runs at once against one")
	fs.StringVar(&cfg.Python, "python", cfg.Python, "Python interpreter with torch")
	fs.StringVar(&cfg.Script, "script", cfg.Script, "the PyTorch reference script")
	fs.StringVar(&cfg.MNISTDir, "mnist-dir", "", "folder of the four MNIST .gz files (default: found in the module cache)")
	fs.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write a CPU profile of the Go training runs to this file")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	var err error
	if cfg.Hidden, err = peerWidths(*hidden); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	return peerBench(ctx, stdout, cfg)
}

func peerWidths(s string) ([]int, error) {
	var w []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("peer: -hidden %q: want positive widths separated by commas", s)
		}
		w = append(w, n)
	}
	return w, nil
}

func (c peerConfig) validate() error {
	switch {
	case c.Rounds < 1 || c.Epochs < 1 || c.Batch < 1 || c.Threads < 1 || c.Limit < 0 || c.Workers < 1:
		return fmt.Errorf("peer: -rounds %d, -epochs %d, -batch %d, -threads %d, -limit %d, -workers %d (want ≥ 1, ≥ 1, ≥ 1, ≥ 1, ≥ 0, ≥ 1)",
			c.Rounds, c.Epochs, c.Batch, c.Threads, c.Limit, c.Workers)
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

// peerRun is one side's run: its epoch times (training pass only) and final test accuracy.
type peerRun struct {
	Seconds []float64
	TestAcc float64
}

func peerBench(ctx context.Context, stdout io.Writer, cfg peerConfig) error {
	m, err := datasets.LoadMNIST(cfg.MNISTDir, cfg.Seed)
	if err != nil {
		return err
	}
	train := m.Train
	if cfg.Limit > 0 && cfg.Limit < train.N {
		if train, err = train.First(cfg.Limit); err != nil {
			return err
		}
	}
	// The PyTorch script splits the same 60 000 images with the Go side's validation indices.
	valFile, err := os.CreateTemp("", "isingact-peer-val-*.txt")
	if err != nil {
		return fmt.Errorf("peer: %w", err)
	}
	defer os.Remove(valFile.Name())
	w := bufio.NewWriter(valFile)
	for _, i := range m.ValIndex {
		fmt.Fprintln(w, i)
	}
	if err := errors.Join(w.Flush(), valFile.Close()); err != nil {
		return fmt.Errorf("peer: writing the validation indices: %w", err)
	}

	arch := nn.MLP(datasets.MNISTPixels, cfg.Hidden, datasets.MNISTClasses, cfg.Activation)
	arch.Dtype = nn.Float32
	fmt.Fprintf(stdout, "peer: %s, %s init, adam lr %g, batch %d, %d epoch(s) per run, %d rounds; train %d, val %d, test %d images (split seed %d)\n",
		arch, cfg.Init, cfg.LR, cfg.Batch, cfg.Epochs, cfg.Rounds, train.N, m.Val.N, m.Test.N, cfg.Seed)
	fmt.Fprintf(stdout, "Go: %s, %s/%s, GOMAXPROCS %d, BLAS %s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, cfg.Threads, nn.BLASName())

	if cfg.CPUProfile != "" {
		f, err := os.Create(cfg.CPUProfile)
		if err != nil {
			return fmt.Errorf("peer: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("peer: %w", err)
		}
		defer pprof.StopCPUProfile()
	}

	var goRuns, pyRuns []peerRun
	var torchInfo string
	for r := 0; r < cfg.Rounds; r++ {
		seed := cfg.Seed + uint64(r)
		// Alternate which side goes first, so that a drift in the machine's load or clock
		// does not favour one side.
		order := []string{"pytorch", "go"}
		if r%2 == 1 {
			order = []string{"go", "pytorch"}
		}
		for _, side := range order {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("peer: %w", err)
			}
			var run peerRun
			var err error
			if side == "go" {
				run, err = peerGo(ctx, cfg, arch, seed, train, m.Test)
				goRuns = append(goRuns, run)
			} else {
				var info string
				run, info, err = peerPython(ctx, cfg, m.Dir, valFile.Name(), seed)
				pyRuns = append(pyRuns, run)
				torchInfo = info
			}
			if err != nil {
				return fmt.Errorf("peer: round %d, %s: %w", r+1, side, err)
			}
			fmt.Fprintf(stdout, "round %d  %-7s  epoch s %s  test acc %.4f\n", r+1, side, peerSeconds(run.Seconds), run.TestAcc)
		}
	}
	fmt.Fprintf(stdout, "PyTorch: %s\n\n", torchInfo)
	if err := peerSummary(stdout, goRuns, pyRuns); err != nil {
		return err
	}
	if cfg.Workers > 1 {
		return peerThroughput(ctx, stdout, cfg, arch, train, m.Test)
	}
	return nil
}

// peerThroughput measures the throughput of independent Go trainings, as the experiments
// runner runs a sweep: cfg.Rounds times alternately one training alone (GOMAXPROCS and BLAS
// threads cfg.Threads, the single-run setting) and cfg.Workers trainings at once on as many
// goroutines (GOMAXPROCS = the number of CPUs, single-threaded BLAS, as runJobs sets it), and
// prints the epochs per second of wall time of each and the ratio of their medians.
func peerThroughput(ctx context.Context, stdout io.Writer, cfg peerConfig, arch nn.Arch, train, test *datasets.Set) error {
	fmt.Fprintf(stdout, "\nthroughput: 1 run alone (GOMAXPROCS %d, BLAS threads %d) against %d runs at once (GOMAXPROCS %d, BLAS threads 1)\n",
		cfg.Threads, cfg.Threads, cfg.Workers, runtime.NumCPU())
	var one, many []float64
	for r := 0; r < cfg.Rounds; r++ {
		seed := cfg.Seed + uint64(r)
		start := time.Now()
		if _, err := peerGo(ctx, cfg, arch, seed, train, test); err != nil {
			return fmt.Errorf("peer: throughput round %d, 1 run: %w", r+1, err)
		}
		one = append(one, float64(cfg.Epochs)/time.Since(start).Seconds())
		rate, err := peerConcurrent(ctx, cfg, arch, seed, train, test)
		if err != nil {
			return fmt.Errorf("peer: throughput round %d, %d runs: %w", r+1, cfg.Workers, err)
		}
		many = append(many, rate)
		fmt.Fprintf(stdout, "round %d  1 run  %.3f epochs/s   %d runs  %.3f epochs/s\n", r+1, one[r], cfg.Workers, many[r])
	}
	fmt.Fprintf(stdout, "median epochs/s: 1 run %.3f, %d runs %.3f; ratio %.2f (ideal %d)\n",
		peerMedian(one), cfg.Workers, peerMedian(many), peerMedian(many)/peerMedian(one), cfg.Workers)
	return nil
}

// peerConcurrent trains cfg.Workers models at once (seeds seed, seed+1, …) with single-threaded
// BLAS and GOMAXPROCS = the number of CPUs, and returns the epochs per second of wall time,
// training and test evaluation included (as a sweep's run).
func peerConcurrent(ctx context.Context, cfg peerConfig, arch nn.Arch, seed uint64, train, test *datasets.Set) (float64, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(runtime.NumCPU()))
	if before := nn.BLASThreads(); before > 0 {
		defer nn.SetBLASThreads(before)
	}
	if err := nn.SetBLASThreads(1); err != nil {
		return 0, err
	}
	errs := make([]error, cfg.Workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range cfg.Workers {
		wg.Go(func() { _, errs[w] = peerTrain(ctx, cfg, arch, seed+uint64(w), train, test) })
	}
	wg.Wait()
	wall := time.Since(start).Seconds()
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return float64(cfg.Workers*cfg.Epochs) / wall, nil
}

// peerGo trains the Go model once and returns its epoch times and test accuracy. GOMAXPROCS
// and the BLAS threads are set to cfg.Threads for the run and restored afterwards.
func peerGo(ctx context.Context, cfg peerConfig, arch nn.Arch, seed uint64, train, test *datasets.Set) (peerRun, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cfg.Threads))
	if before := nn.BLASThreads(); before > 0 {
		defer nn.SetBLASThreads(before)
	}
	if err := nn.SetBLASThreads(cfg.Threads); err != nil {
		return peerRun{}, err
	}
	return peerTrain(ctx, cfg, arch, seed, train, test)
}

// peerTrain trains and evaluates one Go model with the threads as they are set.
func peerTrain(ctx context.Context, cfg peerConfig, arch nn.Arch, seed uint64, train, test *datasets.Set) (peerRun, error) {
	init, err := nn.ParseInit(cfg.Init)
	if err != nil {
		return peerRun{}, err
	}
	rng := rng.New(seed, "peer")
	model, err := nn.NewModel(arch, init, rng)
	if err != nil {
		return peerRun{}, err
	}
	tr, err := nn.NewTrainer(model, nn.TrainConfig{
		Loss:      nn.SoftmaxCrossEntropy,
		Optimizer: nn.OptimizerConfig{Name: "adam", LearningRate: cfg.LR},
		BatchSize: cfg.Batch,
		Epochs:    cfg.Epochs,
	}, rng)
	if err != nil {
		return peerRun{}, err
	}
	// No validation data: EpochMetrics.Seconds is then the training pass alone.
	hist, err := tr.Fit(ctx, peerData(train), nn.Data{})
	if err != nil {
		return peerRun{}, err
	}
	_, acc, err := tr.Evaluate(peerData(test))
	if err != nil {
		return peerRun{}, err
	}
	run := peerRun{TestAcc: acc}
	for _, em := range hist {
		run.Seconds = append(run.Seconds, em.Seconds)
	}
	return run, nil
}

func peerData(s *datasets.Set) nn.Data {
	return nn.Data{N: s.N, D: s.D, X32: s.X, Labels: s.Y}
}

// peerPython runs the PyTorch script once and reads its JSON lines.
func peerPython(ctx context.Context, cfg peerConfig, dataDir, valIndex string, seed uint64) (peerRun, string, error) {
	widths := make([]string, len(cfg.Hidden))
	for i, h := range cfg.Hidden {
		widths[i] = strconv.Itoa(h)
	}
	args := []string{cfg.Script, "--data", dataDir, "--val-index", valIndex,
		"--hidden", strings.Join(widths, ","), "--activation", cfg.Activation, "--init", cfg.Init,
		"--epochs", strconv.Itoa(cfg.Epochs), "--batch", strconv.Itoa(cfg.Batch),
		"--lr", strconv.FormatFloat(cfg.LR, 'g', -1, 64), "--seed", strconv.FormatUint(seed, 10),
		"--threads", strconv.Itoa(cfg.Threads), "--limit", strconv.Itoa(cfg.Limit)}
	cmd := exec.CommandContext(ctx, cfg.Python, args...)
	cmd.Env = os.Environ()
	if os.Getenv("OMP_WAIT_POLICY") == "" {
		cmd.Env = append(cmd.Env, "OMP_WAIT_POLICY=passive")
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return peerRun{}, "", fmt.Errorf("%s %s: %w: %s", cfg.Python, cfg.Script, err, strings.TrimSpace(peerLastLines(errb.String(), 5)))
	}
	return peerParseTorch(out.Bytes())
}

// peerParseTorch reads the script's JSON lines: the config line (for the torch version and
// threads) and the result line.
func peerParseTorch(b []byte) (peerRun, string, error) {
	var run peerRun
	var info string
	var done bool
	for _, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var ev struct {
			Event        string    `json:"event"`
			Torch        string    `json:"torch"`
			Threads      int       `json:"torch_threads"`
			Wait         string    `json:"omp_wait_policy"`
			TestAcc      *float64  `json:"test_acc"`
			EpochSeconds []float64 `json:"epoch_seconds"`
		}
		if err := json.Unmarshal(line, &ev); err != nil {
			return run, "", fmt.Errorf("reading the PyTorch output %q: %w", line, err)
		}
		switch ev.Event {
		case "config":
			info = fmt.Sprintf("torch %s, %d threads, OMP_WAIT_POLICY=%s", ev.Torch, ev.Threads, ev.Wait)
		case "result":
			if ev.TestAcc == nil || len(ev.EpochSeconds) == 0 {
				return run, "", fmt.Errorf("PyTorch result line %q lacks test_acc or epoch_seconds", line)
			}
			run, done = peerRun{Seconds: ev.EpochSeconds, TestAcc: *ev.TestAcc}, true
		case "error":
			return run, "", fmt.Errorf("PyTorch: %s", line)
		}
	}
	if !done {
		return run, "", errors.New("the PyTorch script printed no result line")
	}
	return run, info, nil
}

// peerSummary prints the medians, the ratio and the accuracies, and returns an error when the
// accuracies disagree by more than the noise: max(0.5 percentage points, 3 standard errors of
// the difference of the means).
func peerSummary(w io.Writer, goRuns, pyRuns []peerRun) error {
	var goSec, pySec, goAcc, pyAcc []float64
	for _, r := range goRuns {
		goSec = append(goSec, r.Seconds...)
		goAcc = append(goAcc, r.TestAcc)
	}
	for _, r := range pyRuns {
		pySec = append(pySec, r.Seconds...)
		pyAcc = append(pyAcc, r.TestAcc)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "side\tmedian epoch s\tmin\tmax\tepochs\ttest acc mean ± sd\truns")
	for _, s := range []struct {
		name     string
		sec, acc []float64
	}{{"PyTorch", pySec, pyAcc}, {"Go", goSec, goAcc}} {
		mean, sd := peerMeanSD(s.acc)
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%.4f ± %.4f\t%d\n", s.name, peerMedian(s.sec),
			slices.Min(s.sec), slices.Max(s.sec), len(s.sec), mean, sd, len(s.acc))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	ratio := peerMedian(goSec) / peerMedian(pySec)
	fmt.Fprintf(w, "\nratio Go/PyTorch (median epoch): %.2f\n", ratio)
	gm, gsd := peerMeanSD(goAcc)
	pm, psd := peerMeanSD(pyAcc)
	diff := gm - pm
	tol := math.Max(0.005, 3*math.Sqrt(gsd*gsd/float64(len(goAcc))+psd*psd/float64(len(pyAcc))))
	verdict := "agree"
	if math.Abs(diff) > tol {
		verdict = "DISAGREE"
	}
	fmt.Fprintf(w, "test accuracy Go − PyTorch: %+.4f (tolerance ±%.4f): %s\n", diff, tol, verdict)
	if verdict != "agree" {
		return fmt.Errorf("peer: test accuracies differ by %+.4f, more than the noise ±%.4f", diff, tol)
	}
	return nil
}

func peerMedian(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// meanSD returns the mean and the sample standard deviation (0 for one value).
func peerMeanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}

func peerSeconds(s []float64) string {
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = fmt.Sprintf("%.3f", v)
	}
	return strings.Join(parts, " ")
}

func peerLastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
