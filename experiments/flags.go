package main

import (
	"flag"
	"fmt"
	"github.com/isingact/isingact/experiments/sweep"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/activations"
)

// config is the typed configuration the training commands share (xor, mnist, criticality): what
// their common flags set. Each command keeps its own presets of it and adds its own flags.
type config struct {
	Preset   string    // "default", "quick" or "full": which preset the flags started from
	Acts     []string  // canonical activation specs (activations.Activation.String()), in flag order
	Seeds    int       // seeds per configuration: runs use seeds 1, …, Seeds
	Epochs   int       // epochs per run (the budget)
	Hidden   [][]int   // hidden-layer architectures to run; each lists the layer widths
	Batch    int       // minibatch size
	LRs      []float64 // learning rates; more than one is a sweep
	Opt      string    // optimiser name
	Workers  int       // runs in parallel
	Out      string    // output folder (runs.csv, summary.md, summary.csv, plots)
	Baseline string    // canonical spec of the activation the others are compared with; "" for none
}

// presets are a command's three starting points. In a preset, nil Acts means every registered
// activation and Workers 0 means runtime.NumCPU().
type presets struct {
	Default, Quick, Full config
}

// commonFlags holds the common flags registered on a command's FlagSet; call resolve after
// fs.Parse.
type commonFlags struct {
	fs       *flag.FlagSet
	presets  presets
	optNames []string

	acts, hidden, lr, opt, out, baseline *string
	seeds, epochs, batch, workers        *int
	quick, full                          *bool
}

// addCommonFlags registers on fs the flags every training command has:
//
//	-acts      activation specs, default every registered activation (see splitActSpecs)
//	-seeds     seeds per configuration            -epochs  epochs per run
//	-hidden    hidden sizes: "256", "512,256"; ';' separates architectures to compare ("2;4")
//	-batch     minibatch size                     -lr      learning rate(s), comma list = sweep
//	-opt       optimiser, one of optNames         -workers runs in parallel (default NumCPU)
//	-out       output folder                      -baseline activation to compare with
//	-quick, -full   start from the quick or full preset instead of the default one
//
// A flag given explicitly always wins over the preset. optNames lists the valid optimisers
// (the caller passes nn.OptimizerNames(), so the list is never kept by hand here).
func addCommonFlags(fs *flag.FlagSet, p presets, optNames []string) *commonFlags {
	d := p.Default
	acts := "all registered: " + strings.Join(activations.Names(), ",")
	if d.Acts != nil {
		acts = strings.Join(d.Acts, ";")
	}
	workers := d.Workers
	if workers == 0 {
		workers = runtime.NumCPU()
	}
	c := &commonFlags{fs: fs, presets: p, optNames: optNames}
	c.acts = fs.String("acts", "", "activation specs, comma-separated (use ';' to separate specs whose parameters contain commas)\n(default "+acts+")")
	c.seeds = fs.Int("seeds", d.Seeds, "seeds per configuration (runs use seeds 1..n)")
	c.epochs = fs.Int("epochs", d.Epochs, "training epochs per run")
	c.hidden = fs.String("hidden", formatArchs(d.Hidden), "hidden layer widths, comma-separated; ';' separates architectures to compare")
	c.batch = fs.Int("batch", d.Batch, "minibatch size")
	c.lr = fs.String("lr", formatFloats(d.LRs), "learning rate; a comma list is a sweep (chosen on the validation split)")
	c.opt = fs.String("opt", d.Opt, "optimiser: "+strings.Join(optNames, ", "))
	c.workers = fs.Int("workers", workers, "runs in parallel (default the number of CPUs)")
	c.out = fs.String("out", d.Out, "output folder for runs.csv, summaries and plots")
	c.baseline = fs.String("baseline", d.Baseline, "activation the others are compared with (Welch test)")
	c.quick = fs.Bool("quick", false, "start from the quick preset (a smoke run in seconds to minutes)")
	c.full = fs.Bool("full", false, "start from the full preset (the committed results)")
	return c
}

