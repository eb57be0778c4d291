package criticality

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

const usage = `
Edge of chaos: the network's own order–chaos transition (Poole et al. 2016; Schoenholz et al.
2017, "Deep Information Propagation"), for every activation. Weights N(0, σ_w²/fan_in), biases
N(0, σ_b²); mean-field theory from package physics/signal (q*, χ₁, ξ_c, the EOC σ_w²(σ_b²)).

Parts (-parts, default all three):
  phase    per activation, χ₁ on a (log σ_w², σ_b² ∈ [0, 1]) grid with the EOC curve drawn
           (heatmap of log₁₀ χ₁: blue ordered, red chaotic, grey no finite fixed point q*), a
           tiled overview, and the table of EOC points at σ_b² ∈ {0, 0.05, 0.5, 1} with ξ_c on
           either side. Activations run in parallel; a slow one gets a coarser grid (-phase-slow).
  train    deep MLPs (784-width×depth-10, float32) trained with plain SGD for -steps steps on
           -subset MNIST images over a σ_w² grid across each activation's EOC at σ_b² = -sb2,
           for every depth; heatmap of test accuracy against (σ_w², depth) with the theory's
           6·ξ_c depth bound drawn on top (Schoenholz et al. 2017, Fig. 5).
  compare  the same networks at -cmp-depths with -cmp-inits (He, Glorot; biases 0) and with
           eoc (σ_w² on the EOC, biases N(0, σ_b²)), seeds 1..-seeds; table of test accuracies
           (mean ± std, 95% CI, compared with he-normal paired by seed).

Runs go through the shared runner: parallel, progress on stderr, every finished run appended
to <out>/runs.csv (rerunning resumes). With -shard i/n a command makes only the shard's
training runs, into <out>/runs-<i>-of-<n>.csv, and writes nothing else: go run ./experiments
report -out <out> merges them and computes the phase diagrams (pure theory, no runs). Writes <out>/README.md, eoc_table.md/.csv,
eoc_curves.csv, phase_<act>.png/.svg, phase_overview, trainability.md/.csv,
trainability_<act>, trainability_overview, summary.md/.csv.

example:
  go run ./experiments criticality
  go run ./experiments criticality -quick -out /tmp/crit
  go run ./experiments criticality -parts phase -phase-acts tanh,relu,quench-tanh
  go run ./experiments criticality -parts train -acts tanh -depths 10,20,40 -sw2 0.5,1,1.76,3`

// Command is the criticality command: its flags bound onto a Config (the default preset is
// Full) and sweep.Options, then Run.
func Command() command.Command {
	return command.Command{Name: "criticality", Summary: "edge-of-chaos phase diagrams and deep-network trainability", Run: runCommand, Merge: merge}
}

// flags is what the command's flags set.
type flags struct {
	cfg   Config
	opt   sweep.Options
	shard command.Sharding
}

func spec(stderr io.Writer) command.Spec[flags] {
	return command.Spec[flags]{Name: "criticality", Usage: usage, Stderr: stderr,
		Preset: func(name string) flags {
			c := Full()
			if name == "quick" {
				c = Quick()
			}
			return flags{cfg: c, opt: sweep.Options{Dir: presetDir(name)}}
		},
		Bind: func(fs *flag.FlagSet, f *flags) {
			bindPhase(fs, &f.cfg)
			bindTrain(fs, &f.cfg)
			command.BindOptions(fs, &f.opt)
			f.shard.Bind(fs)
		}}
}

// bindPhase registers the flags of the phase diagrams.
func bindPhase(fs *flag.FlagSet, c *Config) {
	fs.Var(command.Strings{P: &c.Parts}, "parts", "parts to run: "+strings.Join(Parts(), ", "))
	fs.Var(command.Acts{P: &c.PhaseActs}, "phase-acts", "activation specs of the phase diagrams (default every registered one)")
	fs.IntVar(&c.GridW, "grid-w", c.GridW, "σ_w² columns of the χ₁ grid (log-spaced)")
	fs.IntVar(&c.GridB, "grid-b", c.GridB, "σ_b² rows of the χ₁ grid (linear in [0, 1])")
	fs.IntVar(&c.CurveB, "curve-b", c.CurveB, "σ_b² values of the EOC curve (linear in [0, 1])")
	fs.Float64Var(&c.PhaseSlow, "phase-slow", c.PhaseSlow, "an activation whose χ₁ costs more than this many times tanh's gets a 3× coarser grid")
}

