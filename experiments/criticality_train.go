package main

import (
	"context"
	"fmt"
	"github.com/isingact/isingact/experiments/sweep"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/internal/rng"
	"github.com/isingact/isingact/nn"
	"github.com/isingact/isingact/physics/signal"
)

// Parts b and c of the criticality command: deep MLPs on MNIST across the edge of chaos, and
// the eoc initialiser against the standard ones.

// critData is the MNIST data of the runs, converted once.
type critData struct {
	train, val, test nn.Data
	dir              string
}

func critLoadData(cfg critConfig) (*critData, error) {
	m, err := datasets.LoadMNIST(cfg.MNISTDir, datasets.MNISTSplitSeed)
	if err != nil {
		return nil, err
	}
	train, err := m.Train.First(cfg.Subset)
	if err != nil {
		return nil, err
	}
	val, err := m.Val.First(cfg.Eval)
	if err != nil {
		return nil, err
	}
	test, err := m.Test.First(cfg.Eval)
	if err != nil {
		return nil, err
	}
	data := func(s *datasets.Set) nn.Data { return nn.Data{N: s.N, D: s.D, X32: s.X, Labels: s.Y} }
	return &critData{train: data(train), val: data(val), test: data(test), dir: m.Dir}, nil
}

// critActPlan is what the runs of one activation need from the theory.
type critActPlan struct {
	Act    string
	Theory *signal.Theory
	EOC    float64 // σ_w² on the EOC at cfg.SB2; NaN when there is none
	NoEOC  string  // why there is none
	SW2    []float64
	Init   *nn.EOC // the eoc initialiser; nil without EOC
}

// critRunMeta describes a run for the tables: its part, activation, σ_w² (train), depth and
// initialiser (compare).
type critRunMeta struct {
	Part  string // "train" or "compare"
	Act   string
	SW2   float64
	Depth int
	Init  string
}

type critPlanT struct {
	Acts   []critActPlan
	Epochs int // epochs per run
	Steps  int // = Epochs · batches per epoch
	Meta   map[string]critRunMeta
}

// critEpochs rounds the step budget to whole epochs of the subset.
func critEpochs(cfg critConfig) (epochs, steps int) {
	nb := (cfg.Subset + cfg.Batch - 1) / cfg.Batch
	epochs = max(1, int(math.Round(float64(cfg.Steps)/float64(nb))))
	return epochs, epochs * nb
}

