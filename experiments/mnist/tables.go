package mnist

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
)

// Spec is the summary table: test accuracy per activation at its chosen learning rate.
func Spec(cfg Config) report.Spec {
	lrHow := "chosen on validation"
	if len(cfg.LRs) == 1 {
		lrHow = "fixed"
	}
	return report.Spec{
		Title:  fmt.Sprintf("MNIST test accuracy after %d epochs, learning rate %s", cfg.Epochs, lrHow),
		Metric: "accuracy", Split: "test", Label: "test accuracy (%)", Scale: 100, Decimals: 2, Higher: true, Fraction: true, Baseline: cfg.BaselineSpec(),
		Extras: []report.Extra{
			{Label: "val accuracy (%)", Metric: "accuracy", Split: "val", Scale: 100, Decimals: 2},
			{Label: "diverged (%)", Metric: "diverged", Scale: 100, Decimals: 0},
		},
	}
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
	if len(cfg.LRs) > 1 {
		fmt.Fprintf(&b, "Learning rate chosen per activation on the validation split only: every rate of {%s} trained with seeds 1..%d for %d epoch(s); "+
			"the best mean validation accuracy after the last sweep epoch wins (diverged = worst, ties → smaller rate). "+
			"Then seeds 1..%d for %d epochs at the chosen rate (a sweep run with the same seed, rate and epochs is reused, not retrained); "+
			"the test accuracy of each run is measured once, at the end, and only the chosen rate's runs enter the table. ",
			command.FormatFloats(cfg.LRs), cfg.SweepSeeds, cfg.SweepEpochs, cfg.Seeds, cfg.Epochs)
	} else {
		fmt.Fprintf(&b, "Learning rate fixed at %s (no sweep); seeds 1..%d, %d epochs, tested once at the end. ", sweep.FormatFloat(cfg.LRs[0]), cfg.Seeds, cfg.Epochs)
	}
	b.WriteString("Test accuracy: mean ± sample std over seeds, 95% t interval of the mean, Welch's t-test against the baseline (~ = not significant at 5%). " +
		"s/epoch: wall time of one epoch's training pass and validation, mean over epochs and seeds, with the other runs of the sweep in parallel.")
	return b.String()
}

// write writes the summaries, the plots and the README.
func write(cfg Config, o sweep.Options, res results, start time.Time, load string) error {
	spec := Spec(cfg)
	rows := report.Summarize(res.final, spec)
	proto := protocol(cfg)
	st := res.stats
	runs := fmt.Sprintf("Runs: %d (%d trained now, %d already in runs.csv).", st.Total, st.Done, st.Skipped)
	note := report.DivergedNote(unionRecords(res.sweep, res.final))
	header := report.Header(o.Command, start) + "\n" + proto + "\n\n" + runs + " " + note + "\n\n" + sweepTable(cfg, res.sweep, res.chosen)
	if err := report.Write(o.Dir, o.Stdout, header, []report.Table{{Spec: spec, Rows: rows}}); err != nil {
		return fmt.Errorf("mnist: %w", err)
	}
	names, err := drawPlots(cfg, o.Dir, res.final, rows)
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
// at each activation's chosen learning rate) and the test accuracies with their 95% intervals,
// in the summary's order; it returns the plots' base names.
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
		var pts []plots.Point
		for _, r := range rows {
			if in(r.Model, r.Hidden) {
				pts = append(pts, plots.Point{Label: r.Activation + " (lr " + r.LR + ")", Value: 100 * r.Stat.Mean, Lo: 100 * r.Stat.Lo, Hi: 100 * r.Stat.Hi})
			}
		}
		if len(pts) > 0 {
			base := "mnist_test_accuracy_" + name
			if err := plots.PointsWithErrors(filepath.Join(dir, base),
				fmt.Sprintf("%s: test accuracy after %d epochs (mean, 95%% CI, %d seeds)", title, cfg.Epochs, cfg.Seeds),
				"test accuracy (%)", pts); err != nil {
				return nil, err
			}
			names = append(names, base)
		}
	}
	return names, nil
}

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

// unionRecords returns the records of a and of the runs of b that are not in a (the sweep and
// the final runs share the runs at the chosen rates).
func unionRecords(a, b []sweep.Record) []sweep.Record {
	in := map[sweep.Key]bool{}
	for _, r := range a {
		in[r.Key] = true
	}
	out := slices.Clone(a)
	for _, r := range b {
		if !in[r.Key] {
			out = append(out, r)
		}
	}
	return out
}
