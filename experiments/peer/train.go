package peer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/internal/rng"
	"github.com/isingact/isingact/nn"
)

// result is one side's run: its epoch times (training pass only) and final test accuracy.
type result struct {
	Seconds []float64
	TestAcc float64
}

// tputRound is one round of the throughput measurement: epochs per second of wall time of one
// run alone and of the runs at once.
type tputRound struct {
	workers   int
	one, many float64
}

// throughput measures the throughput of independent Go trainings, as the experiments
// runner runs a sweep: cfg.Rounds times alternately one training alone on one thread
// (GOMAXPROCS 1, BLAS threads 1) and workers trainings at once on as many goroutines
// (GOMAXPROCS = the number of CPUs, single-threaded BLAS, as sweep.Run sets it), and prints the
// epochs per second of wall time of each and the ratio of their medians.
func throughput(ctx context.Context, stdout io.Writer, cfg Config, workers int, arch nn.Arch, train, test *datasets.Set) ([]tputRound, error) {
	fmt.Fprintf(stdout, "\nthroughput: 1 run alone (GOMAXPROCS 1, BLAS threads 1) against %d runs at once (GOMAXPROCS %d, BLAS threads 1)\n",
		workers, runtime.NumCPU())
	var rounds []tputRound
	for r := 0; r < cfg.Rounds; r++ {
		seed := cfg.Seed + uint64(r)
		start := time.Now()
		if _, err := trainGo(ctx, cfg, arch, seed, 1, train, test); err != nil {
			return nil, fmt.Errorf("peer: throughput round %d, 1 run: %w", r+1, err)
		}
		tr := tputRound{workers: workers, one: float64(cfg.Epochs) / time.Since(start).Seconds()}
		var err error
		if tr.many, err = concurrent(ctx, cfg, workers, arch, seed, train, test); err != nil {
			return nil, fmt.Errorf("peer: throughput round %d, %d runs: %w", r+1, workers, err)
		}
		rounds = append(rounds, tr)
		fmt.Fprintf(stdout, "round %d  1 run  %.3f epochs/s   %d runs  %.3f epochs/s\n", r+1, tr.one, workers, tr.many)
	}
	one, many := tputMedians(rounds)
	fmt.Fprintf(stdout, "median epochs/s: 1 run %.3f, %d runs %.3f; ratio %.2f (ideal %d, target %.1f)\n",
		one, workers, many, many/one, workers, 0.9*float64(workers))
	return rounds, nil
}

// tputMedians returns the medians of the one-run and many-runs rates.
func tputMedians(rounds []tputRound) (one, many float64) {
	var o, m []float64
	for _, r := range rounds {
		o, m = append(o, r.one), append(m, r.many)
	}
	return median(o), median(m)
}

// concurrent trains workers models at once (seeds seed, seed+1, …) with single-threaded
// BLAS and GOMAXPROCS = the number of CPUs, and returns the epochs per second of wall time,
// training and test evaluation included (as a sweep's run).
func concurrent(ctx context.Context, cfg Config, workers int, arch nn.Arch, seed uint64, train, test *datasets.Set) (float64, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(runtime.NumCPU()))
	if before := nn.BLASThreads(); before > 0 {
		defer nn.SetBLASThreads(before)
	}
	if err := nn.SetBLASThreads(1); err != nil {
		return 0, err
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Go(func() { _, errs[w] = trainOnce(ctx, cfg, arch, seed+uint64(w), train, test) })
	}
	wg.Wait()
	wall := time.Since(start).Seconds()
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return float64(workers*cfg.Epochs) / wall, nil
}

// trainGo trains the Go model once and returns its epoch times and test accuracy. GOMAXPROCS
// and the BLAS threads are set to threads for the run and restored afterwards.
func trainGo(ctx context.Context, cfg Config, arch nn.Arch, seed uint64, threads int, train, test *datasets.Set) (result, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
	if before := nn.BLASThreads(); before > 0 {
		defer nn.SetBLASThreads(before)
	}
	if err := nn.SetBLASThreads(threads); err != nil {
		return result{}, err
	}
	return trainOnce(ctx, cfg, arch, seed, train, test)
}

