package xor

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
)

// sections splits the records into the XOR/AND runs and the noisy-XOR runs.
func sections(recs []sweep.Record) (clean, noisy []sweep.Record) {
	for _, r := range recs {
		if r.Key.Settings.Task == taskNoisy {
			noisy = append(noisy, r)
		} else {
			clean = append(clean, r)
		}
	}
	return clean, noisy
}

// Specs are the two summary tables: success on the points, test accuracy on noisy XOR.
func Specs(cfg Config) (success, noisy report.Spec) {
	diverged := report.Extra{Label: "diverged (%)", Metric: "diverged", Column: "diverged", Scale: 100, Decimals: 0}
	success = report.Spec{
		Title:  fmt.Sprintf("XOR success rate (all 4 points right within %d epochs)", cfg.Epochs),
		Metric: "success", Label: "success (%)", Scale: 100, Decimals: 1, Higher: true, Proportion: true,
		Baseline: cfg.BaselineSpec(), Margin: cfg.Margin,
		Extras: []report.Extra{
			{Label: "epochs to success, median [Q1, Q3]", Metric: "epochs_to_success", Column: "epochs_to_success_median", Median: true, Decimals: 0},
			{Label: "final train loss", Metric: "loss", Split: "train", Column: "train_loss", Decimals: 3},
			{Label: "silent at init (%)", Metric: "silent_unit_init", Column: "silent_unit_init", Scale: 100, Decimals: 0},
			{Label: "silent at the end (%)", Metric: "silent_unit", Column: "silent_unit", Scale: 100, Decimals: 0},
			diverged,
		},
	}
	noisy = report.Spec{
		Title:  fmt.Sprintf("Noisy XOR test accuracy after %d epochs", cfg.NoisyEpochs),
		Metric: "accuracy", Split: "test", Label: "test accuracy (%)", Scale: 100, Decimals: 1, Higher: true, Fraction: true,
		Baseline: cfg.BaselineSpec(), Margin: cfg.NoisyMargin,
		Extras: []report.Extra{
			{Label: "train accuracy (%)", Metric: "accuracy", Split: "train", Column: "train_accuracy", Scale: 100, Decimals: 1},
			diverged,
		},
	}
	return success, noisy
}

// Tables summarises the records of an xor sweep: the success table, and the noisy-XOR one when
// there are noisy runs.
func Tables(cfg Config, recs []sweep.Record) []report.Table {
	clean, noisy := sections(recs)
	successSpec, noisySpec := Specs(cfg)
	tables := []report.Table{{Spec: successSpec, Rows: report.Summarize(clean, successSpec)}}
	if len(noisy) > 0 {
		tables = append(tables, report.Table{Spec: noisySpec, Rows: report.Summarize(noisy, noisySpec)})
	}
	return tables
}

// protocol describes what was run, for the summary header and the README.
func protocol(cfg Config) string {
	return fmt.Sprintf("Activations: %d; seeds 1..%d; optimiser %s, lr %s, init %s, batch %d (≥ 4: full batch); at most %d epochs with early stop at success. "+
		"Perceptron: y = f(w·x + b), squared error on the 0/1 label, right when |y − label| < ½ (AND: linearly separable control); "+
		"silent: the perceptron outputs f(w·x + b) = 0 (|f| ≤ 1e-6) at all four points, measured with the initial and with the final weights; a silent unit cannot solve AND. "+
		"MLPs: linear output, binary cross-entropy on the logit, right when the logit has the label's sign. "+
		"Success rates: Wilson 95%% interval. Comparisons with the baseline are paired by seed (every activation starts from the same weight draw): "+
		"success rates by the exact McNemar test and Tango's score interval of the difference, noisy-XOR accuracies by the paired t-test and the sign-flip permutation test; "+
		"p Holm: Holm's adjustment over the comparisons of each table; equivalent: TOST p < 0.05 within ±%s (success, Tango's score test) or ±%s (noisy-XOR accuracy); "+
		"verdict better/worse when p Holm < 0.05, else equivalent when p TOST < 0.05, else inconclusive. "+
		"Noisy XOR: 200 train / 200 test points, σ = 0.2 (a new draw per seed), %d full-batch epochs.",
		len(cfg.Acts), cfg.Seeds, cfg.Opt, command.FormatFloats(cfg.LRs), cfg.Init, cfg.Batch, cfg.Epochs,
		points(cfg.Margin), points(cfg.NoisyMargin), cfg.NoisyEpochs)
}

