package main

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/isingact/isingact/experiments/stats"
	"github.com/isingact/isingact/experiments/sweep"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// summarySpec says what one summary table compares. Runs are grouped into sections by
// (experiment, model, hidden, variant) and, within a section, into rows by activation; each run
// contributes its final value of Metric on Split (the row with the largest epoch).
type summarySpec struct {
	Title      string  // heading, e.g. "MNIST test accuracy after 10 epochs"
	Metric     string  // headline metric, e.g. "accuracy"
	Split      string  // its split, e.g. "test"
	Label      string  // column header, e.g. "test accuracy (%)"
	Scale      float64 // display factor (100 for percent); 0 means 1. runs.csv and summary.csv keep raw values
	Decimals   int     // decimals shown; 0 means 2
	Higher     bool    // higher is better: rows sorted by decreasing mean
	Proportion bool    // values are 0/1: Wilson interval and two-proportion z-test instead of t and Welch
	Baseline   string  // canonical activation spec compared with; "" for no comparison
	Extras     []extraColumn
}

// extraColumn is a secondary metric shown beside the headline one (no test against the baseline).
type extraColumn struct {
	Label    string  // column header, e.g. "epochs to success"
	Metric   string  // e.g. "epochs_to_success"
	Split    string  // its split
	Median   bool    // show "median [Q1, Q3]" instead of "mean ± std"
	Scale    float64 // display factor; 0 means 1
	Decimals int     // decimals shown (may be 0)
}

// summaryRow is one activation's line of a table.
type summaryRow struct {
	Experiment, Model, Hidden, Variant, Activation string
	LR                                             string     // the learning rate(s) of its runs ("0.001", or "0.001/0.003" if mixed)
	Stat                                           stats.Desc // of the headline metric, raw values
	Values                                         []float64
	IsBaseline                                     bool
	Delta, P                                       float64 // mean − baseline mean, and the test's p; NaN without a baseline
	SecPerEpoch                                    float64 // mean seconds per epoch; NaN when not recorded
	Extras                                         []stats.Desc
}

func (r summaryRow) section() string {
	return strings.Join([]string{r.Experiment, r.Model, r.Hidden, r.Variant}, "|")
}

