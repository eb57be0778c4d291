package mnist

import (
	"context"
	"flag"
	"fmt"
	"io"
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

Fair learning rate: with more than one -lr, every activation gets the same rule, decided on the
validation split only (round by round, from the runs on disk):
  1. sweep: each learning rate is trained with seeds 1..-sweep-seeds (default 3) for
     -sweep-epochs epochs (default: -epochs); the rate with the best mean validation accuracy
     after the last sweep epoch wins (a diverged run counts as the worst; ties go to the
     smaller rate). When the winner is at an edge of the grid, the grid is extended beyond it by
     the grid's own ratio in that direction (3e-3 → 9e-3 for {3e-4, 1e-3, 3e-3}) and the new rate
     is swept — one round — at most 3 times; a diverged rate ends it. The summary marks a rate
     that is still at an edge (lr_interior false, with the reason).
  2. final: the chosen rate is trained with seeds 1..-seeds (default 10) for -epochs epochs
     (default 10). A sweep run with the same seed, rate and epochs is the same run, so it is
     not trained again: with the defaults seeds 1..3 come from the sweep.
  3. gain: every activation again at its chosen rate with the gain initialiser (each layer's
     weight variance from the activation), seeds 1..-gain-seeds (default 5; 0: none): a second
     table.
-stage sweep runs the missing runs of the current round and exits (rerun it until it says the
sweep is complete; shards can share the rounds), -stage final runs the final and gain runs and
writes the tables (an error while the sweep is incomplete), -stage all (default) does both.
Every run measures the test accuracy once, at the end, but the choice reads only the validation
accuracies, and the summary only the runs at the chosen rate. Each activation is compared with
the baseline (-baseline relu) paired by seed: the mean per-seed difference with its paired 95%
t interval, the paired t-test and the exact sign-flip test, Holm over the table, TOST against
±-margin (default 0.002, 0.2 accuracy points) and a verdict (better, worse, equivalent,
inconclusive); beside it the sparsity of the code on the test set (zero activations, dead
units, mean activation), the final validation accuracy and the time per epoch.
-model perceptron also trains the single-layer network softmax(f(x·W + b)) (the activation on
the 10 outputs, then the softmax loss). -subset N trains on the first N training images and
evaluates on the first min(N, 10 000) validation and test images (quick runs and tests).

Every finished run is appended to <out>/runs.csv; rerunning the same command resumes. Writes
<out>/summary.md, summary.csv, README.md and, per model, the plots mnist_val_curves_<model> and
mnist_test_accuracy_<model> (PNG and SVG).
On a cluster (-shard i/n or auto: the shard's runs only, into <out>/runs-<i>-of-<n>.csv, no
summaries) the stages run as separate job arrays: -stage sweep (every shard takes its share of
the current round's runs; rerun the array until it says the sweep is complete), then -stage
final (the final and gain runs at the rates the merged sweep chooses), then go run
./experiments report -out <out> -complete.

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
			fs.Var(command.Strings{P: &c.Models}, "model", "models: mlp (one per -hidden), perceptron; comma-separated")
			fs.StringVar(&c.Init, "init", c.Init, "weight initialiser: "+strings.Join(nn.InitNames(), ", "))
			fs.IntVar(&c.Subset, "subset", c.Subset, "train on the first N training images and evaluate on the first min(N, 10000) validation and test images (0: all; quick preset 10000)")
			fs.IntVar(&c.SweepSeeds, "sweep-seeds", c.SweepSeeds, "seeds of each learning rate in the sweep (0: -seeds)")
			fs.IntVar(&c.SweepEpochs, "sweep-epochs", c.SweepEpochs, "epochs of each sweep run (0: -epochs, and the sweep's runs count as final runs of their seeds)")
			fs.IntVar(&c.GainSeeds, "gain-seeds", c.GainSeeds, "seeds of the second table, init gain at each activation's chosen rate (0: no second table)")
			fs.StringVar(&c.Stage, "stage", c.Stage, "what to run: sweep (the current round's missing runs), final (final and gain runs, then the tables), all (every round, then final)")
			fs.StringVar(&c.MNISTDir, "mnist-dir", c.MNISTDir, "folder of the four MNIST .gz files (default: $"+datasets.MNISTDirEnv+", else the GoMNIST module in the module cache)")
		}}
}

func runCommand(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	f, p, err := spec(stderr).Parse(args)
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if f.opt, err = f.shard.SweepOptions(f.opt, "mnist", report.CommandLine("mnist", args), p, stdout, stderr); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	return run(ctx, f.cfg, f.opt, p.Set["baseline"])
}

// merge is the report command's view of an mnist sweep: the Config rebuilt from its flags, the
// sweep's runs so far (SweepKeys of the folder's state) and, once the sweep is complete, the
// final and gain runs at the chosen rates; Report writes the tables.
func merge(flags []string, recs []sweep.Record) (command.Plan, error) {
	f, p, err := spec(io.Discard).Parse(flags)
	if err != nil {
		return command.Plan{}, err
	}
	cfg := f.cfg
	if err := cfg.normalize(p.Set["baseline"]); err != nil {
		return command.Plan{}, err
	}
	s := PlanSweep(cfg, recs)
	stages := []command.Stage{{Name: "sweep", Keys: SweepKeys(cfg, s)}, {Name: "final", Keys: FinalStageKeys(cfg, s)}}
	if !s.Complete() {
		stages[1] = command.Stage{Name: "final", Waiting: fmt.Sprintf("the learning-rate sweep is incomplete (round %d needs %d more runs)", s.Round, len(s.Pending))}
	}
	return command.Plan{Stages: stages,
		Write: func(_ context.Context, o sweep.Options, _ []sweep.Record) error { return Report(cfg, o) }}, nil
}
