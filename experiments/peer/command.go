package peer

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/sweep"
)

// Command is the peer command: its flags bound onto a Config (the default preset is Full),
// then Run.
func Command() command.Command {
	return command.Command{Name: "peer", Summary: "the Go trainer and PyTorch side by side on MNIST (epoch time, accuracy)", Run: runCommand}
}

// flags is what the command's flags set.
type flags struct {
	cfg     Config
	workers int
}

func spec(stderr io.Writer) command.Spec[flags] {
	return command.Spec[flags]{Name: "peer", Usage: usage, Stderr: stderr,
		Preset: func(name string) flags {
			if name == "quick" {
				return flags{cfg: Quick(), workers: 1}
			}
			return flags{cfg: Full(), workers: 1}
		},
		Bind: func(fs *flag.FlagSet, f *flags) {
			c := &f.cfg
			fs.IntVar(&c.Rounds, "rounds", c.Rounds, "alternating rounds (PyTorch, Go) ≥ 1")
			fs.IntVar(&c.Epochs, "epochs", c.Epochs, "epochs per run")
			fs.Var(command.Widths{P: &c.Hidden}, "hidden", "hidden widths, comma-separated")
			fs.StringVar(&c.Activation, "activation", c.Activation, "hidden activation: relu or tanh")
			fs.StringVar(&c.Init, "init", c.Init, "weight initialiser: he-uniform or glorot-uniform")
			fs.IntVar(&c.Batch, "batch", c.Batch, "minibatch size")
			fs.Float64Var(&c.LR, "lr", c.LR, "Adam learning rate")
			fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of round 0 (round r uses seed+r) and of the validation split")
			fs.IntVar(&c.Threads, "threads", c.Threads, "threads of each side: PyTorch/OpenMP/OpenBLAS threads; Go's GOMAXPROCS and BLAS threads")
			fs.IntVar(&c.Limit, "limit", c.Limit, "train on the first N training images only (0: all; for quick checks)")
			fs.IntVar(&f.workers, "workers", f.workers, "> 1: also measure the throughput of this many Go runs at once against one")
			fs.StringVar(&c.Python, "python", c.Python, "Python interpreter with torch")
			fs.StringVar(&c.Script, "script", c.Script, "the PyTorch reference script")
			fs.StringVar(&c.MNISTDir, "mnist-dir", c.MNISTDir, "folder of the four MNIST .gz files (default: found in the module cache)")
			fs.StringVar(&c.CPUProfile, "cpuprofile", c.CPUProfile, "write a CPU profile of the Go training runs to this file")
		}}
}

func runCommand(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	f, _, err := spec(stderr).Parse(args)
	if err != nil {
		return fmt.Errorf("peer: %w", err)
	}
	return Run(ctx, f.cfg, sweep.Options{Workers: f.workers, Stdout: stdout, Label: "peer"})
}
