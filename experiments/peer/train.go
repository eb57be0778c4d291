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
	"text/tabwriter"
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

// throughput measures the throughput of independent Go trainings, as the experiments
// runner runs a sweep: cfg.Rounds times alternately one training alone (GOMAXPROCS and BLAS
// threads cfg.Threads, the single-run setting) and workers trainings at once on as many
// goroutines (GOMAXPROCS = the number of CPUs, single-threaded BLAS, as sweep.Run sets it), and
// prints the epochs per second of wall time of each and the ratio of their medians.
func throughput(ctx context.Context, stdout io.Writer, cfg Config, workers int, arch nn.Arch, train, test *datasets.Set) error {
	fmt.Fprintf(stdout, "\nthroughput: 1 run alone (GOMAXPROCS %d, BLAS threads %d) against %d runs at once (GOMAXPROCS %d, BLAS threads 1)\n",
		cfg.Threads, cfg.Threads, workers, runtime.NumCPU())
	var one, many []float64
	for r := 0; r < cfg.Rounds; r++ {
		seed := cfg.Seed + uint64(r)
		start := time.Now()
		if _, err := trainGo(ctx, cfg, arch, seed, train, test); err != nil {
			return fmt.Errorf("peer: throughput round %d, 1 run: %w", r+1, err)
		}
		one = append(one, float64(cfg.Epochs)/time.Since(start).Seconds())
		rate, err := concurrent(ctx, cfg, workers, arch, seed, train, test)
		if err != nil {
			return fmt.Errorf("peer: throughput round %d, %d runs: %w", r+1, workers, err)
		}
		many = append(many, rate)
		fmt.Fprintf(stdout, "round %d  1 run  %.3f epochs/s   %d runs  %.3f epochs/s\n", r+1, one[r], workers, many[r])
	}
	fmt.Fprintf(stdout, "median epochs/s: 1 run %.3f, %d runs %.3f; ratio %.2f (ideal %d)\n",
		median(one), workers, median(many), median(many)/median(one), workers)
	return nil
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
// and the BLAS threads are set to cfg.Threads for the run and restored afterwards.
func trainGo(ctx context.Context, cfg Config, arch nn.Arch, seed uint64, train, test *datasets.Set) (result, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cfg.Threads))
	if before := nn.BLASThreads(); before > 0 {
		defer nn.SetBLASThreads(before)
	}
	if err := nn.SetBLASThreads(cfg.Threads); err != nil {
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
func runPython(ctx context.Context, cfg Config, dataDir, valIndex string, seed uint64) (result, string, error) {
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
		return result{}, "", fmt.Errorf("%s %s: %w: %s", cfg.Python, cfg.Script, err, strings.TrimSpace(lastLines(errb.String(), 5)))
	}
	return parseTorch(out.Bytes())
}

// parseTorch reads the script's JSON lines: the config line (for the torch version and
// threads) and the result line.
func parseTorch(b []byte) (result, string, error) {
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
			info = fmt.Sprintf("torch %s, %d threads, OMP_WAIT_POLICY=%s", ev.Torch, ev.Threads, ev.Wait)
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

// summary prints the medians, the ratio and the accuracies, and returns an error when the
// accuracies disagree by more than the noise: max(0.5 percentage points, 3 standard errors of
// the difference of the means).
func summary(w io.Writer, goRuns, pyRuns []result) error {
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
		mean, sd := meanSD(s.acc)
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%.4f ± %.4f\t%d\n", s.name, median(s.sec),
			slices.Min(s.sec), slices.Max(s.sec), len(s.sec), mean, sd, len(s.acc))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	ratio := median(goSec) / median(pySec)
	fmt.Fprintf(w, "\nratio Go/PyTorch (median epoch): %.2f\n", ratio)
	gm, gsd := meanSD(goAcc)
	pm, psd := meanSD(pyAcc)
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
