package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/nn"
)

// critConfig is the typed configuration of the criticality command.
type critConfig struct {
	Preset string // "default" or "full" (the committed run), or "quick"
	Parts  []string

	// Phase diagrams (part a).
	PhaseActs []string // canonical specs; every registered activation by default
	GridW     int      // σ_w² columns (log-spaced) of the χ₁ grid
	GridB     int      // σ_b² rows (linear in [0, 1]) of the χ₁ grid
	CurveB    int      // σ_b² values of the EOC curve (linear in [0, 1])
	PhaseSlow float64  // an activation whose χ₁ costs more than PhaseSlow times tanh's gets a 3× coarser grid

	// Trainability and initialisers (parts b and c).
	Acts        []string  // canonical specs of the trained activations
	Depths      []int     // hidden layers of the trainability grid
	Width       int       // units per hidden layer
	SW2         []float64 // explicit σ_w² grid (same for every activation); nil: around each EOC
	SWPoints    int       // σ_w² values per activation when SW2 is nil
	SWFactor    float64   // the grid spans EOC/SWFactor … EOC·SWFactor, log-spaced
	SB2         float64   // bias variance of the trainability grid and of the eoc initialiser
	GridSeeds   int       // seeds per trainability cell
	Steps       int       // SGD steps per run (rounded to whole epochs of the subset)
	Subset      int       // training images (the first Subset of the 50 000)
	Eval        int       // validation and test images (the first Eval of each held-out set)
	Batch       int       // minibatch size
	LR          float64   // learning rate
	Opt         string    // optimiser
	CmpDepths   []int     // depths of the initialiser comparison
	CmpInits    []string  // standard initialisers compared with eoc (nn.ParseInit names)
	Seeds       int       // seeds per configuration of the comparison
	Workers     int
	Out         string
	MNISTDir    string
	NoEOCCentre float64 // σ_w² at the centre of the grid of an activation without EOC at SB2 (2: He)
}

// critParts are the parts of the command, in the order they run.
var critParts = []string{"phase", "train", "compare"}

// critPresets: default (= full) is the committed results/criticality run, sized to finish in
// about 25 minutes on 2 cores; quick is a smoke run of under a minute; test is for unit tests.
func critPresets() map[string]critConfig {
	full := critConfig{
		Parts: critParts, GridW: 60, GridB: 41, CurveB: 21, PhaseSlow: 10,
		Acts:   []string{"tanh", "relu", "elu", "tanh-fit", "quench-tanh", "quench-mf", "mf-magnetization"},
		Depths: []int{8, 16, 32, 64}, Width: 128, SWPoints: 7, SWFactor: 4, SB2: 0.05, GridSeeds: 1,
		Steps: 150, Subset: 9600, Eval: 2000, Batch: 128, LR: 0.01, Opt: "sgd",
		CmpDepths: []int{16, 32}, CmpInits: []string{"he-normal", "glorot-normal"}, Seeds: 3,
		Out: filepath.Join("results", "criticality"), NoEOCCentre: 2,
	}
	quick := full
	quick.GridW, quick.GridB, quick.CurveB, quick.PhaseSlow = 24, 11, 6, 3
	quick.Acts, quick.Depths, quick.Width, quick.SWPoints = []string{"tanh", "relu"}, []int{4, 8}, 32, 3
	quick.Steps, quick.Subset, quick.Eval, quick.CmpDepths, quick.Seeds = 20, 1280, 500, []int{8}, 2
	quick.Out = filepath.Join("results", "quick", "criticality")
	return map[string]critConfig{"default": full, "full": full, "quick": quick}
}

const critUsage = `
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
           (mean ± std, 95% CI, Welch's test against he-normal).

Runs go through the shared runner: parallel, progress on stderr, every finished run appended
to <out>/runs.csv (rerunning resumes). Writes <out>/README.md, eoc_table.md/.csv,
eoc_curves.csv, phase_<act>.png/.svg, phase_overview, trainability.md/.csv,
trainability_<act>, trainability_overview, summary.md/.csv.

example:
  go run ./experiments criticality
  go run ./experiments criticality -quick -out /tmp/crit
  go run ./experiments criticality -parts phase -phase-acts tanh,relu,quench-tanh
  go run ./experiments criticality -parts train -acts tanh -depths 10,20,40 -sw2 0.5,1,1.76,3`

