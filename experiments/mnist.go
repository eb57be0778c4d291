package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/nn"
)

// mnistConfig is the typed configuration of the mnist command: the common flags plus its own.
type mnistConfig struct {
	config
	Models      []string // "mlp" (one per -hidden architecture) and/or "perceptron"
	Init        string   // weight initialiser, nn.ParseInit's name
	Subset      int      // train on the first Subset training images, evaluate on the first min(Subset, 10 000) validation and test images; 0: all
	SweepSeeds  int      // seeds of the learning-rate sweep (1..SweepSeeds); 0 means Seeds
	SweepEpochs int      // epochs of each sweep run; 0 means Epochs (the sweep's runs are then final runs of their seeds)
	MNISTDir    string   // folder of the four MNIST files; "" finds them (datasets.FindMNIST)
}

// mnistExtras are the presets of the mnist command's own flags.
type mnistExtras struct {
	Subset, SweepSeeds, SweepEpochs int
}

// mnistPresets: the default is the full run (the committed results/mnist, about 25 minutes on
// 2 cores for 16 activations); quick is the slice of it that the all command runs.
func mnistPresets() (presets, map[string]mnistExtras) {
	d := config{Seeds: 3, Epochs: 10, Hidden: [][]int{{256}}, Batch: 128, LRs: []float64{3e-4, 1e-3, 3e-3},
		Opt: "adam", Out: filepath.Join("results", "mnist"), Baseline: "relu"}
	q := d
	q.Seeds, q.Epochs, q.LRs, q.Out = 2, 3, []float64{1e-3}, filepath.Join("results", "quick", "mnist")
	full := mnistExtras{Subset: 0, SweepSeeds: 0, SweepEpochs: 0}
	return presets{Default: d, Quick: q, Full: d}, map[string]mnistExtras{
		"default": full, "full": full, "quick": {Subset: 10000, SweepSeeds: 1, SweepEpochs: 0},
	}
}

// mnistStream is the second PCG word of the MNIST runs' generators (weights, shuffling); the
// first is the run's seed, shared by every activation and learning rate (paired comparison).
const mnistStream = 0x6d6e6973 // "mnis"

const mnistUsage = `
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

example:
  go run ./experiments mnist
  go run ./experiments mnist -acts relu,tanh,quench-tanh -model mlp,perceptron
  go run ./experiments mnist -quick -acts relu,tanh -out /tmp/mnist`

