package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/nn"
)

// xorConfig is the typed configuration of the xor command: the common flags plus its own.
type xorConfig struct {
	config
	Models      []string // "perceptron" and/or "mlp" (one MLP per -hidden architecture)
	Init        string   // weight initialiser, nn.ParseInit's name
	Control     bool     // also train the perceptron on AND, which it can separate
	NoisyEpochs int      // epochs of the noisy-XOR runs of every MLP; 0 skips them
}

// xorPresets: the default is the full run (100 seeds, the committed results/xor); quick is the
// slice of it that the all command runs.
func xorPresets() presets {
	d := config{Seeds: 100, Epochs: 1000, Hidden: [][]int{{2}, {4}}, Batch: 256, LRs: []float64{0.05},
		Opt: "adam", Out: filepath.Join("results", "xor"), Baseline: "relu"}
	q := d
	q.Seeds, q.Out = 20, filepath.Join("results", "quick", "xor")
	return presets{Default: d, Quick: q, Full: d}
}

// xorStream is the second PCG word of the XOR runs' generators (weights, shuffling); the first
// is the run's seed, shared by every activation (paired comparison).
const xorStream = 0x786f72 // "xor"

// xorTask is one of the problems of the command.
type xorTask struct {
	Name    string // "xor", "and", "noisy-xor"
	Setting string // the runs' sweep.Settings.Task: "" for XOR itself, else Name
}

var (
	taskXOR      = xorTask{"xor", ""}
	taskAND      = xorTask{"and", "and"}
	taskNoisyXOR = xorTask{"noisy-xor", "noisy-xor"}
)

const xorUsage = `
Trains, for every activation (default: every registered one), a perceptron and MLPs 2-2-1 and
2-4-1 on the four XOR points, over many seeds (runs use seeds 1..n; a seed gives every
activation the same initial weight draw), and reports the success rate (all four points right)
with its Wilson 95% interval, the epochs to success (median [Q1, Q3] over the successful runs)
and the final training loss; the difference of each success rate to the baseline's is tested
with a two-proportion z-test.

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
noisy_xor_accuracy (PNG and SVG).

example:
  go run ./experiments xor
  go run ./experiments xor -quick -acts tanh,relu,quench-tanh -out /tmp/xor`

