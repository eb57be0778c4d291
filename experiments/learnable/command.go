package learnable

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
)

const usage = `
Compares every derived activation with learnable physics parameters (default: tanh-fit,
quench-tanh, quench-sigmoid, mf-magnetization, quench-mf, population, at their default specs)
with its learnable twin — the same spec with every learnable parameter learned per unit
(learn=…,per=unit; a field h starting at h ≥ 0 learned on h ≥ 0, min.h=0) — on MNIST (MLP
784-256-10, Adam, batch 128, float32, each pair at the learning rate the mnist comparison chose
for the fixed activation, read from -lr-from's lr column, else -lr) and on XOR (MLP 2-4-1 on the
four points, Adam 0.05, full batch, stopping at success), paired by seed: learnable − fixed with
a 95% interval, paired and permutation p-values, Holm, TOST (±0.2 points MNIST, ±10 points XOR)
and a verdict; and reports what was learned: each parameter's distribution across units and
seeds after training, and its trajectory over the epochs.

Every finished run is appended to <out>/runs.csv (rerunning resumes); the runs write their
learned parameters as param:<name>:mean|std|min|max (per epoch) and param:<name>:unit:<i> (after
the last). Writes <out>/summary.md, summary.csv, params.csv, README.md and the plots
learnable_<dataset>_distribution and learnable_<dataset>_trajectory_<param> (PNG and SVG).

example:
  go run ./experiments learnable -quick -out /tmp/learnable
  go run ./experiments learnable -full -workers 2`

// Command is the learnable command: its flags bound onto a Config (the default preset is Full)
// and sweep.Options, then Run.
func Command() command.Command {
	return command.Command{Name: "learnable", Summary: "fixed vs learnable physics parameters (h, a, θ, c, σ) on MNIST and XOR", Run: runCommand}
}

// flags is what the command's flags set.
type flags struct {
	cfg Config
	opt sweep.Options
}

// spec is the command's flag reading: presets and bindings.
func spec(stderr io.Writer) command.Spec[flags] {
	return command.Spec[flags]{Name: "learnable", Usage: usage, Stderr: stderr,
		Preset: func(name string) flags {
			c := Full()
			if name == "quick" {
				c = Quick()
			}
			return flags{cfg: c, opt: sweep.Options{Dir: presetDir(name)}}
		},
		Bind: func(fs *flag.FlagSet, f *flags) {
			command.BindOptions(fs, &f.opt)
			fs.Var(command.Acts{P: &f.cfg.Acts}, "acts", "fixed activation specs, each compared with its learnable twin (default: every activation with learnable parameters)")
			bindMNIST(fs, &f.cfg.MNIST)
			bindXOR(fs, &f.cfg.XOR)
		}}
}

func bindMNIST(fs *flag.FlagSet, m *MNIST) {
	fs.IntVar(&m.Seeds, "seeds", m.Seeds, "MNIST seeds per activation (runs use seeds 1..n; 0 skips MNIST)")
	fs.IntVar(&m.Epochs, "epochs", m.Epochs, "MNIST epochs per run")
	fs.Var(command.Ints{P: &m.Hidden}, "hidden", "MNIST hidden layer widths, comma-separated")
	fs.IntVar(&m.Batch, "batch", m.Batch, "MNIST minibatch size")
	fs.StringVar(&m.Opt, "opt", m.Opt, "MNIST optimiser")
	fs.Float64Var(&m.LR, "lr", m.LR, "MNIST learning rate of an activation that -lr-from does not list")
	fs.StringVar(&m.LRFrom, "lr-from", m.LRFrom, "summary.csv of the mnist comparison whose lr column gives each activation's rate (\"\": -lr for all; a missing file: -lr)")
	fs.IntVar(&m.Subset, "subset", m.Subset, "train on the first n MNIST training images, evaluate on the first min(n, 10000) validation and test images (0: all)")
	fs.Var(command.Strings{P: &m.Skip}, "skip-mnist", "activation names left out of the MNIST part, comma-separated (\"\" for none)")
	fs.StringVar(&m.Dir, "mnist-dir", m.Dir, "folder of the four MNIST files (default: found automatically)")
	fs.Float64Var(&m.Margin, "margin", m.Margin, "MNIST TOST margin on the test accuracy, a fraction (0.002 = 0.2 points)")
}

func bindXOR(fs *flag.FlagSet, x *XOR) {
	fs.IntVar(&x.Seeds, "xor-seeds", x.Seeds, "XOR seeds per activation (0 skips XOR)")
	fs.IntVar(&x.Epochs, "xor-epochs", x.Epochs, "XOR epoch budget per run")
	fs.Var(command.Ints{P: &x.Hidden}, "xor-hidden", "XOR hidden layer widths, comma-separated")
	fs.Float64Var(&x.LR, "xor-lr", x.LR, "XOR learning rate")
	fs.StringVar(&x.Opt, "xor-opt", x.Opt, "XOR optimiser")
	fs.Float64Var(&x.Margin, "xor-margin", x.Margin, "XOR TOST margin on the success rate, a fraction (0.10 = 10 points)")
}

func runCommand(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	f, _, err := spec(stderr).Parse(args)
	if err != nil {
		return fmt.Errorf("learnable: %w", err)
	}
	f.opt.Label, f.opt.Progress, f.opt.Stdout = "learnable", stderr, stdout
	f.opt.Command = report.CommandLine("learnable", args)
	return Run(ctx, f.cfg, f.opt)
}