// runMNIST is the mnist command.
func runMNIST(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	start, load := time.Now(), report.LoadAverage()
	fs := flag.NewFlagSet("mnist", flag.ContinueOnError)
	flagUsage(fs, stderr, "mnist", mnistUsage)
	p, extras := mnistPresets()
	common := addCommonFlags(fs, p, nn.OptimizerNames())
	d := extras["default"]
	models := fs.String("model", "mlp", "models: mlp (one per -hidden), perceptron; comma-separated")
	initName := fs.String("init", "glorot-uniform", "weight initialiser: "+strings.Join(nn.InitNames(), ", "))
	subset := fs.Int("subset", d.Subset, "train on the first N training images and evaluate on the first min(N, 10000) validation and test images (0: all; quick preset 10000)")
	sweepSeeds := fs.Int("sweep-seeds", d.SweepSeeds, "seeds of each learning rate in the sweep (0: -seeds, so the final runs are the sweep's)")
	sweepEpochs := fs.Int("sweep-epochs", d.SweepEpochs, "epochs of each sweep run (0: -epochs, and the sweep's runs count as final runs of their seeds)")
	mnistDir := fs.String("mnist-dir", "", "folder of the four MNIST .gz files (default: $"+datasets.MNISTDirEnv+", else the GoMNIST module in the module cache)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	base, err := common.resolve()
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	e := extras[base.Preset]
	pick := func(name string, v *int, preset int) int {
		if set[name] {
			return *v
		}
		return preset
	}
	cfg := mnistConfig{config: base, Init: *initName, MNISTDir: *mnistDir,
		Subset: pick("subset", subset, e.Subset), SweepSeeds: pick("sweep-seeds", sweepSeeds, e.SweepSeeds),
		SweepEpochs: pick("sweep-epochs", sweepEpochs, e.SweepEpochs)}
	if cfg.Models, err = parseModels(*models); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	if _, err := nn.ParseInit(cfg.Init); err != nil {
		return fmt.Errorf("mnist: -init: %w", err)
	}
	switch {
	case cfg.Subset < 0:
		return fmt.Errorf("mnist: -subset = %d, want ≥ 0 (0: all images)", cfg.Subset)
	case cfg.SweepSeeds < 0:
		return fmt.Errorf("mnist: -sweep-seeds = %d, want ≥ 1, or 0 for -seeds", cfg.SweepSeeds)
	case cfg.SweepEpochs < 0:
		return fmt.Errorf("mnist: -sweep-epochs = %d, want ≥ 1, or 0 for -epochs", cfg.SweepEpochs)
	}
	if cfg.SweepEpochs == 0 {
		cfg.SweepEpochs = cfg.Epochs
	}
	if cfg.SweepSeeds == 0 {
		cfg.SweepSeeds = cfg.Seeds
	}
	if err := sweep.CheckDir(cfg.Out); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	data, err := loadMNISTData(cfg)
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	fmt.Fprintf(stderr, "mnist: %d training, %d validation, %d test images from %s\n", data.train.N, data.val.N, data.test.N, data.dir)

	var sweepJobs []sweep.Job
	var sweepRecs []sweep.Record
	var sweepDone int
	if len(cfg.LRs) > 1 {
		sweepJobs = mnistJobs(cfg, data, nil)
		var recs []sweep.Record
		var sweepStats sweep.Stats
		recs, sweepStats, err = sweep.Run(ctx, sweepJobs, sweep.Options{Dir: cfg.Out, Workers: cfg.Workers, Label: "mnist sweep", Progress: stderr})
		if err != nil {
			return fmt.Errorf("mnist: learning-rate sweep: %w", err)
		}
		sweepRecs = recs
		sweepDone = sweepStats.Done
	}
	chosen := chooseLRs(cfg, sweepRecs)
	finalJobs := mnistJobs(cfg, data, chosen)
	recs, st, err := sweep.Run(ctx, finalJobs, sweep.Options{Dir: cfg.Out, Workers: cfg.Workers, Label: "mnist", Progress: stderr})
	if err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	// The sweep's runs at the chosen rates are final runs too: count every distinct run once.
	all := map[string]bool{}
	for _, j := range append(slices.Clone(sweepJobs), finalJobs...) {
		all[j.Key.String()] = true
	}
	st.Total, st.Done = len(all), st.Done+sweepDone
	st.Skipped = st.Total - st.Done
	return mnistReport(stdout, cfg, args, recs, sweepRecs, chosen, st, start, load)
}

// mnistData is the data of a sweep, converted once for every run.
type mnistData struct {
	train, val, test nn.Data
	dir              string
}

func loadMNISTData(cfg mnistConfig) (*mnistData, error) {
	m, err := datasets.LoadMNIST(cfg.MNISTDir, datasets.MNISTSplitSeed)
	if err != nil {
		return nil, err
	}
	train, val, test := m.Train, m.Val, m.Test
	if cfg.Subset > 0 {
		if train, err = train.First(cfg.Subset); err != nil {
			return nil, err
		}
		if val, err = val.First(cfg.Subset); err != nil {
			return nil, err
		}
		if test, err = test.First(cfg.Subset); err != nil {
			return nil, err
		}
	}
	data := func(s *datasets.Set) nn.Data { return nn.Data{N: s.N, D: s.D, X32: s.X, Labels: s.Y} }
	return &mnistData{train: data(train), val: data(val), test: data(test), dir: m.Dir}, nil
}

// mnistArch is one network of the sweep: its model name, hidden sizes and Arch for an activation.
type mnistArch struct {
	model  string
	hidden []int
}

func (a mnistArch) arch(act string) nn.Arch {
	var ar nn.Arch
	if a.model == "perceptron" {
		ar = nn.Perceptron(datasets.MNISTPixels, datasets.MNISTClasses, act)
	} else {
		ar = nn.MLP(datasets.MNISTPixels, a.hidden, datasets.MNISTClasses, act)
	}
	ar.Dtype = nn.Float32
	return ar
}

// group is the key of a (model, hidden, activation) group, the unit of the learning-rate choice.
func lrGroup(model, hidden, act string) string { return model + "|" + hidden + "|" + act }

func (cfg mnistConfig) archs() []mnistArch {
	var out []mnistArch
	for _, m := range cfg.Models {
		if m == "perceptron" {
			out = append(out, mnistArch{model: m})
			continue
		}
		for _, h := range cfg.Hidden {
			out = append(out, mnistArch{model: m, hidden: h})
		}
	}
	return out
}

// settings are the runs' settings beyond the key's columns: a subset, a non-default
// initialiser; none for the standard run.
func (cfg mnistConfig) settings() sweep.Settings {
	s := sweep.Settings{Subset: cfg.Subset}
	if cfg.Init != "glorot-uniform" {
		s.Init = cfg.Init
	}
	return s
}

// mnistJobs lists the sweep's runs when chosen is nil (every activation × learning rate × sweep
// seed, SweepEpochs epochs), else the final runs: every activation at its chosen learning rate ×
// seed, Epochs epochs. Both are the same kind of run, with the same key for the same settings,
// so a final run that the sweep already made is skipped by the runner.
func mnistJobs(cfg mnistConfig, data *mnistData, chosen map[string]float64) []sweep.Job {
	init, _ := nn.ParseInit(cfg.Init) // checked by runMNIST
	var jobs []sweep.Job
	for _, a := range cfg.archs() {
		for _, act := range cfg.Acts {
			arch := a.arch(act)
			hidden := sweep.FormatHidden(a.hidden)
			lrs, seeds, epochs := cfg.LRs, cfg.SweepSeeds, cfg.SweepEpochs
			if chosen != nil {
				lrs, seeds, epochs = []float64{chosen[lrGroup(a.model, hidden, act)]}, cfg.Seeds, cfg.Epochs
			}
			for _, lr := range lrs {
				for seed := 1; seed <= seeds; seed++ {
					k := sweep.Key{Experiment: "mnist", Model: a.model, Activation: act, Seed: seed, LR: lr, Hidden: hidden,
						Batch: cfg.Batch, Opt: cfg.Opt, Epochs: epochs, Settings: cfg.settings()}
					opt := nn.OptimizerConfig{Name: cfg.Opt, LearningRate: lr}
					jobs = append(jobs, sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
						return mnistRun(ctx, report, k, arch, init, opt, data)
					}})
				}
			}
		}
	}
	return jobs
}