// runCriticality is the criticality command.
func runCriticality(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	start, load := time.Now(), report.LoadAverage()
	cfg, err := parseCritFlags(stderr, args, critPresets())
	if err != nil {
		return err
	}
	if err := sweep.CheckDir(cfg.Out); err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	rep := critReport{cfg: cfg, args: args, start: start, load: load}
	if cfg.has("phase") {
		t := time.Now()
		res, err := critPhase(ctx, cfg, stderr)
		if err != nil {
			return fmt.Errorf("criticality: phase diagrams: %w", err)
		}
		if err := critPhaseOutputs(cfg, res); err != nil {
			return fmt.Errorf("criticality: phase diagrams: %w", err)
		}
		rep.phase, rep.phaseSeconds = res, time.Since(t).Seconds()
		fmt.Fprintf(stderr, "criticality: phase diagrams of %d activations in %s\n", len(res), time.Since(t).Round(time.Second))
	}
	if cfg.has("train") || cfg.has("compare") {
		t := time.Now()
		data, err := critLoadData(cfg)
		if err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
		plan, err := critPlan(cfg)
		if err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
		jobs := critJobs(cfg, plan, data)
		recs, st, err := sweep.Run(ctx, jobs, sweep.Options{Dir: cfg.Out, Workers: cfg.Workers, Label: "criticality", Progress: stderr})
		if err != nil {
			return fmt.Errorf("criticality: %w", err)
		}
		rep.plan, rep.recs, rep.stats, rep.trainSeconds = plan, recs, st, time.Since(t).Seconds()
		rep.dataDir = data.dir
	}
	return rep.write(stdout)
}

func (cfg critConfig) has(part string) bool { return slices.Contains(cfg.Parts, part) }

