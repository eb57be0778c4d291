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
	"time"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// Run runs the benchmark of cfg and prints its rounds and summary on o.Stdout; with o.Workers > 1
// it then measures the throughput of o.Workers Go runs at once against one. With o.Dir set it
// writes the results to o.Dir/<build> (see the command's usage; o.Workers 0 means 1). A
// disagreement of the test accuracies beyond the noise is an error; a missing PyTorch is not:
// the Go side is measured alone and the output says why.
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
	b, cleanup, err := newBench(cfg, stdout)
	if err != nil {
		return err
	}
	defer cleanup()
	if b.noTorch = cfg.torchMissing(ctx); b.noTorch != "" {
		fmt.Fprintf(stdout, "peer: skipping PyTorch: %s; install it with bench/peer/setup.sh. Measuring the Go side only.\n", b.noTorch)
	}
	if cfg.CPUProfile != "" {
		stop, err := startProfile(cfg.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	res, err := b.measure(ctx, o.Workers)
	if err != nil {
		return err
	}
	if o.Dir != "" {
		return res.write(o.Dir, stdout)
	}
	return nil
}

// newBench loads the data, writes the validation index for the PyTorch script and prints the
// setup; cleanup removes the index file.
func newBench(cfg Config, stdout io.Writer) (*bench, func(), error) {
	m, err := datasets.LoadMNIST(cfg.MNISTDir, cfg.Seed)
	if err != nil {
		return nil, nil, err
	}
	train := m.Train
	if cfg.Limit > 0 && cfg.Limit < train.N {
		if train, err = train.First(cfg.Limit); err != nil {
			return nil, nil, err
		}
	}
	valFile, err := writeValIndex(m.ValIndex)
	if err != nil {
		return nil, nil, err
	}
	arch := nn.MLP(datasets.MNISTPixels, cfg.Hidden, datasets.MNISTClasses, cfg.Activation)
	arch.Dtype = nn.Float32
	b := &bench{cfg: cfg, arch: arch, train: train, test: m.Test, dataDir: m.Dir, valFile: valFile, stdout: stdout}
	b.setup = fmt.Sprintf("%s, %s init, adam lr %g, batch %d, %d epoch(s) per run, %d rounds; train %d, val %d, test %d images (split seed %d)",
		arch, cfg.Init, cfg.LR, cfg.Batch, cfg.Epochs, cfg.Rounds, train.N, m.Val.N, m.Test.N, cfg.Seed)
	fmt.Fprintf(stdout, "peer: %s\n", b.setup)
	fmt.Fprintf(stdout, "Go: %s, %s/%s, threads %v, BLAS %s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, cfg.Threads, nn.BLASName())
	return b, func() { os.Remove(valFile) }, nil
}

// measure runs the GEMM timing, the rounds, the summary and (workers > 1) the throughput.
func (b *bench) measure(ctx context.Context, workers int) (*results, error) {
	res := &results{cfg: b.cfg, setup: b.setup, start: time.Now().UTC(), loadBefore: loadAverage(), noTorch: b.noTorch}
	for _, t := range b.cfg.Threads {
		d, err := gemmStep(b.arch, b.cfg.Batch, t)
		if err != nil {
			return nil, err
		}
		res.gemm = append(res.gemm, gemmTime{threads: t, step: d})
	}
	fmt.Fprintf(b.stdout, "GEMM per training step (the step's %d matrix products alone, median): %s\n", len(gemmShapes(b.arch, b.cfg.Batch)), res.gemmText())
	var err error
	if res.torchInfo, err = b.rounds(ctx, res); err != nil {
		return nil, err
	}
	res.rows = summarize(res.runs)
	accErr := printSummary(b.stdout, res.rows, res.runs)
	if workers > 1 {
		if res.tput, err = throughput(ctx, b.stdout, b.cfg, workers, b.arch, b.train, b.test); err != nil {
			return nil, err
		}
	}
	res.loadAfter = loadAverage()
	return res, accErr
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
