package xor

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

const usage = `
Trains, for every activation (default: every registered one), a perceptron and MLPs 2-2-1 and
2-4-1 on the four XOR points, over many seeds (runs use seeds 1..n; a seed gives every
activation the same initial weight draw), and reports the success rate (all four points right)
with its Wilson 95% interval, the epochs to success (median [Q1, Q3] over the successful runs)
and the final training loss. Each activation is compared with the baseline (-baseline relu)
paired by seed: the difference of success rates with Tango's 95% interval, the exact McNemar
test, Holm's adjustment over the comparisons of each table, Tango's TOST against ±-margin
(default 0.10, 10 points) and a verdict (better, worse, equivalent, inconclusive); the noisy-XOR
test accuracies by the paired t-test, sign-flip permutation and TOST against ±-noisy-margin
(default 0.02).

Protocol: inputs in {0, 1}; full-batch training (-batch ≥ 4), Adam with lr 0.05, weights
Glorot-uniform U(−a, a), a = √(6/(fan_in + fan_out)), biases 0, at most -epochs epochs, stopping
at the first epoch after which all four points are right ("epochs to success" counts the
updates made until then; 0 means the initial weights already solve it).
  MLP: linear output, binary cross-entropy on the logit; a point is right when the logit has
    its label's sign.
  Perceptron: y = f(w·x + b), the activation on its single output, squared error against the
    0/1 label (the delta rule); a point is right when |y − label| < ½. XOR is not linearly
    separable, so for a monotone f it must fail every time; as a control the same perceptron
    is trained on AND (-control), which it can separate.
  Noisy XOR (MLPs, -noisy-epochs > 0): 200 training and 200 test points, Gaussian clouds of
    σ = 0.2 around the corners (a new draw per seed), full batch, -noisy-epochs epochs; the
    test accuracy is reported.

Every finished run is appended to <out>/runs.csv; rerunning the same command resumes. Writes
<out>/summary.md, summary.csv, README.md and the plots xor_success, xor_epochs and
noisy_xor_accuracy (PNG and SVG). With -shard i/n only the shard's runs are made, into
<out>/runs-<i>-of-<n>.csv, and no summaries: go run ./experiments report -out <out> merges.

example:
  go run ./experiments xor
  go run ./experiments xor -quick -acts tanh,relu,quench-tanh -out /tmp/xor
  go run ./experiments xor -quick -out /tmp/xor -shard 0/4   # one of 4 shards; then: report -out /tmp/xor`

// Command is the xor command: its flags bound onto a Config (the default preset is Full) and
// sweep.Options, then Run.
func Command() command.Command {
	return command.Command{Name: "xor", Summary: "perceptrons and MLPs on XOR, every activation, many seeds", Run: runCommand, Merge: merge}
}

// flags is what the command's flags set.
type flags struct {
	cfg   Config
	opt   sweep.Options
	shard command.Sharding
}

// spec is the command's flag reading: presets and bindings.
func spec(stderr io.Writer) command.Spec[flags] {
	return command.Spec[flags]{Name: "xor", Usage: usage, Stderr: stderr,
		Preset: func(name string) flags {
			c := Full()
			if name == "quick" {
				c = Quick()
			}
			return flags{cfg: c, opt: sweep.Options{Dir: presetDir(name)}}
		},
		Bind: func(fs *flag.FlagSet, f *flags) {
			f.cfg.Training.Bind(fs)
			command.BindOptions(fs, &f.opt)
			f.shard.Bind(fs)
			fs.Var(command.Strings{P: &f.cfg.Models}, "model", "models: perceptron, mlp (one per -hidden), comma-separated")
			fs.StringVar(&f.cfg.Init, "init", f.cfg.Init, "weight initialiser: "+strings.Join(nn.InitNames(), ", "))
			fs.BoolVar(&f.cfg.Control, "control", f.cfg.Control, "also train the perceptron on AND, a linearly separable control")
			fs.IntVar(&f.cfg.NoisyEpochs, "noisy-epochs", f.cfg.NoisyEpochs, "epochs of the noisy-XOR runs of the MLPs (0: skip them)")
			fs.Float64Var(&f.cfg.NoisyMargin, "noisy-margin", f.cfg.NoisyMargin, "equivalence margin of the noisy-XOR test accuracies (a fraction; 0: no equivalence test)")
		}}
}

func runCommand(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	f, p, err := spec(stderr).Parse(args)
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	if f.opt, err = f.shard.SweepOptions(f.opt, "xor", report.CommandLine("xor", args), p, stdout, stderr); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	return run(ctx, f.cfg, f.opt, p.Set["baseline"])
}

// merge is the report command's view of an xor sweep: the Config rebuilt from its flags, its
// jobs in order, and Report.
func merge(flags []string, _ []sweep.Record) (command.Plan, error) {
	f, p, err := spec(io.Discard).Parse(flags)
	if err != nil {
		return command.Plan{}, err
	}
	cfg := f.cfg
	if err := cfg.normalize(p.Set["baseline"]); err != nil {
		return command.Plan{}, err
	}
	js, err := jobs(cfg)
	if err != nil {
		return command.Plan{}, err
	}
	return command.Plan{Stages: []command.Stage{{Name: "runs", Keys: sweep.Keys(js)}},
		Write: func(_ context.Context, o sweep.Options, recs []sweep.Record) error { return Report(cfg, o, recs) }}, nil
}
