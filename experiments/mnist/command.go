package mnist

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

const usage = `
Trains an MLP (default 784-256-10, float32) on MNIST per activation (default: every registered
one) with Adam, batch 128, softmax cross-entropy, Glorot-uniform weights and zero biases, and
compares the activations' test accuracies. Data: 50 000 training images, 10 000 validation
images held out of the training set by a fixed seeded split, the 10 000 test images; pixels in
[0, 1].

Fair learning rate: with more than one -lr, every activation gets the same sweep, decided on the
validation split only:
  1. sweep: each learning rate is trained with seeds 1..-sweep-seeds (default: -seeds) for
     -sweep-epochs epochs (default: -epochs); the rate with the best mean validation accuracy
     after the last sweep epoch wins (a diverged run counts as the worst; ties go to the
     smaller rate);
  2. final: the chosen rate is trained with seeds 1..-seeds (default 3) for -epochs epochs
     (default 10). A sweep run with the same seed, rate and epochs is the same run, so it is
     not trained again: with the defaults every final run comes from the sweep. (A one-seed
     sweep, -sweep-seeds 1, is cheaper but noisier: in the first full run it chose lr 3e-3 for
     ReLU by 0.03 validation points, well inside the ±0.15 noise of 10 000 images.)
Every run measures the test accuracy once, at the end, but the choice reads only the validation
accuracies, and the summary only the runs at the chosen rate. A sweep shorter than the training
(-sweep-epochs 3) is cheaper but favours large rates, which learn fastest early on. The summary reports per activation the test
accuracy mean ± std, its 95% t interval, n, the difference to the baseline (-baseline relu) with
Welch's t-test, the final validation accuracy and the time per epoch (training pass and
validation); the sweep's validation accuracies are tabled above it.

-model perceptron also trains the single-layer network softmax(f(x·W + b)) (the activation on
the 10 outputs, then the softmax loss). -subset N trains on the first N training images and
evaluates on the first min(N, 10 000) validation and test images (quick runs and tests).

Every finished run is appended to <out>/runs.csv; rerunning the same command resumes. Writes
<out>/summary.md, summary.csv, README.md and, per model, the plots mnist_val_curves_<model> and
mnist_test_accuracy_<model> (PNG and SVG).
On a cluster (-shard i/n or auto: the shard's runs only, into <out>/runs-<i>-of-<n>.csv, no
summaries) the stages run as separate job arrays: -stage sweep (every shard; rerun until it
says the sweep is complete), then -stage final (the final runs at the rates the merged sweep
chooses), then go run ./experiments report -out <out> -complete.

example:
  go run ./experiments mnist
  go run ./experiments mnist -acts relu,tanh,quench-tanh -model mlp,perceptron
  go run ./experiments mnist -quick -acts relu,tanh -out /tmp/mnist
  go run ./experiments mnist -stage sweep -shard auto -out /shared/mnist   # in a Slurm array`

// Command is the mnist command: its flags bound onto a Config (the default preset is Full) and
// sweep.Options, then Run.
func Command() command.Command {
	return command.Command{Name: "mnist", Summary: "MLPs on MNIST per activation, with a learning-rate sweep", Run: runCommand, Merge: merge}
}

// flags is what the command's flags set.
type flags struct {
	cfg   Config
	opt   sweep.Options
	shard command.Sharding
}

func spec(stderr io.Writer) command.Spec[flags] {
	return command.Spec[flags]{Name: "mnist", Usage: usage, Stderr: stderr,
		Preset: func(name string) flags {
			c := Full()
			if name == "quick" {
				c = Quick()
			}
			return flags{cfg: c, opt: sweep.Options{Dir: presetDir(name)}}
		},
		Bind: func(fs *flag.FlagSet, f *flags) {
			c := &f.cfg
			c.Training.Bind(fs)
			command.BindOptions(fs, &f.opt)
			f.shard.Bind(fs)
			fs.StringVar(&c.Stage, "stage", c.Stage, "sweep: only the learning-rate sweep; final: only the final runs (the sweep must be complete); all: both (see -h)")
			fs.Var(command.Strings{P: &c.Models}, "model", "models: mlp (one per -hidden), perceptron; comma-separated")
			fs.StringVar(&c.Init, "init", c.Init, "weight initialiser: "+strings.Join(nn.InitNames(), ", "))
			fs.IntVar(&c.Subset, "subset", c.Subset, "train on the first N training images and evaluate on the first min(N, 10000) validation and test images (0: all; quick preset 10000)")
			fs.IntVar(&c.SweepSeeds, "sweep-seeds", c.SweepSeeds, "seeds of each learning rate in the sweep (0: -seeds, so the final runs are the sweep's)")
			fs.IntVar(&c.SweepEpochs, "sweep-epochs", c.SweepEpochs, "epochs of each sweep run (0: -epochs, and the sweep's runs count as final runs of their seeds)")
			fs.StringVar(&c.MNISTDir, "mnist-dir", c.MNISTDir, "folder of the four MNIST .gz files (default: $"+datasets.MNISTDirEnv+", else the GoMNIST module in the module cache)")
		}}
}

func runCommand(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	f, p, err := spec(stderr).Parse(args)
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if f.opt.Shard, err = f.shard.Resolve(os.Getenv); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	f.opt.Label, f.opt.Progress, f.opt.Stdout = "mnist", stderr, stdout
	f.opt.Command, f.opt.Flags = report.CommandLine("mnist", args), p.SweepFlags()
	return run(ctx, f.cfg, f.opt, p.Set["baseline"])
}

// merge is the report command's view of an mnist sweep: the Config rebuilt from its flags, the
// sweep's jobs and, once the folder's sweep is complete, the final jobs at the chosen rates.
func merge(flags []string, recs []sweep.Record) (command.Plan, error) {
	f, p, err := spec(io.Discard).Parse(flags)
	if err != nil {
		return command.Plan{}, err
	}
	cfg := f.cfg
	if err := cfg.normalize(p.Set["baseline"]); err != nil {
		return command.Plan{}, err
	}
	sp := planFrom(cfg, recs)
	var stages []command.Stage
	if sp.sweepKeys != nil {
		stages = append(stages, command.Stage{Name: "sweep", Keys: sp.sweepKeys})
	}
	final := command.Stage{Name: "final", Keys: sp.finalKeys}
	if sp.sweepMissing > 0 {
		final = command.Stage{Name: "final", Waiting: fmt.Sprintf("the learning-rate sweep is incomplete (%d of %d runs missing)", sp.sweepMissing, len(sp.sweepKeys))}
	}
	return command.Plan{Stages: append(stages, final),
		Write: func(_ context.Context, o sweep.Options, recs []sweep.Record) error { return Report(cfg, o, recs) }}, nil
}