// critPlan computes each trained activation's EOC at cfg.SB2, its σ_w² grid and eoc initialiser.
// The grid is cfg.SW2 if given, else cfg.SWPoints values log-spaced over EOC/f … EOC·f (f =
// cfg.SWFactor), centred on cfg.NoEOCCentre (2, He) when there is no EOC; values are rounded
// to 4 significant digits (they name the runs).
func critPlan(cfg critConfig) (critPlanT, error) {
	plan := critPlanT{Meta: map[string]critRunMeta{}}
	plan.Epochs, plan.Steps = critEpochs(cfg)
	for _, act := range cfg.Acts {
		th, _, err := critTheory(act)
		if err != nil {
			return plan, err
		}
		ap := critActPlan{Act: act, Theory: th, EOC: math.NaN()}
		if sw2, err := th.EOCWeightVariance(cfg.SB2); err == nil {
			ap.EOC = sw2
			e, err := nn.NewEOC(act, cfg.SB2)
			if err != nil {
				return plan, err
			}
			ap.Init = &e
		} else {
			ap.NoEOC = critNoEOCReason(err)
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
		plan.Acts = append(plan.Acts, ap)
	}
	return plan, nil
}

func round4(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	return r
}

// critHidden is the runs.csv hidden column of a deep MLP: "128x32" (32 layers of 128).
func critHidden(width, depth int) string { return fmt.Sprintf("%dx%d", width, depth) }

// critJobs lists the runs of the parts asked for, deepest first (the longest runs start
// first, so the workers finish together). Every run records its metadata in plan.Meta.
func critJobs(cfg critConfig, plan critPlanT, data *critData) []sweep.Job {
	type spec struct {
		key  sweep.Key
		meta critRunMeta
		init nn.Init
	}
	var specs []spec
	for _, ap := range plan.Acts {
		if cfg.has("train") {
			for _, sw2 := range ap.SW2 {
				for _, depth := range cfg.Depths {
					for seed := 1; seed <= cfg.GridSeeds; seed++ {
						k := sweep.Key{Experiment: "criticality", Model: "mlp", Activation: ap.Act, Seed: seed, LR: cfg.LR,
							Hidden: critHidden(cfg.Width, depth), Batch: cfg.Batch, Opt: cfg.Opt, Epochs: plan.Epochs,
							Settings: sweep.Settings{Part: "train", SW2: sweep.Some(sw2), SB2: sweep.Some(cfg.SB2), Steps: plan.Steps, Subset: cfg.Subset, Eval: cfg.Eval}}
						specs = append(specs, spec{k, critRunMeta{Part: "train", Act: ap.Act, SW2: sw2, Depth: depth, Init: "gaussian"},
							nn.Gaussian{SW2: sw2, SB2: cfg.SB2}})
					}
				}
			}
		}
		if cfg.has("compare") && ap.Init != nil { // without an EOC there is no eoc initialiser to compare
			inits := append(slices.Clone(cfg.CmpInits), "eoc")
			for _, name := range inits {
				var in nn.Init
				set := sweep.Settings{Part: "compare", Init: name, Steps: plan.Steps, Subset: cfg.Subset, Eval: cfg.Eval}
				if name == "eoc" {
					in = *ap.Init
					set.SB2 = sweep.Some(cfg.SB2)
				} else {
					in, _ = nn.ParseInit(name) // checked by validate
				}
				for _, depth := range cfg.CmpDepths {
					for seed := 1; seed <= cfg.Seeds; seed++ {
						k := sweep.Key{Experiment: "criticality", Model: "mlp", Activation: ap.Act, Seed: seed, LR: cfg.LR,
							Hidden: critHidden(cfg.Width, depth), Batch: cfg.Batch, Opt: cfg.Opt, Epochs: plan.Epochs,
							Settings: set}
						specs = append(specs, spec{k, critRunMeta{Part: "compare", Act: ap.Act, Depth: depth, Init: name}, in})
					}
				}
			}
		}
	}
	slices.SortStableFunc(specs, func(a, b spec) int { return b.meta.Depth - a.meta.Depth })
	jobs := make([]sweep.Job, 0, len(specs))
	for _, s := range specs {
		plan.Meta[s.key.String()] = s.meta
		hidden := make([]int, s.meta.Depth)
		for i := range hidden {
			hidden[i] = cfg.Width
		}
		arch := nn.MLP(datasets.MNISTPixels, hidden, datasets.MNISTClasses, s.meta.Act)
		arch.Dtype = nn.Float32
		opt := nn.OptimizerConfig{Name: cfg.Opt, LearningRate: cfg.LR}
		k, in, epochs, steps := s.key, s.init, plan.Epochs, plan.Steps
		jobs = append(jobs, sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
			return critRun(ctx, report, k, arch, in, opt, data, epochs, steps)
		}})
	}
	return jobs
}