// resolve builds the config: the chosen preset, overridden by every flag given explicitly,
// then validated. Errors name the flag and the valid values.
func (c *commonFlags) resolve() (config, error) {
	if *c.quick && *c.full {
		return config{}, fmt.Errorf("-quick and -full are exclusive")
	}
	cfg := c.presets.Default
	cfg.Preset = "default"
	switch {
	case *c.quick:
		cfg, cfg.Preset = c.presets.Quick, "quick"
	case *c.full:
		cfg, cfg.Preset = c.presets.Full, "full"
	}
	set := map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	if set["acts"] {
		cfg.Acts = splitActSpecs(*c.acts)
		if len(cfg.Acts) == 0 {
			return cfg, fmt.Errorf("-acts is empty (valid: %s)", strings.Join(activations.Names(), ", "))
		}
	}
	if cfg.Acts == nil {
		cfg.Acts = activations.Names()
	}
	cfg.Acts = slices.Clone(cfg.Acts) // validate canonicalises in place: leave the preset alone
	if set["hidden"] {
		if cfg.Hidden, err = parseArchs(*c.hidden); err != nil {
			return cfg, err
		}
	}
	if set["lr"] {
		if cfg.LRs, err = parseFloats(*c.lr); err != nil {
			return cfg, fmt.Errorf("-lr: %w", err)
		}
	}
	for _, f := range []struct {
		name     string
		src, dst *int
	}{{"seeds", c.seeds, &cfg.Seeds}, {"epochs", c.epochs, &cfg.Epochs}, {"batch", c.batch, &cfg.Batch}, {"workers", c.workers, &cfg.Workers}} {
		if set[f.name] {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct {
		name     string
		src, dst *string
	}{{"opt", c.opt, &cfg.Opt}, {"out", c.out, &cfg.Out}, {"baseline", c.baseline, &cfg.Baseline}} {
		if set[f.name] {
			*f.dst = *f.src
		}
	}
	if cfg.Workers == 0 && !set["workers"] {
		cfg.Workers = runtime.NumCPU()
	}
	return cfg, cfg.validate(c.optNames, set["baseline"])
}

// validate checks every field and canonicalises the activation specs and the baseline. A
// baseline that is not among the activations is an error when it was asked for explicitly
// (explicit = true); a preset's baseline that is not run is dropped (no comparison column).
func (cfg *config) validate(optNames []string, explicit bool) error {
	seen := map[string]bool{}
	for i, spec := range cfg.Acts {
		a, err := activations.Parse(spec)
		if err != nil {
			return fmt.Errorf("-acts: %w", err)
		}
		cfg.Acts[i] = a.String()
		if seen[cfg.Acts[i]] {
			return fmt.Errorf("-acts: %s is given twice", cfg.Acts[i])
		}
		seen[cfg.Acts[i]] = true
	}
	for _, v := range []struct {
		name string
		v    int
	}{{"seeds", cfg.Seeds}, {"epochs", cfg.Epochs}, {"batch", cfg.Batch}, {"workers", cfg.Workers}} {
		if v.v < 1 {
			return fmt.Errorf("-%s = %d, want a positive integer", v.name, v.v)
		}
	}
	if len(cfg.Hidden) == 0 {
		return fmt.Errorf("-hidden is empty")
	}
	for _, h := range cfg.Hidden {
		for _, w := range h {
			if w < 1 {
				return fmt.Errorf("-hidden %s: widths must be positive", sweep.FormatHidden(h))
			}
		}
	}
	if len(cfg.LRs) == 0 {
		return fmt.Errorf("-lr is empty")
	}
	for _, lr := range cfg.LRs {
		if !(lr > 0) || math.IsInf(lr, 0) {
			return fmt.Errorf("-lr %v: want a finite learning rate > 0", lr)
		}
	}
	valid := false
	for _, n := range optNames {
		valid = valid || n == cfg.Opt
	}
	if !valid {
		return fmt.Errorf("-opt %q is unknown (valid: %s)", cfg.Opt, strings.Join(optNames, ", "))
	}
	if strings.TrimSpace(cfg.Out) == "" {
		return fmt.Errorf("-out is empty")
	}
	if cfg.Baseline != "" {
		a, err := activations.Parse(cfg.Baseline)
		if err != nil {
			return fmt.Errorf("-baseline: %w", err)
		}
		cfg.Baseline = a.String()
		if !seen[cfg.Baseline] {
			if explicit {
				return fmt.Errorf("-baseline %s is not among -acts (%s)", cfg.Baseline, strings.Join(cfg.Acts, "; "))
			}
			cfg.Baseline = ""
		}
	}
	return nil
}

// splitActSpecs splits the -acts value into activation specs. With a ';' anywhere, specs are
// separated by ';' only. Otherwise commas separate specs, except that a piece of the form
// key=value (an '=' with no ':' before it) continues the previous spec as one more parameter:
//
//	"tanh,relu,population:of=quench-mf,sigma=0.5" → ["tanh", "relu", "population:of=quench-mf,sigma=0.5"]
//
// A spec always starts with a name, and names hold no '=', so this reading is unambiguous.
// Blank pieces are ignored.
func splitActSpecs(s string) []string {
	var out []string
	if strings.Contains(s, ";") {
		for _, p := range strings.Split(s, ";") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		eq, colon := strings.Index(p, "="), strings.Index(p, ":")
		if eq >= 0 && (colon < 0 || colon > eq) && len(out) > 0 {
			out[len(out)-1] += "," + p
			continue
		}
		out = append(out, p)
	}
	return out
}

// parseArchs reads -hidden: architectures separated by ';', each a comma list of widths. "0" or
// an empty architecture is an error (the perceptron is a model, not a hidden size).
func parseArchs(s string) ([][]int, error) {
	var out [][]int
	for _, a := range strings.Split(s, ";") {
		var widths []int
		for _, w := range strings.Split(a, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(w))
			if err != nil || v < 1 {
				return nil, fmt.Errorf("-hidden %q: %q is not a positive integer width", s, strings.TrimSpace(w))
			}
			widths = append(widths, v)
		}
		out = append(out, widths)
	}
	return out, nil
}

func formatArchs(h [][]int) string {
	s := make([]string, len(h))
	for i, a := range h {
		s[i] = sweep.FormatHidden(a)
	}
	return strings.Join(s, ";")
}

func parseFloats(s string) ([]float64, error) {
	var out []float64
	for _, p := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", strings.TrimSpace(p))
		}
		out = append(out, v)
	}
	return out, nil
}

func formatFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = sweep.FormatFloat(x)
	}
	return strings.Join(s, ",")
}

// flagUsage sets fs's usage to: "usage: go run ./experiments <name> [flags]", the text (a
// description with an example), then the flags with their defaults.
func flagUsage(fs *flag.FlagSet, w io.Writer, name, text string) {
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "usage: go run ./experiments %s [flags]\n\n%s\n\nflags:\n", name, strings.TrimSpace(text))
		fs.PrintDefaults()
	}
}

// parseArgs parses a command's flags and refuses stray arguments, naming the command (the flag
// set's name) in the error.
func parseArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments %q", fs.Name(), fs.Args())
	}
	return nil
}
