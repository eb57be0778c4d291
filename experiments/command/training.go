package command

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/nn"
)

// Training holds the settings every training experiment has (xor, mnist): what their common
// flags set. Each experiment's Config embeds it and adds its own.
type Training struct {
	Acts     []activations.Activation // the activations compared, in order; nil: every registered one
	Seeds    int                      // seeds per configuration: runs use seeds 1, …, Seeds
	Epochs   int                      // epochs per run (the budget)
	Hidden   [][]int                  // hidden-layer architectures to run; each lists the layer widths
	Batch    int                      // minibatch size
	LRs      []float64                // learning rates; more than one is a sweep
	Opt      string                   // optimiser name (nn.OptimizerNames)
	Baseline activations.Activation   // the activation the others are compared with; nil for none
	// Margin is the equivalence margin of the comparisons with the baseline, in the headline
	// metric's units (0.002 = 0.2 accuracy points; 0.10 = 10 points of success rate); 0: none.
	Margin float64
}

// Bind registers the common flags onto t:
//
//	-acts      activation specs, default every registered activation (see SplitActSpecs)
//	-seeds     seeds per configuration            -epochs  epochs per run
//	-hidden    hidden sizes: "256", "512,256"; ';' separates architectures to compare ("2;4")
//	-batch     minibatch size                     -lr      learning rate(s), comma list = sweep
//	-opt       optimiser                          -baseline activation to compare with
//	-margin    equivalence margin of the comparisons, in the metric's units
func (t *Training) Bind(fs *flag.FlagSet) {
	acts := "default all registered: " + strings.Join(activations.Names(), ",")
	fs.Var(Acts{&t.Acts}, "acts", "activation specs, comma-separated (use ';' to separate specs whose parameters contain commas)\n("+acts+")")
	fs.IntVar(&t.Seeds, "seeds", t.Seeds, "seeds per configuration (runs use seeds 1..n)")
	fs.IntVar(&t.Epochs, "epochs", t.Epochs, "training epochs per run")
	fs.Var(Archs{&t.Hidden}, "hidden", "hidden layer widths, comma-separated; ';' separates architectures to compare")
	fs.IntVar(&t.Batch, "batch", t.Batch, "minibatch size")
	fs.Var(Floats{&t.LRs}, "lr", "learning rate; a comma list is a sweep (chosen on the validation split)")
	fs.StringVar(&t.Opt, "opt", t.Opt, "optimiser: "+strings.Join(nn.OptimizerNames(), ", "))
	fs.Var(Act{&t.Baseline}, "baseline", "activation the others are compared with (paired by seed)")
	fs.Float64Var(&t.Margin, "margin", t.Margin, "equivalence margin of the comparisons with the baseline, in the metric's units (accuracy as a fraction: 0.002 = 0.2 points); 0: no equivalence test")
}

// Normalize fills in the defaults (nil Acts: every registered activation) and checks every
// field; errors name the flag that sets it. A baseline that is not among the activations is an
// error when it was asked for explicitly (explicit = true); otherwise (a preset's baseline that
// is not run) it is dropped, and the tables have no comparison column.
func (t *Training) Normalize(explicitBaseline bool) error {
	if t.Acts == nil {
		t.Acts = AllActs()
	}
	if len(t.Acts) == 0 {
		return fmt.Errorf("-acts is empty (valid: %s)", strings.Join(activations.Names(), ", "))
	}
	if _, err := ParseActs(Specs(t.Acts)); err != nil {
		return fmt.Errorf("-acts: %w", err)
	}
	for _, v := range []struct {
		name   string
		v, max int
	}{{"seeds", t.Seeds, MaxSeeds}, {"epochs", t.Epochs, MaxEpochs}, {"batch", t.Batch, MaxBatch}} {
		if err := CheckBound(v.name, v.v, 1, v.max); err != nil {
			return err
		}
	}
	if err := t.checkHiddenLRs(); err != nil {
		return err
	}
	if !(t.Margin >= 0 && t.Margin < 1) {
		return fmt.Errorf("-margin = %v, want 0 ≤ margin < 1 (the metric's units: a fraction)", t.Margin)
	}
	if !slices.Contains(nn.OptimizerNames(), t.Opt) {
		return fmt.Errorf("-opt %q is unknown (valid: %s)", t.Opt, strings.Join(nn.OptimizerNames(), ", "))
	}
	if t.Baseline != nil && !slices.Contains(Specs(t.Acts), t.Baseline.String()) {
		if explicitBaseline {
			return fmt.Errorf("-baseline %s is not among -acts (%s)", t.Baseline, strings.Join(Specs(t.Acts), "; "))
		}
		t.Baseline = nil
	}
	return nil
}