// critRun trains one deep MLP for epochs epochs (steps SGD steps) with softmax cross-entropy
// and returns its rows: per epoch the training loss and accuracy (means over the epoch's
// batches); at the end the validation and test loss and accuracy, diverged (0/1) and steps.
// The initial weights (stream "criticality-init") and the batch order ("criticality-order")
// depend on the seed only, so runs that differ in σ_w² or initialiser are paired. A diverged
// run stops at the NaN batch and is evaluated with the weights it had then.
func critRun(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig, data *critData, epochs, steps int) ([]sweep.Row, error) {
	model, err := nn.NewModel(arch, init, rng.New(k.RNGSeed(), "criticality-init"))
	if err != nil {
		return nil, err
	}
	var rows []sweep.Row
	last := 0
	tr, err := nn.NewTrainer(model, nn.TrainConfig{Loss: nn.SoftmaxCrossEntropy, Optimizer: opt, BatchSize: k.Batch, Epochs: epochs, EvalBatch: 500,
		OnEpoch: func(em nn.EpochMetrics) error {
			last = em.Epoch
			rows = append(rows,
				sweep.Row{Epoch: em.Epoch, Split: "train", Metric: "loss", Value: em.TrainLoss},
				sweep.Row{Epoch: em.Epoch, Split: "train", Metric: "accuracy", Value: em.TrainAcc})
			report(em.Epoch, epochs, em.TrainLoss)
			return nil
		}}, rng.New(k.RNGSeed(), "criticality-order"))
	if err != nil {
		return nil, err
	}
	_, err = tr.Fit(ctx, data.train, nn.Data{})
	diverged, err := sweep.FitOutcome(ctx, err)
	if err != nil {
		return nil, err
	}
	end := max(last, 1)
	if diverged == 1 {
		end = last + 1
	}
	for _, ev := range []struct {
		split string
		d     nn.Data
	}{{"val", data.val}, {"test", data.test}} {
		loss, acc, err := tr.Evaluate(ev.d)
		if err != nil {
			return nil, err
		}
		rows = append(rows, sweep.Row{Epoch: end, Split: ev.split, Metric: "loss", Value: loss},
			sweep.Row{Epoch: end, Split: ev.split, Metric: "accuracy", Value: acc})
	}
	return append(rows, sweep.Row{Epoch: end, Metric: "diverged", Value: diverged}, sweep.Row{Epoch: end, Metric: "steps", Value: float64(steps)}), nil
}

// critCell is one (activation, σ_w², depth) cell of the trainability grid.
type critCell struct {
	Act        string
	SW2, Depth float64
	Acc        float64 // mean test accuracy over the cell's seeds
	Diverged   int     // runs of the cell that diverged
	N          int
	Chi1, XiC  float64 // theory at (σ_w², σ_b²); NaN without a finite q*
}

// critCells collects the trainability grid from the records, with the theory of each cell.
func critCells(cfg critConfig, plan critPlanT, recs []sweep.Record) map[string][]critCell {
	type acc struct {
		sum      float64
		n, div   int
		sw2      float64
		depth    int
		act      string
		hasValue bool
	}
	by := map[string]*acc{}
	var order []string
	for _, r := range recs {
		m, ok := plan.Meta[r.Key.String()]
		if !ok || m.Part != "train" {
			continue
		}
		ck := fmt.Sprintf("%s|%v|%d", m.Act, m.SW2, m.Depth)
		a := by[ck]
		if a == nil {
			a = &acc{sw2: m.SW2, depth: m.Depth, act: m.Act}
			by[ck] = a
			order = append(order, ck)
		}
		switch {
		case r.Metric == "accuracy" && r.Split == "test":
			a.sum += r.Value
			a.n++
		case r.Metric == "diverged" && r.Value == 1:
			a.div++
		}
	}
	theory := map[string]*signal.Theory{}
	for _, ap := range plan.Acts {
		theory[ap.Act] = ap.Theory
	}
	out := map[string][]critCell{}
	scales := map[string]signal.DepthScales{}
	for _, ck := range order {
		a := by[ck]
		c := critCell{Act: a.act, SW2: a.sw2, Depth: float64(a.depth), Acc: math.NaN(), Diverged: a.div, N: a.n, Chi1: math.NaN(), XiC: math.NaN()}
		if a.n > 0 {
			c.Acc = a.sum / float64(a.n)
		}
		tk := fmt.Sprintf("%s|%v", a.act, a.sw2) // the theory does not depend on the depth
		ds, ok := scales[tk]
		if !ok {
			ds, ok = signal.DepthScales{Chi1: math.NaN(), XiC: math.NaN()}, true
			if d, err := theory[a.act].DepthScales(a.sw2, cfg.SB2); err == nil {
				ds = d
			}
			scales[tk] = ds
		}
		c.Chi1, c.XiC = ds.Chi1, ds.XiC
		out[a.act] = append(out[a.act], c)
	}
	for act := range out {
		slices.SortFunc(out[act], func(a, b critCell) int {
			if c := cmpFloat(a.Depth, b.Depth); c != 0 {
				return c
			}
			return cmpFloat(a.SW2, b.SW2)
		})
	}
	return out
}

// critTrainable is the accuracy above which a cell counts as trained (chance is 10%).
const critTrainable = 0.5