// runXOR is the xor command.
func runXOR(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	start, load := time.Now(), report.LoadAverage()
	fs := flag.NewFlagSet("xor", flag.ContinueOnError)
	flagUsage(fs, stderr, "xor", xorUsage)
	common := addCommonFlags(fs, xorPresets(), nn.OptimizerNames())
	models := fs.String("model", "perceptron,mlp", "models: perceptron, mlp (one per -hidden), comma-separated")
	initName := fs.String("init", "glorot-uniform", "weight initialiser: "+strings.Join(nn.InitNames(), ", "))
	control := fs.Bool("control", true, "also train the perceptron on AND, a linearly separable control")
	noisy := fs.Int("noisy-epochs", 100, "epochs of the noisy-XOR runs of the MLPs (0: skip them)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	base, err := common.resolve()
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	cfg := xorConfig{config: base, Init: *initName, Control: *control, NoisyEpochs: *noisy}
	if cfg.Models, err = parseModels(*models); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	if _, err := nn.ParseInit(cfg.Init); err != nil {
		return fmt.Errorf("xor: -init: %w", err)
	}
	if cfg.NoisyEpochs < 0 {
		return fmt.Errorf("xor: -noisy-epochs = %d, want ≥ 0", cfg.NoisyEpochs)
	}
	if err := sweep.CheckDir(cfg.Out); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	jobs, err := xorJobs(cfg)
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	recs, st, err := sweep.Run(ctx, jobs, sweep.Options{Dir: cfg.Out, Workers: cfg.Workers, Label: "xor", Progress: stderr})
	if err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	return xorReport(stdout, cfg, args, recs, st, start, load)
}

// xorJobs lists the runs of cfg: per activation, seed and learning rate, the perceptron on XOR
// (and on AND with Control), an MLP per hidden architecture on XOR, and on noisy XOR.
func xorJobs(cfg xorConfig) ([]sweep.Job, error) {
	init, err := nn.ParseInit(cfg.Init)
	if err != nil {
		return nil, err
	}
	xor := datasets.XOR()
	and := &datasets.Set{X: xor.X, Y: []int{0, 0, 0, 1}, N: 4, D: 2, Classes: 2}
	type spec struct {
		task  xorTask
		model string
		arch  func(act string) nn.Arch
		loss  nn.Loss
		data  *datasets.Set
	}
	var specs []spec
	for _, m := range cfg.Models {
		if m == "perceptron" {
			p := func(act string) nn.Arch { return nn.Perceptron(2, 1, act) }
			specs = append(specs, spec{taskXOR, m, p, nn.MSE, xor})
			if cfg.Control {
				specs = append(specs, spec{taskAND, m, p, nn.MSE, and})
			}
			continue
		}
		for _, h := range cfg.Hidden {
			a := func(act string) nn.Arch { return nn.MLP(2, h, 1, act) }
			specs = append(specs, spec{taskXOR, m, a, nn.BinaryCrossEntropy, xor})
			if cfg.NoisyEpochs > 0 {
				specs = append(specs, spec{taskNoisyXOR, m, a, nn.BinaryCrossEntropy, nil})
			}
		}
	}
	var jobs []sweep.Job
	for _, s := range specs {
		for _, act := range cfg.Acts {
			for _, lr := range cfg.LRs {
				for seed := 1; seed <= cfg.Seeds; seed++ {
					arch := s.arch(act)
					epochs := cfg.Epochs
					if s.task == taskNoisyXOR {
						epochs = cfg.NoisyEpochs
					}
					k := sweep.Key{Experiment: "xor", Model: s.model, Activation: act, Seed: seed, LR: lr,
						Hidden: sweep.FormatHidden(arch.Hidden), Batch: cfg.Batch, Opt: cfg.Opt, Epochs: epochs,
						Settings: sweep.Settings{Task: s.task.Setting, ByLR: len(cfg.LRs) > 1}} // a learning-rate sweep: one table section per rate
					if cfg.Init != "glorot-uniform" {
						k.Settings.Init = cfg.Init
					}
					opt := nn.OptimizerConfig{Name: cfg.Opt, LearningRate: lr}
					task, loss, data := s.task, s.loss, s.data
					jobs = append(jobs, sweep.Job{Key: k, Run: func(ctx context.Context, report sweep.Report) ([]sweep.Row, error) {
						if task == taskNoisyXOR {
							return noisyXORRun(ctx, report, k, arch, init, opt)
						}
						return xorRun(ctx, report, k, arch, init, opt, loss, data)
					}})
				}
			}
		}
	}
	return jobs, nil
}

// errStop ends a Fit early from its OnEpoch callback; it is not an error of the run.
var errStop = errors.New("stop")

// xorRun trains one network on the four points until all four are right or k.Epochs epochs
// have passed, and returns its rows: success (0/1), epochs_to_success (successful runs only),
// the training loss and accuracy of the final weights, diverged (0/1) and seconds_per_epoch.
//
// With the full batch the training pass of epoch e is evaluated on the weights after e − 1
// updates, before its own step: so the trainer runs up to Epochs + 1 passes and the success is
// read from those passes, with no separate evaluation. With smaller batches the weights are
// evaluated after every epoch.
func xorRun(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig, loss nn.Loss, s *datasets.Set) ([]sweep.Row, error) {
	rng := rand.New(rand.NewPCG(k.RNGSeed(), xorStream))
	model, err := nn.NewModel(arch, init, rng)
	if err != nil {
		return nil, err
	}
	data := nn.Data{N: s.N, D: s.D, X32: s.X, Labels: s.Y}
	batch := min(k.Batch, s.N)
	full := batch == s.N
	var (
		tr              *nn.Trainer
		updates, passes int
		lastLoss        = math.NaN()
		lastAcc         float64
		solved          bool
	)
	onEpoch := func(em nn.EpochMetrics) error {
		passes = em.Epoch
		if full {
			updates, lastLoss, lastAcc = em.Epoch-1, em.TrainLoss, em.TrainAcc
		} else {
			var err error
			updates = em.Epoch
			if lastLoss, lastAcc, err = tr.Evaluate(data); err != nil {
				return err
			}
		}
		report(updates, k.Epochs, lastLoss)
		if lastAcc == 1 {
			solved = true
			return errStop
		}
		if updates >= k.Epochs {
			return errStop
		}
		return nil
	}
	epochs := k.Epochs
	if full {
		epochs++
	}
	tr, err = nn.NewTrainer(model, nn.TrainConfig{Loss: loss, Optimizer: opt, BatchSize: batch, Epochs: epochs, OnEpoch: onEpoch}, rng)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	_, err = tr.Fit(ctx, data, nn.Data{})
	wall := time.Since(start).Seconds()
	diverged := 0.0
	switch {
	case err == nil || errors.Is(err, errStop):
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, nn.ErrDiverged):
		diverged, solved, lastLoss = 1, false, math.NaN()
	default:
		return nil, err
	}
	rows := []sweep.Row{
		{Epoch: updates, Metric: "success", Value: b2f(solved)},
		{Epoch: updates, Split: "train", Metric: "loss", Value: lastLoss},
		{Epoch: updates, Split: "train", Metric: "accuracy", Value: lastAcc},
		{Epoch: updates, Metric: "diverged", Value: diverged},
		{Epoch: updates, Metric: sweep.MetricSecondsPerEpoch, Value: wall / float64(max(passes, 1))},
	}
	if solved {
		rows = append(rows, sweep.Row{Epoch: updates, Metric: "epochs_to_success", Value: float64(updates)})
	}
	return rows, nil
}