// parseCritFlags reads the flags into a config starting from the chosen preset; an explicitly
// given flag always wins. Errors name the flag and what is valid.
func parseCritFlags(stderr io.Writer, args []string, ps map[string]critConfig) (critConfig, error) {
	fs := flag.NewFlagSet("criticality", flag.ContinueOnError)
	flagUsage(fs, stderr, "criticality", critUsage)
	d := ps["default"]
	parts := fs.String("parts", strings.Join(d.Parts, ","), "parts to run: "+strings.Join(critParts, ", "))
	phaseActs := fs.String("phase-acts", "", "activation specs of the phase diagrams (default every registered one)")
	acts := fs.String("acts", strings.Join(d.Acts, ","), "activation specs trained (parts train and compare); ';' separates specs with commas")
	gridW := fs.Int("grid-w", d.GridW, "σ_w² columns of the χ₁ grid (log-spaced)")
	gridB := fs.Int("grid-b", d.GridB, "σ_b² rows of the χ₁ grid (linear in [0, 1])")
	curveB := fs.Int("curve-b", d.CurveB, "σ_b² values of the EOC curve (linear in [0, 1])")
	slow := fs.Float64("phase-slow", d.PhaseSlow, "an activation whose χ₁ costs more than this many times tanh's gets a 3× coarser grid")
	depths := fs.String("depths", joinInts(d.Depths), "hidden layers of the trainability grid, comma-separated")
	width := fs.Int("width", d.Width, "units per hidden layer")
	sw2 := fs.String("sw2", "", "σ_w² grid of the trainability part, comma-separated (default: -sw-points values log-spaced over EOC/-sw-factor … EOC·-sw-factor per activation)")
	swPoints := fs.Int("sw-points", d.SWPoints, "σ_w² values per activation around its EOC")
	swFactor := fs.Float64("sw-factor", d.SWFactor, "the σ_w² grid spans EOC/f … EOC·f")
	sb2 := fs.Float64("sb2", d.SB2, "σ_b² of the trainability grid and of the eoc initialiser")
	gridSeeds := fs.Int("grid-seeds", d.GridSeeds, "seeds per (activation, σ_w², depth) cell")
	steps := fs.Int("steps", d.Steps, "SGD steps per run (rounded to whole epochs of -subset)")
	subset := fs.Int("subset", d.Subset, "training images: the first N of the 50 000")
	eval := fs.Int("eval", d.Eval, "validation and test images: the first N of each held-out set")
	batch := fs.Int("batch", d.Batch, "minibatch size")
	lr := fs.Float64("lr", d.LR, "learning rate")
	opt := fs.String("opt", d.Opt, "optimiser: "+strings.Join(nn.OptimizerNames(), ", "))
	cmpDepths := fs.String("cmp-depths", joinInts(d.CmpDepths), "depths of the initialiser comparison")
	cmpInits := fs.String("cmp-inits", strings.Join(d.CmpInits, ","), "standard initialisers compared with eoc: "+strings.Join(nn.InitNames(), ", "))
	seeds := fs.Int("seeds", d.Seeds, "seeds per configuration of the comparison (runs use seeds 1..n)")
	workers := fs.Int("workers", runtime.NumCPU(), "runs (and phase diagrams) in parallel (default the number of CPUs)")
	out := fs.String("out", d.Out, "output folder")
	mnistDir := fs.String("mnist-dir", "", "folder of the four MNIST .gz files (default: $"+datasets.MNISTDirEnv+", else the GoMNIST module in the module cache)")
	quick := fs.Bool("quick", false, "start from the quick preset (under a minute)")
	full := fs.Bool("full", false, "start from the full preset (the committed results; the default)")
	if err := parseArgs(fs, args); err != nil {
		return critConfig{}, err
	}
	if *quick && *full {
		return critConfig{}, errors.New("criticality: -quick and -full are exclusive")
	}
	name := "default"
	switch {
	case *quick:
		name = "quick"
	case *full:
		name = "full"
	}
	cfg := ps[name]
	cfg.Preset = name
	cfg.Parts, cfg.Acts, cfg.Depths = slices.Clone(cfg.Parts), slices.Clone(cfg.Acts), slices.Clone(cfg.Depths)
	cfg.CmpDepths, cfg.CmpInits = slices.Clone(cfg.CmpDepths), slices.Clone(cfg.CmpInits)
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fail := func(e error) (critConfig, error) { return critConfig{}, fmt.Errorf("criticality: %w", e) }
	if set["parts"] {
		cfg.Parts = splitList(*parts)
	}
	if set["phase-acts"] {
		if cfg.PhaseActs = splitActSpecs(*phaseActs); len(cfg.PhaseActs) == 0 {
			return fail(errors.New("-phase-acts is empty"))
		}
	}
	if set["acts"] {
		cfg.Acts = splitActSpecs(*acts)
	}
	for _, f := range []struct {
		name     string
		src, dst *int
	}{{"grid-w", gridW, &cfg.GridW}, {"grid-b", gridB, &cfg.GridB}, {"curve-b", curveB, &cfg.CurveB}, {"width", width, &cfg.Width},
		{"sw-points", swPoints, &cfg.SWPoints}, {"grid-seeds", gridSeeds, &cfg.GridSeeds}, {"steps", steps, &cfg.Steps},
		{"subset", subset, &cfg.Subset}, {"eval", eval, &cfg.Eval}, {"batch", batch, &cfg.Batch}, {"seeds", seeds, &cfg.Seeds}} {
		if set[f.name] {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct {
		name     string
		src, dst *float64
	}{{"phase-slow", slow, &cfg.PhaseSlow}, {"sw-factor", swFactor, &cfg.SWFactor}, {"sb2", sb2, &cfg.SB2}, {"lr", lr, &cfg.LR}} {
		if set[f.name] {
			*f.dst = *f.src
		}
	}
	if set["opt"] {
		cfg.Opt = *opt
	}
	if set["out"] {
		cfg.Out = *out
	}
	cfg.Workers, cfg.MNISTDir = *workers, *mnistDir
	if set["depths"] {
		if cfg.Depths, err = parseInts(*depths); err != nil {
			return fail(fmt.Errorf("-depths: %w", err))
		}
	}
	if set["cmp-depths"] {
		if cfg.CmpDepths, err = parseInts(*cmpDepths); err != nil {
			return fail(fmt.Errorf("-cmp-depths: %w", err))
		}
	}
	if set["cmp-inits"] {
		cfg.CmpInits = splitList(*cmpInits)
	}
	if set["sw2"] {
		if cfg.SW2, err = parseFloats(*sw2); err != nil {
			return fail(fmt.Errorf("-sw2: %w", err))
		}
	}
	if err := cfg.validate(); err != nil {
		return fail(err)
	}
	return cfg, nil
}

// validate checks every field and canonicalises the activation specs.
func (cfg *critConfig) validate() error {
	if len(cfg.Parts) == 0 {
		return fmt.Errorf("-parts is empty (valid: %s)", strings.Join(critParts, ", "))
	}
	for i, p := range cfg.Parts {
		if !slices.Contains(critParts, p) {
			return fmt.Errorf("-parts: %q is unknown (valid: %s)", p, strings.Join(critParts, ", "))
		}
		if slices.Contains(cfg.Parts[:i], p) {
			return fmt.Errorf("-parts: %s is given twice", p)
		}
	}
	if cfg.PhaseActs == nil {
		cfg.PhaseActs = activations.Names()
	}
	canon := func(flagName string, specs []string) error {
		if len(specs) == 0 {
			return fmt.Errorf("-%s is empty (valid: %s)", flagName, strings.Join(activations.Names(), ", "))
		}
		for i, s := range specs {
			a, err := activations.Parse(s)
			if err != nil {
				return fmt.Errorf("-%s: %w", flagName, err)
			}
			specs[i] = a.String()
			if slices.Contains(specs[:i], specs[i]) {
				return fmt.Errorf("-%s: %s is given twice", flagName, specs[i])
			}
		}
		return nil
	}
	cfg.PhaseActs = slices.Clone(cfg.PhaseActs)
	if err := errors.Join(canon("phase-acts", cfg.PhaseActs), canon("acts", cfg.Acts)); err != nil {
		return err
	}
	for _, v := range []struct {
		name   string
		v, min int
	}{{"grid-w", cfg.GridW, 2}, {"grid-b", cfg.GridB, 2}, {"curve-b", cfg.CurveB, 2}, {"width", cfg.Width, 1},
		{"sw-points", cfg.SWPoints, 1}, {"grid-seeds", cfg.GridSeeds, 1}, {"steps", cfg.Steps, 1}, {"subset", cfg.Subset, 1},
		{"eval", cfg.Eval, 1}, {"batch", cfg.Batch, 1}, {"seeds", cfg.Seeds, 1}, {"workers", cfg.Workers, 1}} {
		if v.v < v.min {
			return fmt.Errorf("-%s = %d, want an integer ≥ %d", v.name, v.v, v.min)
		}
	}
	if cfg.Subset > datasets.MNISTTrainN-datasets.MNISTValN {
		return fmt.Errorf("-subset = %d, want ≤ %d (the training split)", cfg.Subset, datasets.MNISTTrainN-datasets.MNISTValN)
	}
	if cfg.Eval > datasets.MNISTValN {
		return fmt.Errorf("-eval = %d, want ≤ %d", cfg.Eval, datasets.MNISTValN)
	}
	pos := func(name string, v float64, zeroOK bool) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (!zeroOK && v == 0) {
			return fmt.Errorf("-%s = %v, want a finite number > 0", name, v)
		}
		return nil
	}
	if err := errors.Join(pos("phase-slow", cfg.PhaseSlow, false), pos("lr", cfg.LR, false), pos("sb2", cfg.SB2, true)); err != nil {
		return err
	}
	if !(cfg.SWFactor > 1) || math.IsInf(cfg.SWFactor, 0) {
		return fmt.Errorf("-sw-factor = %v, want a finite number > 1", cfg.SWFactor)
	}
	for _, v := range cfg.SW2 {
		if err := pos("sw2", v, false); err != nil {
			return err
		}
	}
	for _, ds := range [][]int{cfg.Depths, cfg.CmpDepths} {
		if len(ds) == 0 {
			return errors.New("-depths and -cmp-depths must not be empty")
		}
	}
	if !slices.Contains(nn.OptimizerNames(), cfg.Opt) {
		return fmt.Errorf("-opt %q is unknown (valid: %s)", cfg.Opt, strings.Join(nn.OptimizerNames(), ", "))
	}
	for i, name := range cfg.CmpInits {
		if strings.HasPrefix(name, "eoc") || slices.Contains(cfg.CmpInits[:i], name) {
			return fmt.Errorf("-cmp-inits: %s is given twice (eoc is always compared)", name)
		}
		if _, err := nn.ParseInit(name); err != nil {
			return fmt.Errorf("-cmp-inits: %w", err)
		}
	}
	if strings.TrimSpace(cfg.Out) == "" {
		return errors.New("-out is empty")
	}
	return nil
}

// parseInts reads a comma list of positive integers.
func parseInts(s string) ([]int, error) {
	var out []int
	for _, p := range splitList(s) {
		v, err := strconv.Atoi(p)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("%q is not a positive integer", p)
		}
		if slices.Contains(out, v) {
			return nil, fmt.Errorf("%d is given twice", v)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, errors.New("empty list")
	}
	return out, nil
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}
