package mnist

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
)

// Spec is the summary table of runs with initialiser init: test accuracy per activation at its
// chosen learning rate, compared with the baseline paired by seed, with the code's sparsity on
// the test set beside it.
func Spec(cfg Config, init string) report.Spec {
	lrHow := "chosen on validation"
	if len(cfg.LRs) == 1 {
		lrHow = "fixed"
	}
	title := fmt.Sprintf("MNIST test accuracy after %d epochs, learning rate %s", cfg.Epochs, lrHow)
	if init != cfg.Init {
		title = fmt.Sprintf("MNIST test accuracy after %d epochs with init %s, at the rate chosen with %s", cfg.Epochs, init, cfg.Init)
	}
	return report.Spec{
		Title:  title,
		Metric: "accuracy", Split: "test", Label: "test accuracy (%)", Scale: 100, Decimals: 2, Higher: true, Fraction: true, Baseline: cfg.BaselineSpec(),
		Margin: cfg.Margin,
		Extras: []report.Extra{
			{Label: "val accuracy (%)", Metric: "accuracy", Split: "val", Column: "val_accuracy", Scale: 100, Decimals: 2},
			{Label: "zero activations (%)", Metric: "sparsity", Split: "test", Column: "sparsity", Scale: 100, Decimals: 1},
			{Label: "dead units (%)", Metric: "dead_units", Split: "test", Column: "dead_units", Scale: 100, Decimals: 1},
			{Label: "mean activation", Metric: "mean_activation", Split: "test", Column: "mean_activation", Decimals: 3},
			{Label: "diverged (%)", Metric: "diverged", Column: "diverged", Scale: 100, Decimals: 0},
		},
	}
}

// Tables builds the summary tables of cfg (normalised) from the finished runs of its folder
// (LoadRecords; runs of other configurations are ignored): the test accuracies at the chosen
// rates with cfg.Init, then, with GainSeeds > 0, with the gain initialiser. Each row says
// whether its rate is interior to the sweep (Bracket). An incomplete sweep is an error.
func Tables(cfg Config, recs []sweep.Record) ([]report.Table, error) {
	s := PlanSweep(cfg, recs)
	if !s.Complete() {
		return nil, fmt.Errorf("mnist: the learning-rate sweep is incomplete (round %d needs %d more runs)", s.Round, len(s.Pending))
	}
	var tables []report.Table
	for _, part := range []struct {
		init string
		keys []sweep.Key
	}{{cfg.Init, FinalKeys(cfg, s)}, {GainInit, GainKeys(cfg, s)}} {
		if len(part.keys) == 0 {
			continue
		}
		spec := Spec(cfg, part.init)
		spec.LRStatus = func(r report.Row) (string, string) {
			b := s.Groups[Group{r.Model, r.Hidden, r.Activation}]
			return b.Interior, b.Note
		}
		tables = append(tables, report.Table{Spec: spec, Rows: report.Summarize(sweep.Only(recs, keySet(part.keys)), spec)})
	}
	return tables, nil
}