// noisyXOR is the data of the noisy-XOR runs: datasets.DefaultNoisyXOR with the run's seed.
func noisyXOR(seed int) (train, test *datasets.Set, err error) {
	c := datasets.DefaultNoisyXOR
	c.Seed = uint64(seed)
	return datasets.NoisyXOR(c)
}

// noisyXORRun trains an MLP on a noisy XOR for k.Epochs epochs and returns the training loss and
// accuracy of the last epoch, the test loss and accuracy, diverged and seconds_per_epoch.
func noisyXORRun(ctx context.Context, report sweep.Report, k sweep.Key, arch nn.Arch, init nn.Init, opt nn.OptimizerConfig) ([]sweep.Row, error) {
	trainSet, testSet, err := noisyXOR(k.Seed)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(k.RNGSeed(), xorStream))
	model, err := nn.NewModel(arch, init, rng)
	if err != nil {
		return nil, err
	}
	train := nn.Data{N: trainSet.N, D: 2, X32: trainSet.X, Labels: trainSet.Y}
	test := nn.Data{N: testSet.N, D: 2, X32: testSet.X, Labels: testSet.Y}
	var last nn.EpochMetrics
	last.TrainLoss = math.NaN()
	tr, err := nn.NewTrainer(model, nn.TrainConfig{Loss: nn.BinaryCrossEntropy, Optimizer: opt, BatchSize: min(k.Batch, train.N),
		Epochs: k.Epochs, OnEpoch: func(em nn.EpochMetrics) error {
			last = em
			report(em.Epoch, k.Epochs, em.TrainLoss)
			return nil
		}}, rng)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	_, err = tr.Fit(ctx, train, nn.Data{})
	wall := time.Since(start).Seconds()
	diverged, err := sweep.FitOutcome(ctx, err)
	if err != nil {
		return nil, err
	}
	testLoss, testAcc, err := tr.Evaluate(test)
	if err != nil {
		return nil, err
	}
	e := max(last.Epoch, 1)
	return []sweep.Row{
		{Epoch: e, Split: "train", Metric: "loss", Value: last.TrainLoss},
		{Epoch: e, Split: "train", Metric: "accuracy", Value: last.TrainAcc},
		{Epoch: e, Split: "test", Metric: "loss", Value: testLoss},
		{Epoch: e, Split: "test", Metric: "accuracy", Value: testAcc},
		{Epoch: e, Metric: "diverged", Value: diverged},
		{Epoch: e, Metric: sweep.MetricSecondsPerEpoch, Value: wall / float64(e)},
	}, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// xorSections splits the records into the XOR/AND runs and the noisy-XOR runs.