// summarize builds the table of spec from complete records (pass only the records of the current
// sweep, as sweep.Run returns them). Rows are ordered by section (compareSections), then by the metric (best first, NaN
// last; ties by activation); a group without a single value of the metric is left out.
func summarize(recs []sweep.Record, spec summarySpec) []summaryRow {
	type group struct {
		r      summaryRow
		runs   map[string]bool
		final  map[string]sweep.Row // run → final headline row
		time   []float64
		extras []map[string]sweep.Row
		lrs    map[string]bool
	}
	groups := map[string]*group{}
	var order []string
	latest := func(m map[string]sweep.Row, run string, r sweep.Row) {
		if old, ok := m[run]; !ok || r.Epoch >= old.Epoch {
			m[run] = r
		}
	}
	for _, rec := range recs {
		k := rec.Key
		gk := strings.Join([]string{k.Experiment, k.Model, k.Hidden, k.Variant(), k.Activation}, "|")
		g := groups[gk]
		if g == nil {
			g = &group{r: summaryRow{Experiment: k.Experiment, Model: k.Model, Hidden: k.Hidden, Variant: k.Variant(), Activation: k.Activation},
				runs: map[string]bool{}, final: map[string]sweep.Row{}, lrs: map[string]bool{}}
			for range spec.Extras {
				g.extras = append(g.extras, map[string]sweep.Row{})
			}
			groups[gk] = g
			order = append(order, gk)
		}
		run := k.String()
		switch {
		case rec.Metric == spec.Metric && rec.Split == spec.Split:
			latest(g.final, run, rec.Row)
			g.lrs[sweep.FormatFloat(k.LR)] = true
		case rec.Metric == sweep.MetricSecondsPerEpoch:
			g.time = append(g.time, rec.Value)
		}
		for i, e := range spec.Extras {
			if rec.Metric == e.Metric && rec.Split == e.Split {
				latest(g.extras[i], run, rec.Row)
			}
		}
	}
	var rows []summaryRow
	for _, gk := range order {
		g := groups[gk]
		if len(g.final) == 0 {
			continue
		}
		r := g.r
		r.Values = sortedValues(g.final)
		r.Stat = stats.Describe(r.Values, spec.Proportion)
		r.SecPerEpoch = math.NaN()
		if len(g.time) > 0 {
			r.SecPerEpoch = stats.Mean(g.time)
		}
		lrs := make([]string, 0, len(g.lrs))
		for lr := range g.lrs {
			lrs = append(lrs, lr)
		}
		slices.Sort(lrs)
		r.LR = strings.Join(lrs, "/")
		for i := range spec.Extras {
			r.Extras = append(r.Extras, stats.Describe(sortedValues(g.extras[i]), false))
		}
		r.Delta, r.P = math.NaN(), math.NaN()
		rows = append(rows, r)
	}
	// Compare with the baseline of the same section.
	base := map[string]summaryRow{}
	for _, r := range rows {
		if spec.Baseline != "" && r.Activation == spec.Baseline {
			base[r.section()] = r
		}
	}
	for i, r := range rows {
		b, ok := base[r.section()]
		if !ok {
			continue
		}
		if r.Activation == spec.Baseline {
			rows[i].IsBaseline, rows[i].Delta = true, 0
			continue
		}
		rows[i].Delta = r.Stat.Mean - b.Stat.Mean
		if spec.Proportion {
			_, rows[i].P = stats.TwoProportions(r.Values, b.Values)
		} else {
			_, _, rows[i].P = stats.Welch(r.Values, b.Values)
		}
	}
	slices.SortStableFunc(rows, func(a, b summaryRow) int {
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
func compareSections(a, b summaryRow) int {
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

// sortedValues lists the values of a run → row map in the runs' key order (deterministic).
func sortedValues(m map[string]sweep.Row) []float64 {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]float64, len(keys))
	for i, k := range keys {
		out[i] = m[k].Value
	}
	return out
}

// summaryTable is a spec with its rows, as written by writeSummaries.
type summaryTable struct {
	Spec summarySpec
	Rows []summaryRow
}

// writeSummaries writes the tables to <dir>/summary.md (Markdown, preceded by header, e.g. the
// command line and machine) and <dir>/summary.csv (raw values, one line per row of every
// table), and prints the Markdown to stdout. Both files are replaced atomically.
func writeSummaries(dir string, stdout io.Writer, header string, tables []summaryTable) error {
	var md strings.Builder
	if header != "" {
		md.WriteString(strings.TrimSpace(header) + "\n\n")
	}
	for i, t := range tables {
		if i > 0 {
			md.WriteString("\n") // a blank line between tables, as between the sections of one
		}
		md.WriteString(markdownTable(t.Spec, t.Rows))
	}
	var cs strings.Builder
	w := csv.NewWriter(&cs)
	w.Write([]string{"experiment", "model", "hidden", "variant", "activation", "lr", "metric", "split", "n", "mean", "std",
		"ci_low", "ci_high", "median", "q1", "q3", "baseline", "delta", "p_value", "seconds_per_epoch"})
	for _, t := range tables {
		for _, r := range t.Rows {
			s := r.Stat
			w.Write([]string{r.Experiment, r.Model, r.Hidden, r.Variant, r.Activation, r.LR, t.Spec.Metric, t.Spec.Split,
				strconv.Itoa(s.N), sweep.FormatFloat(s.Mean), sweep.FormatFloat(s.Std), sweep.FormatFloat(s.Lo), sweep.FormatFloat(s.Hi),
				sweep.FormatFloat(s.Median), sweep.FormatFloat(s.Q1), sweep.FormatFloat(s.Q3), t.Spec.Baseline,
				sweep.FormatFloat(r.Delta), sweep.FormatFloat(r.P), sweep.FormatFloat(r.SecPerEpoch)})
		}
	}
	w.Flush()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	err := errors.Join(w.Error(),
		writeFileAtomic(filepath.Join(dir, "summary.md"), []byte(md.String())),
		writeFileAtomic(filepath.Join(dir, "summary.csv"), []byte(cs.String())))
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, md.String())
	return err
}

// markdownTable renders one table, one Markdown table per section, in benchstat's spirit:
// mean ± std, the 95% CI, n, and the difference to the baseline with its p-value, "~" when the
// difference is not significant at the 5% level.
func markdownTable(spec summarySpec, rows []summaryRow) string {
	scale, dec := spec.Scale, spec.Decimals
	if scale == 0 {
		scale = 1
	}
	if dec == 0 {
		dec = 2
	}
	f := func(v float64, sc float64, d int) string {
		if math.IsNaN(v) {
			return "NaN"
		}
		return strconv.FormatFloat(v*sc, 'f', d, 64)
	}
	var b strings.Builder
	for i, r := range rows {
		if i == 0 || r.section() != rows[i-1].section() {
			if i > 0 {
				b.WriteString("\n")
			}
			title := spec.Title
			if title == "" {
				title = spec.Split + " " + spec.Metric
			}
			fmt.Fprintf(&b, "### %s — %s", title, r.Model)
			if r.Hidden != "" {
				fmt.Fprintf(&b, " %s", r.Hidden)
			}
			if r.Variant != "" {
				fmt.Fprintf(&b, " (%s)", r.Variant)
			}
			b.WriteString("\n\n")
			head := []string{"activation", "lr", spec.Label, "95% CI", "n"}
			if spec.Baseline != "" {
				head = append(head, "Δ vs "+spec.Baseline)
			}
			for _, e := range spec.Extras {
				head = append(head, e.Label)
			}
			head = append(head, "s/epoch")
			fmt.Fprintf(&b, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat(" --- |", len(head)))
		}
		s := r.Stat
		headline := f(s.Mean, scale, dec) + " ± " + f(s.Std, scale, dec)
		if spec.Proportion {
			headline = f(s.Mean, scale, dec) // a rate: its spread is the interval
		}
		cells := []string{"`" + r.Activation + "`", r.LR, headline,
			"[" + f(s.Lo, scale, dec) + ", " + f(s.Hi, scale, dec) + "]", strconv.Itoa(s.N)}
		if spec.Baseline != "" {
			switch {
			case r.IsBaseline:
				cells = append(cells, "baseline")
			case math.IsNaN(r.Delta):
				cells = append(cells, "—") // no baseline run in this section
			case math.IsNaN(r.P):
				cells = append(cells, fmt.Sprintf("%+.*f (no test: n < 2)", dec, r.Delta*scale))
			case r.P >= 0.05:
				cells = append(cells, fmt.Sprintf("~ (p=%.3f)", r.P))
			default:
				cells = append(cells, fmt.Sprintf("%+.*f (p=%.3g)", dec, r.Delta*scale, r.P))
			}
		}
		for i, e := range spec.Extras {
			d, sc := r.Extras[i], e.Scale
			if sc == 0 {
				sc = 1
			}
			switch {
			case d.N == 0:
				cells = append(cells, "—")
			case e.Median:
				cells = append(cells, f(d.Median, sc, e.Decimals)+" ["+f(d.Q1, sc, e.Decimals)+", "+f(d.Q3, sc, e.Decimals)+"]")
			default:
				cells = append(cells, f(d.Mean, sc, e.Decimals)+" ± "+f(d.Std, sc, e.Decimals))
			}
		}
		if math.IsNaN(r.SecPerEpoch) {
			cells = append(cells, "—")
		} else {
			cells = append(cells, strconv.FormatFloat(r.SecPerEpoch, 'g', 3, 64))
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
	}
	return b.String()
}

// writeFileAtomic writes data to a temporary file in path's folder, syncs it and renames it over
// path, so readers never see a half-written file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes 0600 files
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// runHeader is the provenance line block for summary.md and the results READMEs: the exact
// command, the Go version and platform, the CPU model (from /proc/cpuinfo where there is one)
// and core count, the start time and the wall time so far.
func runHeader(command string, args []string, start time.Time) string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	cmdline := strings.TrimSpace("go run ./experiments " + command + " " + strings.Join(args, " "))
	return fmt.Sprintf("Command: `%s`  \nMachine: %s, %s/%s, %d CPUs, %s  \nStarted: %s; wall time %s\n",
		cmdline, cpu, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(),
		start.UTC().Format(time.RFC3339), time.Since(start).Round(time.Second))
}
