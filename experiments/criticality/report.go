package criticality

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
)

// reporter gathers what the parts produced and writes the tables, plots and README.
type reporter struct {
	cfg   Config
	opt   sweep.Options
	start time.Time
	load  string

	phase        []phaseResult
	phaseSeconds float64

	plan         plan
	recs         []sweep.Record
	stats        sweep.Stats
	trainSeconds float64
}

// write writes the tables, plots and README of what ran, and prints the tables.
func (r reporter) write() error {
	var notes strings.Builder
	var timing []string
	stdout := r.opt.Stdout
	if stdout == nil {
		stdout = io.Discard
	}
	if r.phase != nil {
		timing = append(timing, fmt.Sprintf("phase diagrams %.0f s", r.phaseSeconds))
		t := eocTable(r.phase)
		fmt.Fprintln(stdout, t)
		notes.WriteString(t + "\n" + r.phaseNotes())
	}
	if r.recs != nil {
		timing = append(timing, r.trainTiming())
	}
	if r.recs != nil && r.cfg.has("train") {
		n, err := r.writeTrainability(stdout)
		if err != nil {
			return err
		}
		notes.WriteString(n)
	}
	if r.recs != nil && r.cfg.has("compare") {
		n, err := r.writeCompare()
		if err != nil {
			return err
		}
		notes.WriteString(n)
	}
	if r.recs != nil {
		notes.WriteString(report.DivergedNote(r.recs) + "\n\n")
	}
	notes.WriteString("Wall time: " + strings.Join(timing, "; ") + ".\n")
	rd := report.Readme{Title: "Criticality: edge of chaos and the trainability of deep networks", Header: report.Header(r.opt.Command, r.start),
		LoadFrom: r.load, Protocol: protocol(r.cfg, r.plan), Notes: notes.String()}
	if err := rd.Write(r.opt.Dir); err != nil {
		return fmt.Errorf("criticality: %w", err)
	}
	fmt.Fprintf(stdout, "criticality: done in %s → %s\n", time.Since(r.start).Round(time.Second), r.opt.Dir)
	return nil
}

// phaseNotes are the README's notes on the phase diagrams: the coarse grids and the plots.
func (r reporter) phaseNotes() string {
	var notes strings.Builder
	var slow []string
	for _, p := range r.phase {
		if p.Coarse {
			slow = append(slow, fmt.Sprintf("`%s` (%d×%d grid, %.0f s)", p.Act, len(p.SW2s), len(p.SB2s), p.Seconds))
		}
	}
	if len(slow) > 0 {
		fmt.Fprintf(&notes, "Drawn on a 3× coarser grid because χ₁ costs more than %s times tanh's there (-phase-slow): %s.\n\n", sweep.FormatFloat(r.cfg.PhaseSlow), strings.Join(slow, ", "))
	}
	notes.WriteString("### Phase diagrams\n\nχ₁ = σ_w²·E[φ′(√q*·z)²] over (σ_w², σ_b²): blue ordered (χ₁ < 1), red chaotic (χ₁ > 1), " +
		"dark grey where the length map has no finite fixed point q*; the black curve is the edge of chaos χ₁ = 1 " +
		"(EOCWeightVariance, which also rejects branch jumps). † depends on maxslope.\n\n![overview](phase_overview.png)\n\n")
	for _, p := range r.phase {
		fmt.Fprintf(&notes, "- [%s](phase_%s.png)\n", p.Act, slug(p.Act))
	}
	notes.WriteString("\n")
	return notes.String()
}

// trainTiming is the training's line of the wall-time note.
func (r reporter) trainTiming() string {
	var sum float64
	for _, rec := range r.recs {
		if rec.Metric == sweep.MetricWallSeconds {
			sum += rec.Value
		}
	}
	return fmt.Sprintf("training %.0f s in this invocation (%d runs: %d trained now, %d already in runs.csv); "+
		"the wall times of all %d runs (runs.csv, wall_seconds) sum to %.0f s, run %d at a time",
		r.trainSeconds, r.stats.Total, r.stats.Done, r.stats.Skipped, r.stats.Total, sum, r.opt.Workers)
}