// keySet is keys as a set.
func keySet(keys []sweep.Key) map[sweep.Key]bool {
	m := make(map[sweep.Key]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// protocol describes what was run, for the summary header and the README.
func protocol(cfg Config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Models: %s (float32), hidden %s; %d activations; %s, batch %d, softmax cross-entropy, init %s (biases 0). ",
		strings.Join(cfg.Models, ", "), command.FormatArchs(cfg.Hidden), len(cfg.Acts), cfg.Opt, cfg.Batch, cfg.Init)
	if cfg.Subset > 0 {
		fmt.Fprintf(&b, "Subset: the first %d training images, the first min(%d, 10000) validation and test images. ", cfg.Subset, cfg.Subset)
	} else {
		b.WriteString("Data: 50 000 training images, 10 000 validation images (held out of the 60 000 by the fixed split seed 1), 10 000 test images. ")
	}
	b.WriteString(protocolLR(cfg))
	if len(GainKeys(cfg, SweepState{})) > 0 {
		fmt.Fprintf(&b, "Second table: the same networks with the %s initialiser (each layer's weight variance from the activation, σ_w² = 1/E[φ′(z)²]-style), seeds 1..%d, at the rate chosen with %s. ",
			GainInit, cfg.GainSeeds, cfg.Init)
	}
	fmt.Fprintf(&b, "Test accuracy: mean ± sample std over seeds, 95%% t interval of the mean. Comparison with the baseline paired by seed (same initial weights and batch order): "+
		"the mean per-seed difference with its 95%% paired t interval, the paired t-test and the exact sign-flip permutation test, Holm's adjustment over the comparisons of the table, "+
		"TOST equivalence within ±%s points; verdict better/worse when p Holm < 0.05, else equivalent when p TOST < 0.05, else inconclusive. ", sweep.FormatFloat(100*cfg.Margin))
	fmt.Fprintf(&b, "Code on the test set after training (paper §3.1): zero activations = fraction of hidden values with |h| ≤ %g, dead units = units zero on every test image, mean activation; "+
		"means over seeds. ", ZeroTol)
	b.WriteString("s/epoch: wall time of one epoch's training pass and validation, mean over epochs and seeds, with the other runs of the sweep in parallel.")
	return b.String()
}

// protocolLR describes the learning-rate choice.
func protocolLR(cfg Config) string {
	if len(cfg.LRs) == 1 {
		return fmt.Sprintf("Learning rate fixed at %s (no sweep); seeds 1..%d, %d epochs, tested once at the end. ", sweep.FormatFloat(cfg.LRs[0]), cfg.Seeds, cfg.Epochs)
	}
	return fmt.Sprintf("Learning rate chosen per activation on the validation split only, the same rule for every activation: every rate of {%s} trained with seeds 1..%d for %d epoch(s); "+
		"the best mean validation accuracy after the last sweep epoch wins (diverged = worst, ties → smaller rate); when it is at an edge of the grid, the grid is extended by its own ratio "+
		"in that direction and the new rate swept, at most %d times (a diverged rate stops it). "+
		"Then seeds 1..%d for %d epochs at the chosen rate (a sweep run with the same seed, rate and epochs is reused, not retrained); "+
		"the test accuracy of each run is measured once, at the end, and only the chosen rate's runs enter the table; \"(edge)\" marks a rate that is not interior. ",
		command.FormatFloats(cfg.LRs), cfg.SweepSeeds, cfg.SweepEpochs, MaxExtensions, cfg.Seeds, cfg.Epochs)
}

// write writes the summaries, the plots and the README from the runs files of o.Dir.
func write(cfg Config, o sweep.Options, trained int, start time.Time, load string) error {
	recs, err := LoadRecords(o.Dir)
	if err != nil {
		return err
	}
	tables, err := Tables(cfg, recs)
	if err != nil {
		return err
	}
	s := PlanSweep(cfg, recs)
	keys := keySet(append(append(SweepKeys(cfg, s), FinalKeys(cfg, s)...), GainKeys(cfg, s)...))
	mine := sweep.Only(recs, keys)
	proto := protocol(cfg)
	runs := fmt.Sprintf("Runs: %d (%d trained now, %d already in the runs files).", len(keys), trained, len(keys)-trained)
	note := report.DivergedNote(mine)
	header := report.Header(o.Command, start) + "\n" + proto + "\n\n" + runs + " " + note + "\n\n" + sweepTable(cfg, s)
	if err := report.Write(o.Dir, o.Stdout, header, tables); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	names, err := drawPlots(cfg, o.Dir, sweep.Only(recs, keySet(FinalKeys(cfg, s))), tables[0].Rows)
	if err != nil {
		return fmt.Errorf("mnist: plots: %w", err)
	}
	var pl strings.Builder
	pl.WriteString("Tables: [summary.md](summary.md).")
	for _, p := range names {
		fmt.Fprintf(&pl, "\n\n![%s](%s.png)", p, p)
	}
	rd := report.Readme{Title: "MNIST: MLPs per activation", Header: report.Header(o.Command, start), LoadFrom: load,
		Protocol: proto, Notes: runs + "\n\n" + note + "\n\n" + pl.String()}
	if err := rd.Write(o.Dir); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	return nil
}

// plotNames are a network's plot name part ("mlp_256") and title.
func plotNames(n network) (name, title string) {
	hidden := sweep.FormatHidden(n.hidden)
	if n.model == "mlp" {
		return n.model + "_" + strings.ReplaceAll(hidden, ",", "_"), "MLP 784-" + strings.ReplaceAll(hidden, ",", "-") + "-10"
	}
	return n.model, "perceptron softmax(f(x·W + b))"
}

// drawPlots draws per network the validation-accuracy learning curves (mean ± std over seeds,
// at each activation's chosen learning rate), the test accuracies and the sparsity of the code
// (zero activations on the test set) with their 95% intervals, in the summary's order; it
// returns the plots' base names.
func drawPlots(cfg Config, dir string, recs []sweep.Record, rows []report.Row) ([]string, error) {
	var names []string
	for _, n := range networks(cfg) {
		name, title := plotNames(n)
		hidden := sweep.FormatHidden(n.hidden)
		in := func(model, h string) bool { return model == n.model && h == hidden }
		if curves := valCurves(recs, in); len(curves) > 0 {
			base := "mnist_val_curves_" + name
			if err := plots.LearningCurves(filepath.Join(dir, base), title+": validation accuracy (mean ± std over seeds)",
				"epoch", "validation accuracy (%)", curves); err != nil {
				return nil, err
			}
			names = append(names, base)
		}
		for _, p := range []struct {
			base, title, label string
			desc               func(r report.Row) stats.Desc
		}{
			{"mnist_test_accuracy_" + name, fmt.Sprintf("%s: test accuracy after %d epochs (mean, 95%% CI, %d seeds)", title, cfg.Epochs, cfg.Seeds),
				"test accuracy (%)", func(r report.Row) stats.Desc { return r.Stat }},
			{"mnist_sparsity_" + name, fmt.Sprintf("%s: zero activations |h| ≤ %g on the test set (mean, 95%% CI)", title, ZeroTol),
				"zero activations (%)", func(r report.Row) stats.Desc { return r.Extras[sparsityExtra] }},
		} {
			var pts []plots.Point
			for _, r := range rows {
				if d := p.desc(r); in(r.Model, r.Hidden) && d.N > 0 {
					pts = append(pts, plots.Point{Label: r.Activation + " (lr " + r.LR + ")", Value: 100 * d.Mean, Lo: 100 * d.Lo, Hi: 100 * d.Hi})
				}
			}
			if len(pts) == 0 {
				continue
			}
			if err := plots.PointsWithErrors(filepath.Join(dir, p.base), p.title, p.label, pts); err != nil {
				return nil, err
			}
			names = append(names, p.base)
		}
	}
	return names, nil
}

// sparsityExtra is the index of the zero-activations column among Spec's extras.
const sparsityExtra = 1

// valCurves are the validation-accuracy curves (in percent) of the runs of one network.
func valCurves(recs []sweep.Record, in func(model, hidden string) bool) []plots.Curve {
	var sec []sweep.Record
	for _, r := range recs {
		if in(r.Key.Model, r.Key.Hidden) {
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
	return curves
}