// mnistRun trains one network and returns per epoch the training loss and accuracy (means over
// the epoch's batches) and the validation loss and accuracy; the test loss and accuracy after
// the last epoch; diverged (0/1) and seconds_per_epoch (training pass and validation, the mean
// over epochs). A diverged run stops at the NaN batch; its test metrics are those of the
// weights at that point.
func mnistRun(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig, data *mnistData) ([]sweep.Row, error) {
	rng := rand.New(rand.NewPCG(k.RNGSeed(), mnistStream))
	model, err := nn.NewModel(arch, init, rng)
	if err != nil {
		return nil, err
	}
	var rows []sweep.Row
	var seconds []float64
	last := 0
	tr, err := nn.NewTrainer(model, nn.TrainConfig{Loss: nn.SoftmaxCrossEntropy, Optimizer: opt, BatchSize: k.Batch, Epochs: k.Epochs,
		OnEpoch: func(em nn.EpochMetrics) error {
			last = em.Epoch
			seconds = append(seconds, em.Seconds)
			rows = append(rows,
				sweep.Row{Epoch: em.Epoch, Split: "train", Metric: "loss", Value: em.TrainLoss},
				sweep.Row{Epoch: em.Epoch, Split: "train", Metric: "accuracy", Value: em.TrainAcc},
				sweep.Row{Epoch: em.Epoch, Split: "val", Metric: "loss", Value: em.ValLoss},
				sweep.Row{Epoch: em.Epoch, Split: "val", Metric: "accuracy", Value: em.ValAcc})
			report(em.Epoch, k.Epochs, em.TrainLoss)
			return nil
		}}, rng)
	if err != nil {
		return nil, err
	}
	_, err = tr.Fit(ctx, data.train, data.val)
	diverged, err := sweep.FitOutcome(ctx, err)
	if err != nil {
		return nil, err
	}
	end := max(last, 1)
	if diverged == 1 {
		end = last + 1 // the epoch it diverged in
	}
	loss, acc, err := tr.Evaluate(data.test)
	if err != nil {
		return nil, err
	}
	rows = append(rows, sweep.Row{Epoch: end, Split: "test", Metric: "loss", Value: loss},
		sweep.Row{Epoch: end, Split: "test", Metric: "accuracy", Value: acc})
	perEpoch := math.NaN()
	if len(seconds) > 0 {
		perEpoch = stats.Mean(seconds)
	}
	return append(rows, sweep.Row{Epoch: end, Metric: "diverged", Value: diverged},
		sweep.Row{Epoch: end, Metric: sweep.MetricSecondsPerEpoch, Value: perEpoch}), nil
}