func xorSections(recs []sweep.Record) (clean, noisy []sweep.Record) {
	for _, r := range recs {
		if r.Key.Settings.Task == taskNoisyXOR.Setting {
			noisy = append(noisy, r)
		} else {
			clean = append(clean, r)
		}
	}
	return clean, noisy
}

// xorSpecs are the two summary tables.
func xorSpecs(cfg xorConfig) (success, noisy report.Spec) {
	diverged := report.Extra{Label: "diverged (%)", Metric: "diverged", Scale: 100, Decimals: 0}
	success = report.Spec{
		Title:  fmt.Sprintf("XOR success rate (all 4 points right within %d epochs)", cfg.Epochs),
		Metric: "success", Label: "success (%)", Scale: 100, Decimals: 1, Higher: true, Proportion: true,
		Baseline: cfg.Baseline,
		Extras: []report.Extra{
			{Label: "epochs to success, median [Q1, Q3]", Metric: "epochs_to_success", Median: true, Decimals: 0},
			{Label: "final train loss", Metric: "loss", Split: "train", Decimals: 3},
			diverged,
		},
	}
	noisy = report.Spec{
		Title:  fmt.Sprintf("Noisy XOR test accuracy after %d epochs", cfg.NoisyEpochs),
		Metric: "accuracy", Split: "test", Label: "test accuracy (%)", Scale: 100, Decimals: 1, Higher: true,
		Baseline: cfg.Baseline,
		Extras: []report.Extra{
			{Label: "train accuracy (%)", Metric: "accuracy", Split: "train", Scale: 100, Decimals: 1},
			diverged,
		},
	}
	return success, noisy
}

// xorReport writes the summaries, the plots and the README of a finished sweep.
func xorReport(stdout io.Writer, cfg xorConfig, args []string, recs []sweep.Record, st sweep.Stats, start time.Time, load string) error {
	clean, noisy := xorSections(recs)
	successSpec, noisySpec := xorSpecs(cfg)
	tables := []report.Table{{Spec: successSpec, Rows: report.Summarize(clean, successSpec)}}
	if len(noisy) > 0 {
		tables = append(tables, report.Table{Spec: noisySpec, Rows: report.Summarize(noisy, noisySpec)})
	}
	protocol := fmt.Sprintf("Activations: %d; seeds 1..%d; optimiser %s, lr %s, init %s, batch %d (≥ 4: full batch); at most %d epochs with early stop at success. "+
		"Perceptron: y = f(w·x + b), squared error on the 0/1 label, right when |y − label| < ½ (AND: linearly separable control). "+
		"MLPs: linear output, binary cross-entropy on the logit, right when the logit has the label's sign. "+
		"Success rates: Wilson 95%% interval; Δ vs baseline: two-proportion z-test (~ = not significant at 5%%). "+
		"Noisy XOR: 200 train / 200 test points, σ = 0.2 (a new draw per seed), %d full-batch epochs.",
		len(cfg.Acts), cfg.Seeds, cfg.Opt, formatFloats(cfg.LRs), cfg.Init, cfg.Batch, cfg.Epochs, cfg.NoisyEpochs)
	runs := fmt.Sprintf("Runs: %d (%d trained now, %d already in runs.csv).", st.Total, st.Done, st.Skipped)
	note := report.DivergedNote(recs)
	header := report.Header(report.CommandLine("xor", args), start) + "\n" + protocol + "\n\n" + runs + " " + note
	if err := report.Write(cfg.Out, stdout, header, tables); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	if err := xorPlots(cfg, tables); err != nil {
		return fmt.Errorf("xor: plots: %w", err)
	}
	plots := "Tables: [summary.md](summary.md).\n\n![success rates](xor_success.png)\n\n![epochs to success](xor_epochs.png)"
	if len(noisy) > 0 {
		plots += "\n\n![noisy XOR test accuracy](noisy_xor_accuracy.png)"
	}
	rd := report.Readme{Title: "XOR: perceptrons and MLPs per activation", Header: report.Header(report.CommandLine("xor", args), start), LoadFrom: load,
		Protocol: protocol, Notes: runs + "\n\n" + note + "\n\n" + plots}
	if err := rd.Write(cfg.Out); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	return nil
}