// trainOnce trains and evaluates one Go model with the threads as they are set.
func trainOnce(ctx context.Context, cfg Config, arch nn.Arch, seed uint64, train, test *datasets.Set) (result, error) {
	init, err := nn.ParseInit(cfg.Init)
	if err != nil {
		return result{}, err
	}
	rng := rng.New(seed, "peer")
	model, err := nn.NewModel(arch, init, rng)
	if err != nil {
		return result{}, err
	}
	tr, err := nn.NewTrainer(model, nn.TrainConfig{
		Loss:      nn.SoftmaxCrossEntropy,
		Optimizer: nn.OptimizerConfig{Name: "adam", LearningRate: cfg.LR},
		BatchSize: cfg.Batch,
		Epochs:    cfg.Epochs,
	}, rng)
	if err != nil {
		return result{}, err
	}
	// No validation data: EpochMetrics.Seconds is then the training pass alone.
	hist, err := tr.Fit(ctx, data.FromSet(train), nn.Data{})
	if err != nil {
		return result{}, err
	}
	_, acc, err := tr.Evaluate(data.FromSet(test))
	if err != nil {
		return result{}, err
	}
	run := result{TestAcc: acc}
	for _, em := range hist {
		run.Seconds = append(run.Seconds, em.Seconds)
	}
	return run, nil
}

// runPython runs the PyTorch script once and reads its JSON lines.
func runPython(ctx context.Context, cfg Config, dataDir, valIndex string, seed uint64, threads int) (result, string, error) {
	widths := make([]string, len(cfg.Hidden))
	for i, h := range cfg.Hidden {
		widths[i] = strconv.Itoa(h)
	}
	args := []string{cfg.Script, "--data", dataDir, "--val-index", valIndex,
		"--hidden", strings.Join(widths, ","), "--activation", cfg.Activation, "--init", cfg.Init,
		"--epochs", strconv.Itoa(cfg.Epochs), "--batch", strconv.Itoa(cfg.Batch),
		"--lr", strconv.FormatFloat(cfg.LR, 'g', -1, 64), "--seed", strconv.FormatUint(seed, 10),
		"--threads", strconv.Itoa(threads), "--limit", strconv.Itoa(cfg.Limit)}
	cmd := exec.CommandContext(ctx, cfg.Python, args...)
	cmd.Env = os.Environ()
	if os.Getenv("OMP_WAIT_POLICY") == "" {
		cmd.Env = append(cmd.Env, "OMP_WAIT_POLICY=passive")
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return result{}, "", fmt.Errorf("%s %s: %w: %s", cfg.Python, cfg.Script, err, strings.TrimSpace(lastLines(errb.String(), 5)))
	}
	return parseTorch(out.Bytes(), threads)
}

// parseTorch reads the script's JSON lines: the config line (for the torch version, and the
// threads, which must be those asked for) and the result line.
func parseTorch(b []byte, threads int) (result, string, error) {
	var run result
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
			if ev.Threads != threads {
				return run, "", fmt.Errorf("PyTorch runs %d threads, asked for %d", ev.Threads, threads)
			}
			info = fmt.Sprintf("torch %s, OMP_WAIT_POLICY=%s", ev.Torch, ev.Wait)
		case "result":
			if ev.TestAcc == nil || len(ev.EpochSeconds) == 0 {
				return run, "", fmt.Errorf("PyTorch result line %q lacks test_acc or epoch_seconds", line)
			}
			run, done = result{Seconds: ev.EpochSeconds, TestAcc: *ev.TestAcc}, true
		case "error":
			return run, "", fmt.Errorf("PyTorch: %s", line)
		}
	}
	if !done {
		return run, "", errors.New("the PyTorch script printed no result line")
	}
	return run, info, nil
}

func formatSeconds(s []float64) string {
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = fmt.Sprintf("%.3f", v)
	}
	return strings.Join(parts, " ")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// median is the middle value of x (the mean of the two middle ones for even n); NaN for none.
func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	return stats.Quantile(s, 0.5)
}

// meanSD returns the mean and the sample standard deviation (0 for one value).
func meanSD(x []float64) (mean, sd float64) {
	return stats.Mean(x), stats.StdDev(x)
}