// lrScore is a learning rate's sweep result for one group: the mean final validation accuracy
// over its sweep seeds, −Inf if any of them diverged.
type lrScore struct {
	LR       float64
	ValAcc   float64 // mean over seeds of the validation accuracy after the last sweep epoch
	Diverged int     // sweep runs that diverged
	N        int     // sweep runs
}

// sweepScores collects the sweep's scores per group (lrGroup), one per learning rate in cfg.LRs
// order.
func sweepScores(cfg mnistConfig, recs []sweep.Record) map[string][]lrScore {
	type acc struct {
		vals     map[string]float64 // run → val accuracy at the last sweep epoch
		diverged map[string]bool
	}
	by := map[string]map[float64]*acc{}
	for _, r := range recs {
		g := lrGroup(r.Key.Model, r.Key.Hidden, r.Key.Activation)
		if by[g] == nil {
			by[g] = map[float64]*acc{}
		}
		a := by[g][r.Key.LR]
		if a == nil {
			a = &acc{vals: map[string]float64{}, diverged: map[string]bool{}}
			by[g][r.Key.LR] = a
		}
		run := r.Key.String()
		switch {
		case r.Metric == "accuracy" && r.Split == "val" && r.Epoch == r.Key.Epochs:
			a.vals[run] = r.Value
		case r.Metric == "diverged" && r.Value == 1:
			a.diverged[run] = true
		}
	}
	out := map[string][]lrScore{}
	for g, m := range by {
		for _, lr := range cfg.LRs {
			a := m[lr]
			s := lrScore{LR: lr, ValAcc: math.Inf(-1)}
			if a != nil {
				s.Diverged, s.N = len(a.diverged), len(a.vals)+len(a.diverged)
				if len(a.diverged) == 0 && len(a.vals) > 0 {
					var v []float64
					for _, x := range a.vals {
						v = append(v, x)
					}
					s.ValAcc = stats.Mean(v)
				}
			}
			out[g] = append(out[g], s)
		}
	}
	return out
}

// chooseLRs returns the learning rate of every group: the only one without a sweep; else the
// one with the best mean final validation accuracy, a diverged rate counting as the worst, ties
// to the smaller rate (and if every rate diverged, the smallest).
func chooseLRs(cfg mnistConfig, sweepRecs []sweep.Record) map[string]float64 {
	scores := sweepScores(cfg, sweepRecs)
	out := map[string]float64{}
	for _, a := range cfg.archs() {
		for _, act := range cfg.Acts {
			g := lrGroup(a.model, sweep.FormatHidden(a.hidden), act)
			if len(cfg.LRs) == 1 {
				out[g] = cfg.LRs[0]
				continue
			}
			best := lrScore{LR: slices.Min(cfg.LRs), ValAcc: math.Inf(-1)}
			for _, s := range scores[g] {
				if s.ValAcc > best.ValAcc || (s.ValAcc == best.ValAcc && s.LR < best.LR) {
					best = s
				}
			}
			out[g] = best.LR
		}
	}
	return out
}