// critAgreement counts, for the cells within the theory's bound depth ≤ 6·ξ_c and beyond it, how
// many reached critTrainable. Cells without a finite q* (no ξ_c: the theory gives no bound) are
// left out.
func critAgreement(cells []critCell) (inOK, in, outOK, out int) {
	for _, c := range cells {
		if math.IsNaN(c.Acc) || math.IsNaN(c.XiC) {
			continue
		}
		inside := c.Depth <= 6*c.XiC
		ok := c.Acc >= critTrainable
		switch {
		case inside && ok:
			inOK++
			in++
		case inside:
			in++
		case ok:
			outOK++
			out++
		default:
			out++
		}
	}
	return
}

// critTrainTable renders the trainability grid as Markdown: per activation a table of test
// accuracy (%) with depths as rows and σ_w² as columns, χ₁ and 6·ξ_c beneath.
func critTrainTable(cfg critConfig, plan critPlanT, cells map[string][]critCell) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Trainability: test accuracy (%%) after %d SGD steps (lr %s, batch %d), width %d, σ_b² = %s, mean over %d seed(s)\n\n",
		plan.Steps, sweep.FormatFloat(cfg.LR), cfg.Batch, cfg.Width, sweep.FormatFloat(cfg.SB2), cfg.GridSeeds)
	b.WriteString("Cells beyond the theory's depth bound 6·ξ_c are in italics (where q* diverges, χ₁ and ξ_c are \"—\" and there is no bound); " +
		"\"div\" marks runs whose loss became NaN/Inf (evaluated with the weights at that point).\n\n")
	for _, ap := range plan.Acts {
		cs := cells[ap.Act]
		if len(cs) == 0 {
			continue
		}
		eoc := "no EOC at this σ_b² (" + ap.NoEOC + "); grid centred on σ_w² = " + sweep.FormatFloat(cfg.NoEOCCentre)
		if !math.IsNaN(ap.EOC) {
			eoc = "EOC at σ_w² = " + sig(ap.EOC, 4)
		}
		inOK, in, outOK, out := critAgreement(cs)
		fmt.Fprintf(&b, "#### `%s` — %s; trained (≥ %.0f%%): %d of %d cells within 6·ξ_c, %d of %d beyond\n\n",
			ap.Act, eoc, 100*critTrainable, inOK, in, outOK, out)
		b.WriteString("| depth \\ σ_w² |")
		for _, sw2 := range ap.SW2 {
			fmt.Fprintf(&b, " %s |", sweep.FormatFloat(sw2))
		}
		b.WriteString("\n| --- |" + strings.Repeat(" ---: |", len(ap.SW2)) + "\n")
		get := func(depth int, sw2 float64) (critCell, bool) {
			for _, c := range cs {
				if int(c.Depth) == depth && c.SW2 == sw2 {
					return c, true
				}
			}
			return critCell{}, false
		}
		for _, depth := range cfg.Depths {
			fmt.Fprintf(&b, "| %d |", depth)
			for _, sw2 := range ap.SW2 {
				c, ok := get(depth, sw2)
				if !ok || math.IsNaN(c.Acc) {
					b.WriteString(" — |")
					continue
				}
				cell := strconv.FormatFloat(100*c.Acc, 'f', 1, 64)
				if c.Diverged > 0 {
					cell += " div"
				}
				if float64(depth) > 6*c.XiC { // false for NaN: no bound without a finite q*
					cell = "_" + cell + "_"
				}
				fmt.Fprintf(&b, " %s |", cell)
			}
			b.WriteString("\n")
		}
		for _, line := range []struct {
			label string
			f     func(c critCell) float64
		}{{"χ₁", func(c critCell) float64 { return c.Chi1 }}, {"6·ξ_c", func(c critCell) float64 { return 6 * c.XiC }}} {
			fmt.Fprintf(&b, "| %s |", line.label)
			for _, sw2 := range ap.SW2 {
				v := math.NaN()
				for _, d := range cfg.Depths {
					if c, ok := get(d, sw2); ok {
						v = line.f(c)
						break
					}
				}
				fmt.Fprintf(&b, " %s |", sig(v, 3))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}