// bindTrain registers the flags of the trainability grid and the initialiser comparison.
func bindTrain(fs *flag.FlagSet, c *Config) {
	fs.Var(command.Acts{P: &c.Acts}, "acts", "activation specs trained (parts train and compare); ';' separates specs with commas")
	fs.Var(command.Ints{P: &c.Depths}, "depths", "hidden layers of the trainability grid, comma-separated")
	fs.IntVar(&c.Width, "width", c.Width, "units per hidden layer")
	fs.Var(command.Floats{P: &c.SW2}, "sw2", "σ_w² grid of the trainability part, comma-separated (default: -sw-points values log-spaced over EOC/-sw-factor … EOC·-sw-factor per activation)")
	fs.IntVar(&c.SWPoints, "sw-points", c.SWPoints, "σ_w² values per activation around its EOC")
	fs.Float64Var(&c.SWFactor, "sw-factor", c.SWFactor, "the σ_w² grid spans EOC/f … EOC·f")
	fs.Float64Var(&c.SB2, "sb2", c.SB2, "σ_b² of the trainability grid and of the eoc initialiser")
	fs.IntVar(&c.GridSeeds, "grid-seeds", c.GridSeeds, "seeds per (activation, σ_w², depth) cell")
	fs.IntVar(&c.Steps, "steps", c.Steps, "SGD steps per run (rounded to whole epochs of -subset)")
	fs.IntVar(&c.Subset, "subset", c.Subset, "training images: the first N of the 50 000")
	fs.IntVar(&c.Eval, "eval", c.Eval, "validation and test images: the first N of each held-out set")
	fs.IntVar(&c.Batch, "batch", c.Batch, "minibatch size")
	fs.Float64Var(&c.LR, "lr", c.LR, "learning rate")
	fs.StringVar(&c.Opt, "opt", c.Opt, "optimiser: "+strings.Join(nn.OptimizerNames(), ", "))
	fs.Var(command.Ints{P: &c.CmpDepths}, "cmp-depths", "depths of the initialiser comparison")
	fs.Var(command.Strings{P: &c.CmpInits}, "cmp-inits", "standard initialisers compared with eoc: "+strings.Join(nn.InitNames(), ", "))
	fs.IntVar(&c.Seeds, "seeds", c.Seeds, "seeds per configuration of the comparison (runs use seeds 1..n)")
	fs.StringVar(&c.MNISTDir, "mnist-dir", c.MNISTDir, "folder of the four MNIST .gz files (default: $"+datasets.MNISTDirEnv+", else the GoMNIST module in the module cache)")
}

func runCommand(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	f, p, err := spec(stderr).Parse(args)
	if err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	if f.opt, err = f.shard.SweepOptions(f.opt, "criticality", report.CommandLine("criticality", args), p, stdout, stderr); err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	return Run(ctx, f.cfg, f.opt)
}

// merge is the report command's view of a criticality sweep: the Config rebuilt from its
// flags, the training runs in job order, and Report (which also computes the phase diagrams).
func merge(flags []string, _ []sweep.Record) (command.Plan, error) {
	f, _, err := spec(io.Discard).Parse(flags)
	if err != nil {
		return command.Plan{}, err
	}
	cfg := f.cfg
	if err := cfg.normalize(); err != nil {
		return command.Plan{}, err
	}
	var keys []sweep.Key
	if cfg.has("train") || cfg.has("compare") {
		p, err := makePlan(cfg)
		if err != nil {
			return command.Plan{}, err
		}
		keys = sweep.Keys(jobs(cfg, p, nil))
	}
	return command.Plan{Stages: []command.Stage{{Name: "runs", Keys: keys}},
		Write: func(ctx context.Context, o sweep.Options, recs []sweep.Record) error {
			o.Workers = runtime.NumCPU() // the phase diagrams' goroutines
			return Report(ctx, cfg, o, recs)
		}}, nil
}