func (t *Training) checkHiddenLRs() error {
	if len(t.Hidden) == 0 {
		return fmt.Errorf("-hidden is empty")
	}
	for _, h := range t.Hidden {
		if len(h) == 0 || slices.ContainsFunc(h, func(w int) bool { return w < 1 }) {
			return fmt.Errorf("-hidden %s: widths must be positive", sweep.FormatHidden(h))
		}
		if w := slices.Max(h); w > MaxWidth {
			return fmt.Errorf("-hidden %s: width %d, want 1 … %d", sweep.FormatHidden(h), w, MaxWidth)
		}
		if len(h) > MaxLayers {
			return fmt.Errorf("-hidden: %d hidden layers, want at most %d", len(h), MaxLayers)
		}
	}
	if len(t.LRs) == 0 {
		return fmt.Errorf("-lr is empty")
	}
	for _, lr := range t.LRs {
		if !(lr > 0) || math.IsInf(lr, 0) {
			return fmt.Errorf("-lr %v: want a finite learning rate > 0", lr)
		}
	}
	return nil
}

// BaselineSpec is the baseline's canonical spec, "" for none (the tables' form).
func (t Training) BaselineSpec() string {
	if t.Baseline == nil {
		return ""
	}
	return t.Baseline.String()
}

// Clone returns a copy of t whose lists can be changed without changing t's.
func (t Training) Clone() Training {
	t.Acts = slices.Clone(t.Acts)
	t.LRs = slices.Clone(t.LRs)
	h := make([][]int, len(t.Hidden))
	for i := range t.Hidden {
		h[i] = slices.Clone(t.Hidden[i])
	}
	t.Hidden = h
	return t
}

// BindOptions registers -out, -workers and -wait onto o: the output folder, the runs in
// parallel (default: o's values, Workers 0 meaning runtime.NumCPU()) and whether to wait for a
// folder another command holds.
func BindOptions(fs *flag.FlagSet, o *sweep.Options) {
	if o.Workers == 0 {
		o.Workers = runtime.NumCPU()
	}
	fs.StringVar(&o.Dir, "out", o.Dir, "output folder for runs.csv, summaries and plots")
	fs.IntVar(&o.Workers, "workers", o.Workers, "runs in parallel (default the number of CPUs; never more than the runs)")
	fs.BoolVar(&o.Wait, "wait", o.Wait, "wait while another command holds -out (default: fail at once, naming it)")
}

// RunOptions is what an experiment's Run does first with its options: CheckOptions, then the
// defaults of a call from Go — the progress label name and the provenance "<name>.Run (Go API)"
// where the caller (the CLI) has not set them.
func RunOptions(name string, o sweep.Options) (sweep.Options, error) {
	if err := CheckOptions(o); err != nil {
		return o, err
	}
	if o.Label == "" {
		o.Label = name
	}
	if o.Command == "" {
		o.Command = name + ".Run (Go API)"
	}
	return o, nil
}

// CheckOptions checks -out and -workers (1 … sweep.MaxWorkers) and that the folder can be
// written, before any work.
func CheckOptions(o sweep.Options) error {
	if o.Workers < 1 || o.Workers > sweep.MaxWorkers {
		return errWorkers(o.Workers)
	}
	if strings.TrimSpace(o.Dir) == "" {
		return errEmptyOut
	}
	return sweep.CheckDir(o.Dir)
}

// CheckModels checks a -model list: "mlp" and "perceptron", each at most once.
func CheckModels(models []string) error {
	if len(models) == 0 {
		return fmt.Errorf("-model is empty (valid: mlp, perceptron)")
	}
	for i, m := range models {
		if m != "mlp" && m != "perceptron" {
			return fmt.Errorf("-model %q is unknown (valid: mlp, perceptron)", m)
		}
		if slices.Contains(models[:i], m) {
			return fmt.Errorf("-model %s is given twice", m)
		}
	}
	return nil
}

var errEmptyOut = errors.New("-out is empty")

func errWorkers(n int) error { return CheckBound("workers", n, 1, sweep.MaxWorkers) }
