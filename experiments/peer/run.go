package peer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// Run runs the benchmark of cfg and prints its rounds and summary on o.Stdout; with o.Workers > 1
// it then measures the throughput of o.Workers Go runs at once against one. It writes no files
// (o.Dir is not used; o.Workers 0 means 1). A disagreement of the test accuracies beyond the noise is an error.
func Run(ctx context.Context, cfg Config, o sweep.Options) error {
	if o.Workers == 0 {
		o.Workers = 1
	}
	if err := cfg.validate(o.Workers); err != nil {
		return err
	}
	stdout := o.Stdout
	if stdout == nil {
		stdout = io.Discard
	}
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
	valFile, err := writeValIndex(m.ValIndex)
	if err != nil {
		return err
	}
	defer os.Remove(valFile)
	arch := nn.MLP(datasets.MNISTPixels, cfg.Hidden, datasets.MNISTClasses, cfg.Activation)
	arch.Dtype = nn.Float32
	fmt.Fprintf(stdout, "peer: %s, %s init, adam lr %g, batch %d, %d epoch(s) per run, %d rounds; train %d, val %d, test %d images (split seed %d)\n",
		arch, cfg.Init, cfg.LR, cfg.Batch, cfg.Epochs, cfg.Rounds, train.N, m.Val.N, m.Test.N, cfg.Seed)
	fmt.Fprintf(stdout, "Go: %s, %s/%s, GOMAXPROCS %d, BLAS %s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, cfg.Threads, nn.BLASName())
	if cfg.CPUProfile != "" {
		stop, err := startProfile(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	b := bench{cfg: cfg, arch: arch, train: train, test: m.Test, dataDir: m.Dir, valFile: valFile, stdout: stdout}
	if err := b.rounds(ctx); err != nil {
		return err
	}
	if o.Workers > 1 {
		return throughput(ctx, stdout, cfg, o.Workers, arch, train, m.Test)
	}
	return nil
}

// writeValIndex writes the Go side's validation indices to a temporary file, one a line, so
// that the PyTorch script splits the same 60 000 images; it returns the file's name.
func writeValIndex(idx []int) (string, error) {
	f, err := os.CreateTemp("", "isingact-peer-val-*.txt")
	if err != nil {
		return "", fmt.Errorf("peer: %w", err)
	}
	w := bufio.NewWriter(f)
	for _, i := range idx {
		fmt.Fprintln(w, i)
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("peer: writing the validation indices: %w", err)
	}
	return f.Name(), nil
}

// startProfile starts a CPU profile into path and returns how to stop it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("peer: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("peer: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// bench is one benchmark's data and settings.
type bench struct {
	cfg         Config
	arch        nn.Arch
	train, test *datasets.Set
	dataDir     string
	valFile     string
	stdout      io.Writer
}

// rounds runs the alternating rounds and prints them and the summary.
func (b bench) rounds(ctx context.Context) error {
	var goRuns, pyRuns []result
	var torchInfo string
	for r := 0; r < b.cfg.Rounds; r++ {
		seed := b.cfg.Seed + uint64(r)
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
			var run result
			var err error
			if side == "go" {
				run, err = trainGo(ctx, b.cfg, b.arch, seed, b.train, b.test)
				goRuns = append(goRuns, run)
			} else {
				run, torchInfo, err = runPython(ctx, b.cfg, b.dataDir, b.valFile, seed)
				pyRuns = append(pyRuns, run)
			}
			if err != nil {
				return fmt.Errorf("peer: round %d, %s: %w", r+1, side, err)
			}
			fmt.Fprintf(b.stdout, "round %d  %-7s  epoch s %s  test acc %.4f\n", r+1, side, formatSeconds(run.Seconds), run.TestAcc)
		}
	}
	fmt.Fprintf(b.stdout, "PyTorch: %s\n\n", torchInfo)
	return summary(b.stdout, goRuns, pyRuns)
}