// points writes a margin (a fraction) in points: "10 points".
func points(m float64) string {
	return strconv.FormatFloat(100*m, 'g', -1, 64) + " points"
}

// write writes the summaries, the plots and the README of a finished sweep.
func write(cfg Config, o sweep.Options, recs []sweep.Record, st sweep.Stats, start time.Time, load string) error {
	tables := Tables(cfg, recs)
	proto := protocol(cfg)
	runs := fmt.Sprintf("Runs: %d (%d trained now, %d already in runs.csv).", st.Total, st.Done, st.Skipped)
	note := report.DivergedNote(recs)
	header := report.Header(o.Command, start) + "\n" + proto + "\n\n" + runs + " " + note
	if err := report.Write(o.Dir, o.Stdout, header, tables); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	if err := drawPlots(cfg, o.Dir, tables); err != nil {
		return fmt.Errorf("xor: plots: %w", err)
	}
	pl := "Tables: [summary.md](summary.md).\n\n![success rates](xor_success.png)\n\n![epochs to success](xor_epochs.png)"
	if len(tables) > 1 {
		pl += "\n\n![noisy XOR test accuracy](noisy_xor_accuracy.png)"
	}
	rd := report.Readme{Title: "XOR: perceptrons and MLPs per activation", Header: report.Header(o.Command, start), LoadFrom: load,
		Protocol: proto, Notes: runs + "\n\n" + note + "\n\n" + pl}
	if err := rd.Write(o.Dir); err != nil {
		return fmt.Errorf("xor: %w", err)
	}
	return nil
}

// seriesLabel names a table section in the plots' legends.
func seriesLabel(r report.Row) string {
	s := "MLP 2-" + strings.ReplaceAll(r.Hidden, ",", "-") + "-1"
	if r.Model == "perceptron" {
		s = "perceptron"
	}
	set := r.Section.Settings
	if set.Task == taskAND {
		s += " on AND (control)"
	}
	if set.ByLR {
		s += " lr=" + sweep.FormatFloat(r.Section.LR)
	}
	if set.Init != "" {
		s += " init=" + set.Init
	}
	return s
}

// barSeries turns the rows of a table into one bar series per section, one bar per activation
// in acts order (NaN where a section lacks it); value picks the bar and its interval.
func barSeries(rows []report.Row, acts []string, value func(report.Row) (v, lo, hi float64, ok bool)) []plots.BarSeries {
	var out []plots.BarSeries
	index := map[sweep.Key]int{}
	for _, r := range rows {
		i, seen := index[r.Section]
		if !seen {
			i = len(out)
			index[r.Section] = i
			s := plots.BarSeries{Label: seriesLabel(r), Values: make([]float64, len(acts)), Lo: make([]float64, len(acts)), Hi: make([]float64, len(acts))}
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

// meanCI is a row's headline mean and interval in percent.
func meanCI(r report.Row) (float64, float64, float64, bool) {
	return 100 * r.Stat.Mean, 100 * r.Stat.Lo, 100 * r.Stat.Hi, r.Stat.N > 0
}

// drawPlots draws the success rates, the epochs to success and the noisy-XOR accuracies.
func drawPlots(cfg Config, dir string, tables []report.Table) error {
	acts := command.Specs(cfg.Acts)
	rows := tables[0].Rows
	type bars struct {
		name, title, yLabel string
		series              []plots.BarSeries
	}
	all := []bars{
		{"xor_success", fmt.Sprintf("XOR success rate, %d seeds (Wilson 95%% CI)", cfg.Seeds), "success (%)", barSeries(rows, acts, meanCI)},
		{"xor_epochs", "XOR epochs to success (median, bars Q1–Q3, successful runs only)", "epochs",
			barSeries(rows, acts, func(r report.Row) (float64, float64, float64, bool) {
				e := r.Extras[0]
				return e.Median, e.Q1, e.Q3, e.N > 0
			})},
	}
	if len(tables) > 1 {
		all = append(all, bars{"noisy_xor_accuracy", fmt.Sprintf("Noisy XOR test accuracy after %d epochs (mean, 95%% CI)", cfg.NoisyEpochs),
			"test accuracy (%)", barSeries(tables[1].Rows, acts, meanCI)})
	}
	for _, b := range all {
		if len(b.series) == 0 {
			continue
		}
		if err := plots.GroupedBars(filepath.Join(dir, b.name), b.title, b.yLabel, acts, b.series); err != nil {
			return err
		}
	}
	return nil
}