// sweepTable renders the sweep as Markdown: per model, a row per activation and a column per
// learning rate holding the mean final validation accuracy, the chosen rate in bold.
func sweepTable(cfg mnistConfig, sweepRecs []sweep.Record, chosen map[string]float64) string {
	if len(cfg.LRs) < 2 {
		return ""
	}
	scores := sweepScores(cfg, sweepRecs)
	var b strings.Builder
	for _, a := range cfg.archs() {
		hidden := sweep.FormatHidden(a.hidden)
		name := a.model
		if hidden != "" {
			name += " " + hidden
		}
		fmt.Fprintf(&b, "### Learning-rate sweep — %s: validation accuracy (%%) after %d epoch(s), mean over seeds 1..%d (chosen in bold)\n\n",
			name, cfg.SweepEpochs, cfg.SweepSeeds)
		b.WriteString("| activation |")
		for _, lr := range cfg.LRs {
			fmt.Fprintf(&b, " lr %s |", sweep.FormatFloat(lr))
		}
		b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(cfg.LRs)) + "\n")
		for _, act := range cfg.Acts {
			g := lrGroup(a.model, hidden, act)
			fmt.Fprintf(&b, "| `%s` |", act)
			for _, s := range scores[g] {
				var cell string
				switch {
				case s.Diverged > 0:
					cell = fmt.Sprintf("diverged (%d of %d)", s.Diverged, s.N)
				case math.IsInf(s.ValAcc, -1):
					cell = "—"
				default:
					cell = strconv.FormatFloat(100*s.ValAcc, 'f', 2, 64)
				}
				if s.LR == chosen[g] {
					cell = "**" + cell + "**"
				}
				fmt.Fprintf(&b, " %s |", cell)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// mnistProtocol describes what was run, for the summary header and the README.
func mnistProtocol(cfg mnistConfig) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Models: %s (float32), hidden %s; %d activations; %s, batch %d, softmax cross-entropy, init %s (biases 0). ",
		strings.Join(cfg.Models, ", "), formatArchs(cfg.Hidden), len(cfg.Acts), cfg.Opt, cfg.Batch, cfg.Init)
	if cfg.Subset > 0 {
		fmt.Fprintf(&b, "Subset: the first %d training images, the first min(%d, 10000) validation and test images. ", cfg.Subset, cfg.Subset)
	} else {
		b.WriteString("Data: 50 000 training images, 10 000 validation images (held out of the 60 000 by the fixed split seed 1), 10 000 test images. ")
	}
	if len(cfg.LRs) > 1 {
		fmt.Fprintf(&b, "Learning rate chosen per activation on the validation split only: every rate of {%s} trained with seeds 1..%d for %d epoch(s); "+
			"the best mean validation accuracy after the last sweep epoch wins (diverged = worst, ties → smaller rate). "+
			"Then seeds 1..%d for %d epochs at the chosen rate (a sweep run with the same seed, rate and epochs is reused, not retrained); "+
			"the test accuracy of each run is measured once, at the end, and only the chosen rate's runs enter the table. ",
			formatFloats(cfg.LRs), cfg.SweepSeeds, cfg.SweepEpochs, cfg.Seeds, cfg.Epochs)
	} else {
		fmt.Fprintf(&b, "Learning rate fixed at %s (no sweep); seeds 1..%d, %d epochs, tested once at the end. ", sweep.FormatFloat(cfg.LRs[0]), cfg.Seeds, cfg.Epochs)
	}
	b.WriteString("Test accuracy: mean ± sample std over seeds, 95% t interval of the mean, Welch's t-test against the baseline (~ = not significant at 5%). " +
		"s/epoch: wall time of one epoch's training pass and validation, mean over epochs and seeds, with the other runs of the sweep in parallel.")
	return b.String()
}