// xorSeriesLabel names a table section in the plots' legends.
func xorSeriesLabel(r report.Row) string {
	var s string
	switch r.Model {
	case "perceptron":
		s = "perceptron"
	default:
		s = "MLP 2-" + strings.ReplaceAll(r.Hidden, ",", "-") + "-1"
	}
	for _, kv := range strings.Split(r.Variant, ";") {
		switch {
		case kv == "":
		case kv == "task="+taskAND.Setting:
			s += " on AND (control)"
		case kv == "task="+taskNoisyXOR.Setting:
		default:
			s += " " + kv
		}
	}
	return s
}

// barSeries turns the rows of a table into one bar series per section, one bar per activation
// in acts order (NaN where a section lacks it); value picks the bar and its interval.
func barSeries(rows []report.Row, acts []string, value func(report.Row) (v, lo, hi float64, ok bool)) []plots.BarSeries {
	var out []plots.BarSeries
	index := map[string]int{}
	for _, r := range rows {
		sec := r.Section.String()
		i, seen := index[sec]
		if !seen {
			i = len(out)
			index[sec] = i
			s := plots.BarSeries{Label: xorSeriesLabel(r), Values: make([]float64, len(acts)), Lo: make([]float64, len(acts)), Hi: make([]float64, len(acts))}
			for j := range acts {
				s.Values[j], s.Lo[j], s.Hi[j] = math.NaN(), math.NaN(), math.NaN()
			}
			out = append(out, s)
		}
		j := slices.Index(acts, r.Activation)
		if j < 0 {
			continue
		}
		if v, lo, hi, ok := value(r); ok {
			out[i].Values[j], out[i].Lo[j], out[i].Hi[j] = v, lo, hi
		}
	}
	// Drop series with nothing to draw (e.g. epochs to success of a perceptron that never succeeds).
	return slices.DeleteFunc(out, func(s plots.BarSeries) bool {
		return !slices.ContainsFunc(s.Values, plots.Finite)
	})
}

func xorPlots(cfg xorConfig, tables []report.Table) error {
	rows := tables[0].Rows
	acts := cfg.Acts
	success := barSeries(rows, acts, func(r report.Row) (float64, float64, float64, bool) {
		return 100 * r.Stat.Mean, 100 * r.Stat.Lo, 100 * r.Stat.Hi, r.Stat.N > 0
	})
	if len(success) > 0 {
		if err := plots.GroupedBars(filepath.Join(cfg.Out, "xor_success"),
			fmt.Sprintf("XOR success rate, %d seeds (Wilson 95%% CI)", cfg.Seeds), "success (%)", acts, success); err != nil {
			return err
		}
	}
	epochs := barSeries(rows, acts, func(r report.Row) (float64, float64, float64, bool) {
		e := r.Extras[0]
		return e.Median, e.Q1, e.Q3, e.N > 0
	})
	if len(epochs) > 0 {
		if err := plots.GroupedBars(filepath.Join(cfg.Out, "xor_epochs"),
			"XOR epochs to success (median, bars Q1–Q3, successful runs only)", "epochs", acts, epochs); err != nil {
			return err
		}
	}
	if len(tables) > 1 {
		noisy := barSeries(tables[1].Rows, acts, func(r report.Row) (float64, float64, float64, bool) {
			return 100 * r.Stat.Mean, 100 * r.Stat.Lo, 100 * r.Stat.Hi, r.Stat.N > 0
		})
		if len(noisy) > 0 {
			if err := plots.GroupedBars(filepath.Join(cfg.Out, "noisy_xor_accuracy"),
				fmt.Sprintf("Noisy XOR test accuracy after %d epochs (mean, 95%% CI)", cfg.NoisyEpochs), "test accuracy (%)", acts, noisy); err != nil {
				return err
			}
		}
	}
	return nil
}