// writeTrainability writes the trainability table, CSV and plots, prints the table and returns
// the README's notes on them.
func (r reporter) writeTrainability(stdout io.Writer) (string, error) {
	cs := cells(r.cfg, r.plan, r.recs)
	t := trainTable(r.cfg, r.plan, cs)
	fmt.Fprintln(stdout, t)
	if err := writeTrainCSV(r.cfg, r.opt.Dir, r.plan, cs); err != nil {
		return "", fmt.Errorf("criticality: %w", err)
	}
	names, err := trainPlots(r.cfg, r.opt.Dir, r.plan, cs)
	if err != nil {
		return "", fmt.Errorf("criticality: trainability plots: %w", err)
	}
	var notes strings.Builder
	notes.WriteString(t + "\n")
	notes.WriteString("### Trainability\n\nTest accuracy after the step budget against (σ_w², depth); the green line is the theory's " +
		"depth bound 6·ξ_c(σ_w², σ_b²), the dotted line the EOC; * marks a run whose loss diverged.\n\n![overview](trainability_overview.png)\n\n")
	for _, n := range names {
		fmt.Fprintf(&notes, "- [%s](%s.png)\n", strings.TrimPrefix(n, "trainability_"), n)
	}
	notes.WriteString("\n")
	return notes.String(), nil
}

// writeCompare writes and prints the initialiser tables (summary.md, summary.csv) and returns
// the README's notes on them.
func (r reporter) writeCompare() (string, error) {
	spec, rows := compareSummary(r.cfg, r.plan, r.recs)
	header := report.Header(r.opt.Command, r.start) + "\n" + protocol(r.cfg, r.plan) + "\n\n" + report.DivergedNote(compareRecs(r.recs))
	if err := report.Write(r.opt.Dir, r.opt.Stdout, header, []report.Table{{Spec: spec, Rows: rows}}); err != nil {
		return "", fmt.Errorf("criticality: %w", err)
	}
	return "### Initialisers\n\nSee [summary.md](summary.md) (test accuracy per initialiser, compared with he-normal paired by seed); " +
		"activations without EOC at σ_b² = " + sweep.FormatFloat(r.cfg.SB2) + " are not compared (they have no eoc initialiser).\n\n" +
		report.Markdown(spec, rows) + "\n", nil
}

// protocol describes the run for the README and the summary header.
func protocol(cfg Config, p plan) string {
	var b strings.Builder
	b.WriteString("Mean-field theory (physics/signal): weights N(0, σ_w²/fan_in), biases N(0, σ_b²), length map iterated from q = 1, " +
		"Gauss–Legendre quadrature split at the kinks. ")
	if cfg.has("phase") {
		fmt.Fprintf(&b, "Phase diagrams: %d activations, χ₁ on %d log-spaced σ_w² from 0.1 to max(10, 4·largest EOC σ_w²) × %d σ_b² in [0, 1]; "+
			"EOC curve at %d σ_b² = (i/(n−1))² plus %s. ", len(cfg.PhaseActs), cfg.GridW, cfg.GridB, cfg.CurveB, command.FormatFloats(tableSB2()))
	}
	if cfg.has("train") || cfg.has("compare") {
		grid := fmt.Sprintf("%d values log-spaced over EOC/%s … EOC·%s (centred on %s without EOC), rounded to 4 digits",
			cfg.SWPoints, sweep.FormatFloat(cfg.SWFactor), sweep.FormatFloat(cfg.SWFactor), sweep.FormatFloat(cfg.NoEOCCentre))
		if cfg.SW2 != nil {
			grid = command.FormatFloats(cfg.SW2)
		}
		fmt.Fprintf(&b, "Networks: MLP 784-%d×depth-10 (float32), activations %s; %s lr %s, batch %d, %d steps (%d epoch(s) of the first %d MNIST "+
			"training images), softmax cross-entropy, no weight decay or clipping; evaluated once at the end on the first %d validation and test images. ",
			cfg.Width, strings.Join(command.Specs(cfg.Acts), ", "), cfg.Opt, sweep.FormatFloat(cfg.LR), cfg.Batch, p.Steps, p.Epochs, cfg.Subset, cfg.Eval)
		if cfg.has("train") {
			fmt.Fprintf(&b, "Trainability grid: depths %s, σ_b² = %s, σ_w²: %s; seeds 1..%d per cell. ",
				command.JoinInts(cfg.Depths), sweep.FormatFloat(cfg.SB2), grid, cfg.GridSeeds)
		}
		if cfg.has("compare") {
			fmt.Fprintf(&b, "Initialisers (activations with an EOC at σ_b² only): depths %s, %s (biases 0) and eoc (σ_w² on the EOC at σ_b² = %s, biases N(0, σ_b²)), seeds 1..%d; "+
				"seeds share the initial-weight stream and the batch order across initialisers (paired). ",
				command.JoinInts(cfg.CmpDepths), strings.Join(cfg.CmpInits, ", "), sweep.FormatFloat(cfg.SB2), cfg.Seeds)
		}
		b.WriteString("Plain SGD (as Schoenholz et al. 2017) so that vanishing and exploding gradients act unrescaled.")
	}
	return b.String()
}

