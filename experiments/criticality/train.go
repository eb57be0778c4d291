package criticality

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/internal/fit"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/rng"
	"github.com/isingact/isingact/nn"
	"github.com/isingact/isingact/physics/signal"
)

// Parts b and c of the criticality command: deep MLPs on MNIST across the edge of chaos, and
// the eoc initialiser against the standard ones.

// actPlan is what the runs of one activation need from the theory.
type actPlan struct {
	Act    string // canonical spec
	A      activations.Activation
	Theory *signal.Theory
	EOC    float64 // σ_w² on the EOC at cfg.SB2; NaN when there is none
	NoEOC  string  // why there is none
	SW2    []float64
	Init   *nn.EOC // the eoc initialiser; nil without EOC
}

// plan is what the runs need beyond the Config: each activation's theory and σ_w² grid, and the
// step budget in whole epochs.
type plan struct {
	Acts   []actPlan
	Epochs int // epochs per run
	Steps  int // = Epochs · batches per epoch
}

// epochsFor rounds the step budget to whole epochs of the subset.
func epochsFor(cfg Config) (epochs, steps int) {
	nb := (cfg.Subset + cfg.Batch - 1) / cfg.Batch
	epochs = max(1, int(math.Round(float64(cfg.Steps)/float64(nb))))
	return epochs, epochs * nb
}

// makePlan computes each trained activation's EOC at cfg.SB2, its σ_w² grid and eoc initialiser.
// The grid is cfg.SW2 if given, else cfg.SWPoints values log-spaced over EOC/f … EOC·f (f =
// cfg.SWFactor), centred on cfg.NoEOCCentre (2, He) when there is no EOC; values are rounded
// to 4 significant digits (they name the runs).
func makePlan(cfg Config) (plan, error) {
	var p plan
	p.Epochs, p.Steps = epochsFor(cfg)
	for _, a := range cfg.Acts {
		th, err := theory(a)
		if err != nil {
			return p, err
		}
		ap := actPlan{Act: a.String(), A: a, Theory: th, EOC: math.NaN()}
		if sw2, err := th.EOCWeightVariance(cfg.SB2); err == nil {
			ap.EOC = sw2
			e, err := nn.NewEOC(ap.Act, cfg.SB2)
			if err != nil {
				return p, err
			}
			ap.Init = &e
		} else {
			ap.NoEOC = noteWithBranch(noEOCReason(err), stabilityAt(th, eocPoint{SB2: cfg.SB2, SW2: math.NaN()}))
		}
		if cfg.SW2 != nil {
			ap.SW2 = slices.Clone(cfg.SW2)
			slices.Sort(ap.SW2)
		} else {
			centre := ap.EOC
			if math.IsNaN(centre) {
				centre = cfg.NoEOCCentre
			}
			for _, v := range logspace(centre/cfg.SWFactor, centre*cfg.SWFactor, cfg.SWPoints) {
				ap.SW2 = append(ap.SW2, round4(v))
			}
			if cfg.SWPoints == 1 {
				ap.SW2 = []float64{round4(centre)}
			}
		}
		p.Acts = append(p.Acts, ap)
	}
	return p, nil
}

func round4(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	return r
}

// hiddenOf is the runs.csv hidden column of a deep MLP: "128x32" (32 layers of 128).
func hiddenOf(width, depth int) string { return fmt.Sprintf("%dx%d", width, depth) }

// jobs lists the runs of the parts asked for, deepest first (the longest runs start first, so
// the workers finish together).
func jobs(cfg Config, p plan, d *data.MNIST) []sweep.Job {
	var out []sweep.Job
	for _, ap := range p.Acts {
		if cfg.has("train") {
			out = append(out, trainJobs(cfg, p, ap, d)...)
		}
		if cfg.has("compare") && ap.Init != nil { // without an EOC there is no eoc initialiser to compare
			out = append(out, compareJobs(cfg, p, ap, d)...)
		}
	}
	slices.SortStableFunc(out, func(a, b sweep.Job) int { return depthOf(b.Key.Hidden) - depthOf(a.Key.Hidden) })
	return out
}

// trainJobs are the trainability grid's runs of one activation: every σ_w², depth and grid seed.
func trainJobs(cfg Config, p plan, ap actPlan, d *data.MNIST) []sweep.Job {
	var out []sweep.Job
	for _, sw2 := range ap.SW2 {
		for _, depth := range cfg.Depths {
			for seed := 1; seed <= cfg.GridSeeds; seed++ {
				set := sweep.Settings{Part: "train", SW2: sweep.Some(sw2), SB2: sweep.Some(cfg.SB2), Steps: p.Steps, Subset: cfg.Subset, Eval: cfg.Eval}
				out = append(out, job(cfg, p, ap, depth, seed, set, nn.Gaussian{SW2: sw2, SB2: cfg.SB2}, d))
			}
		}
	}
	return out
}

