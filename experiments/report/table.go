package report

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
)

// Spec says what one summary table compares. Runs are grouped into sections (Section) and,
// within a section, into rows (Label); each run contributes its final value of Metric on Split
// (the row with the largest epoch).
type Spec struct {
	Title      string  // heading, e.g. "MNIST test accuracy after 10 epochs"
	Metric     string  // headline metric, e.g. "accuracy"
	Split      string  // its split, e.g. "test"
	Label      string  // column header, e.g. "test accuracy (%)"
	RowLabel   string  // header of the first column, what a row is; "" means "activation"
	Scale      float64 // display factor (100 for percent); 0 means 1. runs.csv and summary.csv keep raw values
	Decimals   int     // decimals shown; 0 means 2
	Higher     bool    // higher is better: rows sorted by decreasing mean
	Proportion bool    // values are 0/1: Wilson interval, and the comparison by McNemar and Tango instead of the paired t
	Fraction   bool    // values are fractions in [0, 1] (accuracies): the t interval is clipped to [0, 1] and marked
	Baseline   string  // the row label compared with (an activation spec); "" for no comparison
	// Margin is the equivalence margin of the comparisons, in the metric's units (0.002 = 0.2
	// accuracy points): TOST against ±Margin decides "equivalent". 0: no equivalence test.
	Margin float64
	Extras []Extra
	// LRStatus says, for a row, whether its learning rate is interior to the rates tried
	// ("true"/"false"; "" when the question does not apply) and why not (a note). nil: "".
	LRStatus func(r Row) (interior, note string)
	// Section maps a run to its section (nil: DefaultSection). RowOf maps it to its row label
	// (nil: the activation).
	Section func(sweep.Key) sweep.Key
	RowOf   func(sweep.Key) string
}

// Extra is a secondary metric shown beside the headline one (no test against the baseline).
type Extra struct {
	Label    string  // column header, e.g. "epochs to success"
	Column   string  // summary.csv column of its mean (median when Median); "" keeps it out of the CSV
	Metric   string  // e.g. "epochs_to_success"
	Split    string  // its split
	Median   bool    // show "median [Q1, Q3]" instead of "mean ± std"
	Scale    float64 // display factor; 0 means 1
	Decimals int     // decimals shown (may be 0)
}

// DefaultSection is a section per experiment, model, hidden sizes and settings (with the
// learning rate when the settings make it a section, Settings.ByLR).
func DefaultSection(k sweep.Key) sweep.Key {
	s := sweep.Key{Experiment: k.Experiment, Model: k.Model, Hidden: k.Hidden, Settings: k.Settings}
	if k.Settings.ByLR {
		s.LR = k.LR
	}
	return s
}

// Row is one line of a table: one row label (activation) in one section.
type Row struct {
	Section                                        sweep.Key      // the section's key (Section of the runs)
	Experiment, Model, Hidden, Variant, Activation string         // the section's columns as written; Activation is the row label
	LR                                             string         // the learning rate(s) of its runs ("0.001", or "0.001/0.003" if mixed)
	LRInterior, LRNote                             string         // Spec.LRStatus of the row
	Stat                                           stats.Desc     // its Lo and Hi are CI's bounds
	CI                                             stats.Interval // the headline's 95% interval (see Interval)
	Values                                         []float64      // the headline values, one per run, in run-key order
	// BySeed is the headline value per seed (Key.Seed), for the paired comparison; a seed with
	// more than one run in the row (mixed learning rates) is left out, since it pairs with nothing.
	BySeed      map[int]float64
	IsBaseline  bool
	Cmp         Comparison // the paired comparison with the section's baseline
	SecPerEpoch float64    // mean seconds per epoch; NaN when not recorded
	Extras      []stats.Desc
}

func (r Row) section() string {
	return strings.Join([]string{r.Experiment, r.Model, r.Hidden, r.Variant}, "|")
}

// Table is a spec with its rows, as Write writes it.
type Table struct {
	Spec Spec
	Rows []Row
}

// Summarize builds the table of spec from complete records (pass only the records of the
// current sweep, as sweep.Run returns them), with every row compared with its section's
// baseline, paired by seed (compare). Rows are ordered by section (experiment, model,
// hidden sizes narrower and shallower first, variant), then by the metric (best first, NaN last;
// ties by label); a group without a single value of the metric is left out.
func Summarize(recs []sweep.Record, spec Spec) []Row {
	rows := collect(recs, spec)
	compare(rows, spec)
	if spec.LRStatus != nil {
		for i := range rows {
			rows[i].LRInterior, rows[i].LRNote = spec.LRStatus(rows[i])
		}
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if c := compareSections(a, b); c != 0 {
			return c
		}
		ma, mb := a.Stat.Mean, b.Stat.Mean
		if math.IsNaN(ma) || math.IsNaN(mb) {
			return cmp.Compare(boolInt(math.IsNaN(ma)), boolInt(math.IsNaN(mb)))
		}
		c := cmp.Compare(ma, mb)
		if spec.Higher {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(a.Activation, b.Activation) // ties: a fixed order
		}
		return c
	})
	return rows
}

// compareSections orders sections by experiment, model, hidden sizes (narrower first: "4" before
// "16", shallower first) and variant, so the tables come out in the same order whatever order
// the runs finished in.
func compareSections(a, b Row) int {
	return cmp.Or(strings.Compare(a.Experiment, b.Experiment), strings.Compare(a.Model, b.Model),
		cmp.Compare(len(a.Hidden), len(b.Hidden)), strings.Compare(a.Hidden, b.Hidden),
		strings.Compare(a.Variant, b.Variant))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