// compareRecs keeps the records of the initialiser comparison.
func compareRecs(recs []sweep.Record) []sweep.Record {
	var out []sweep.Record
	for _, r := range recs {
		if r.Key.Settings.Part == "compare" {
			out = append(out, r)
		}
	}
	return out
}

// compareSummary is the initialiser table: a row per initialiser, a section per (activation,
// depth), the first standard initialiser (he-normal) as the baseline.
func compareSummary(cfg Config, p plan, recs []sweep.Record) (report.Spec, []report.Row) {
	base := ""
	if len(cfg.CmpInits) > 0 {
		base = cfg.CmpInits[0]
	}
	spec := report.Spec{
		Title:  fmt.Sprintf("Test accuracy after %d SGD steps by initialiser (rows: initialisers)", p.Steps),
		Metric: "accuracy", Split: "test", Label: "test accuracy (%)", Scale: 100, Decimals: 2, Higher: true, Fraction: true, Baseline: base,
		RowLabel: "initialiser",
		Extras: []report.Extra{
			{Label: "train loss (last epoch)", Metric: "loss", Split: "train", Decimals: 3},
			{Label: "diverged (%)", Metric: "diverged", Scale: 100, Decimals: 0},
		},
		Section: func(k sweep.Key) sweep.Key {
			return sweep.Key{Experiment: k.Experiment, Model: "mlp " + k.Activation, Hidden: k.Hidden}
		},
		RowOf: func(k sweep.Key) string { return k.Settings.Init },
	}
	return spec, report.Summarize(compareRecs(recs), spec)
}

// writeTrainCSV writes trainability.csv (one line per cell, with the theory) and trainability.md.
func writeTrainCSV(cfg Config, dir string, p plan, cells map[string][]cell) error {
	var cs strings.Builder
	w := csv.NewWriter(&cs)
	w.Write([]string{"activation", "sw2", "sb2", "depth", "runs", "test_accuracy_mean", "diverged_runs", "chi1", "xi_c", "six_xi_c", "within_bound",
		"test_accuracy_median"})
	for _, ap := range p.Acts {
		for _, c := range cells[ap.Act] {
			w.Write([]string{c.Act, sweep.FormatFloat(c.SW2), sweep.FormatFloat(cfg.SB2), strconv.Itoa(int(c.Depth)), strconv.Itoa(c.N),
				sweep.FormatFloat(c.Mean), strconv.Itoa(c.Diverged), sweep.FormatFloat(c.Chi1), sweep.FormatFloat(c.XiC), sweep.FormatFloat(6 * c.XiC),
				within(c), sweep.FormatFloat(c.Acc)})
		}
	}
	w.Flush()
	return errors.Join(w.Error(), atomicfile.WriteFile(filepath.Join(dir, "trainability.csv"), []byte(cs.String())),
		atomicfile.WriteFile(filepath.Join(dir, "trainability.md"), []byte(trainTable(cfg, p, cells))))
}