// compareJobs are the initialiser comparison's runs of one activation: the standard
// initialisers and eoc, at every comparison depth and seed.
func compareJobs(cfg Config, p plan, ap actPlan, d *data.MNIST) []sweep.Job {
	var out []sweep.Job
	for _, name := range append(slices.Clone(cfg.CmpInits), "eoc") {
		set := sweep.Settings{Part: "compare", Init: name, Steps: p.Steps, Subset: cfg.Subset, Eval: cfg.Eval}
		var in nn.Init
		if name == "eoc" {
			in, set.SB2 = *ap.Init, sweep.Some(cfg.SB2)
		} else {
			in, _ = nn.ParseInit(name) // checked by normalize
		}
		for _, depth := range cfg.CmpDepths {
			for seed := 1; seed <= cfg.Seeds; seed++ {
				out = append(out, job(cfg, p, ap, depth, seed, set, in, d))
			}
		}
	}
	return out
}

// job is one run: activation ap at depth, with seed, settings set and initialiser in.
func job(cfg Config, p plan, ap actPlan, depth, seed int, set sweep.Settings, in nn.Init, d *data.MNIST) sweep.Job {
	k := sweep.Key{Experiment: "criticality", Model: "mlp", Activation: ap.Act, Seed: seed, LR: cfg.LR,
		Hidden: hiddenOf(cfg.Width, depth), Batch: cfg.Batch, Opt: cfg.Opt, Epochs: p.Epochs, Settings: set}
	hidden := make([]int, depth)
	for i := range hidden {
		hidden[i] = cfg.Width
	}
	arch := nn.MLP(datasets.MNISTPixels, hidden, datasets.MNISTClasses, ap.Act)
	arch.Dtype = nn.Float32
	opt := nn.OptimizerConfig{Name: cfg.Opt, LearningRate: cfg.LR}
	return sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
		return train(ctx, report, k, arch, in, opt, d, p.Epochs, p.Steps)
	}}
}

// depthOf reads the depth back from a run's hidden column ("128x32": 32).
func depthOf(hidden string) int {
	_, d, _ := strings.Cut(hidden, "x")
	n, _ := strconv.Atoi(d)
	return n
}

// train trains one deep MLP for epochs epochs (steps SGD steps) with softmax cross-entropy
// and returns its rows: per epoch the training loss and accuracy (means over the epoch's
// batches); at the end the validation and test loss and accuracy, diverged (0/1) and steps.
// The initial weights (stream "criticality-init") and the batch order ("criticality-order")
// depend on the seed only, so runs that differ in σ_w² or initialiser are paired. A diverged
// run stops at the NaN batch and is evaluated with the weights it had then.
func train(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig, d *data.MNIST, epochs, steps int) ([]sweep.Row, error) {
	var rows []sweep.Row
	last := 0
	res, err := fit.Fit(ctx, fit.Spec{Arch: arch, Init: init,
		Weights: rng.New(k.RNGSeed(), "criticality-init"), Order: rng.New(k.RNGSeed(), "criticality-order"),
		Train: nn.TrainConfig{Loss: nn.SoftmaxCrossEntropy, Optimizer: opt, BatchSize: k.Batch, Epochs: epochs, EvalBatch: 500,
			OnEpoch: func(em nn.EpochMetrics) error {
				last = em.Epoch
				rows = append(rows,
					sweep.Row{Epoch: em.Epoch, Split: "train", Metric: "loss", Value: em.TrainLoss},
					sweep.Row{Epoch: em.Epoch, Split: "train", Metric: "accuracy", Value: em.TrainAcc})
				report(em.Epoch, epochs, em.TrainLoss)
				return nil
			}}}, d.Train, nn.Data{})
	if err != nil {
		return nil, err
	}
	tr, diverged := res.Trainer, res.Diverged
	end := max(last, 1)
	if diverged == 1 {
		end = last + 1
	}
	for _, ev := range []struct {
		split string
		d     nn.Data
	}{{"val", d.Val}, {"test", d.Test}} {
		loss, acc, err := tr.Evaluate(ev.d)
		if err != nil {
			return nil, err
		}
		rows = append(rows, sweep.Row{Epoch: end, Split: ev.split, Metric: "loss", Value: loss},
			sweep.Row{Epoch: end, Split: ev.split, Metric: "accuracy", Value: acc})
	}
	return append(rows, sweep.Row{Epoch: end, Metric: "diverged", Value: diverged}, sweep.Row{Epoch: end, Metric: "steps", Value: float64(steps)}), nil
}