// mnistReport writes the summaries, the plots and the README.
func mnistReport(stdout io.Writer, cfg mnistConfig, args []string, recs, sweepRecs []sweep.Record, chosen map[string]float64, st sweep.Stats, start time.Time, load string) error {
	lrHow := "chosen on validation"
	if len(cfg.LRs) == 1 {
		lrHow = "fixed"
	}
	spec := report.Spec{
		Title:  fmt.Sprintf("MNIST test accuracy after %d epochs, learning rate %s", cfg.Epochs, lrHow),
		Metric: "accuracy", Split: "test", Label: "test accuracy (%)", Scale: 100, Decimals: 2, Higher: true, Baseline: cfg.Baseline,
		Extras: []report.Extra{
			{Label: "val accuracy (%)", Metric: "accuracy", Split: "val", Scale: 100, Decimals: 2},
			{Label: "diverged (%)", Metric: "diverged", Scale: 100, Decimals: 0},
		},
	}
	rows := report.Summarize(recs, spec)
	protocol := mnistProtocol(cfg)
	runs := fmt.Sprintf("Runs: %d (%d trained now, %d already in runs.csv).", st.Total, st.Done, st.Skipped)
	note := report.DivergedNote(unionRecords(sweepRecs, recs))
	header := report.Header(report.CommandLine("mnist", args), start) + "\n" + protocol + "\n\n" + runs + " " + note + "\n\n" + sweepTable(cfg, sweepRecs, chosen)
	if err := report.Write(cfg.Out, stdout, header, []report.Table{{Spec: spec, Rows: rows}}); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	plots, err := mnistPlots(cfg, recs, rows)
	if err != nil {
		return fmt.Errorf("mnist: plots: %w", err)
	}
	var pl strings.Builder
	pl.WriteString("Tables: [summary.md](summary.md).")
	for _, p := range plots {
		fmt.Fprintf(&pl, "\n\n![%s](%s.png)", p, p)
	}
	rd := report.Readme{Title: "MNIST: MLPs per activation", Header: report.Header(report.CommandLine("mnist", args), start), LoadFrom: load,
		Protocol: protocol, Notes: runs + "\n\n" + note + "\n\n" + pl.String()}
	if err := rd.Write(cfg.Out); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	return nil
}

// mnistPlots draws per model the validation-accuracy learning curves (mean ± std over seeds, at
// each activation's chosen learning rate) and the test accuracies with their 95% intervals, in
// the summary's order; it returns the plots' base names.
func mnistPlots(cfg mnistConfig, recs []sweep.Record, rows []report.Row) ([]string, error) {
	var names []string
	for _, a := range cfg.archs() {
		hidden := sweep.FormatHidden(a.hidden)
		name := a.model
		title := "perceptron softmax(f(x·W + b))"
		if a.model == "mlp" {
			name += "_" + strings.ReplaceAll(hidden, ",", "_")
			title = "MLP 784-" + strings.ReplaceAll(hidden, ",", "-") + "-10"
		}
		var sec []sweep.Record
		for _, r := range recs {
			if r.Key.Model == a.model && r.Key.Hidden == hidden {
				sec = append(sec, r)
			}
		}
		curves := plots.CurvesFrom(sec, "accuracy", "val", func(k sweep.Key) string { return k.Activation })
		for i := range curves {
			for j := range curves[i].Mean {
				curves[i].Mean[j] *= 100
				curves[i].Std[j] *= 100
			}
		}
		if len(curves) > 0 {
			base := "mnist_val_curves_" + name
			if err := plots.LearningCurves(filepath.Join(cfg.Out, base), title+": validation accuracy (mean ± std over seeds)",
				"epoch", "validation accuracy (%)", curves); err != nil {
				return nil, err
			}
			names = append(names, base)
		}
		var pts []plots.Point
		for _, r := range rows {
			if r.Model == a.model && r.Hidden == hidden {
				pts = append(pts, plots.Point{Label: r.Activation + " (lr " + r.LR + ")", Value: 100 * r.Stat.Mean, Lo: 100 * r.Stat.Lo, Hi: 100 * r.Stat.Hi})
			}
		}
		if len(pts) > 0 {
			base := "mnist_test_accuracy_" + name
			if err := plots.PointsWithErrors(filepath.Join(cfg.Out, base),
				fmt.Sprintf("%s: test accuracy after %d epochs (mean, 95%% CI, %d seeds)", title, cfg.Epochs, cfg.Seeds),
				"test accuracy (%)", pts); err != nil {
				return nil, err
			}
			names = append(names, base)
		}
	}
	return names, nil
}

// unionRecords returns the records of a and of the runs of b that are not in a (the sweep and
// the final runs share the runs at the chosen rates).
func unionRecords(a, b []sweep.Record) []sweep.Record {
	in := map[string]bool{}
	for _, r := range a {
		in[r.Key.String()] = true
	}
	out := slices.Clone(a)
	for _, r := range b {
		if !in[r.Key.String()] {
			out = append(out, r)
		}
	}
	return out
}
