package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/isingact/isingact/experiments/sweep"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/isingact/isingact/nn"
)

// The helpers below are shared by the xor and mnist commands: telling a diverged run from a
// failed one, the provenance README of an output folder, and the machine's load.

// isDiverged reports whether err is nn's "loss is NaN/Inf" stop, which is a result of the run
// (rows with diverged = 1), not a failure to retry. Cancellation is never divergence.
// nn wraps nn.ErrDiverged in that error.
func isDiverged(err error) bool {
	return errors.Is(err, nn.ErrDiverged)
}

// fitOutcome sorts the error of nn.Trainer.Fit: divergence is a result of the run (diverged is
// 1, err nil), cancellation and any other failure are returned.
func fitOutcome(ctx context.Context, err error) (diverged float64, _ error) {
	switch {
	case err == nil:
		return 0, nil
	case ctx.Err() != nil:
		return 0, ctx.Err()
	case isDiverged(err):
		return 1, nil
	}
	return 0, err
}

// loadAverage returns the 1-, 5- and 15-minute load averages from /proc/loadavg, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// resultsReadme is the provenance of an output folder, written as <dir>/README.md by the command
// that filled it: what was run, on what, when, how long it took, the machine's load (other work
// on the machine slows the per-epoch times, never the accuracies), the protocol and the files.
type resultsReadme struct {
	Title    string
	Header   string // runHeader's lines: command, machine, start, wall time
	LoadFrom string // load average when the command started
	Protocol string // Markdown: what the runs are and how the tables were computed
	Notes    string // Markdown: anything else (diverged runs, skipped runs)
}

// write writes the README and lists the folder's files (runs.csv, summaries, plots).
func (r resultsReadme) write(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var files []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && !strings.HasPrefix(n, ".") && n != "README.md" {
			files = append(files, n)
		}
	}
	slices.Sort(files)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s", r.Title, strings.TrimSpace(r.Header)+"\n")
	fmt.Fprintf(&b, "Load average (1, 5, 15 min) at the start: %s; at the end: %s (other work on the machine slows the times per epoch, not the results).  \n",
		r.LoadFrom, loadAverage())
	fmt.Fprintf(&b, "Written by the command itself on %s; rerun the command above to regenerate this folder (finished runs in runs.csv are kept and skipped).\n\n",
		time.Now().UTC().Format(time.RFC3339))
	if p := strings.TrimSpace(r.Protocol); p != "" {
		b.WriteString("## Protocol\n\n" + p + "\n\n")
	}
	if n := strings.TrimSpace(r.Notes); n != "" {
		b.WriteString("## Notes\n\n" + n + "\n\n")
	}
	b.WriteString("## Files\n\n")
	for _, f := range files {
		fmt.Fprintf(&b, "- [%s](%s)\n", f, f)
	}
	return writeFileAtomic(filepath.Join(dir, "README.md"), []byte(b.String()))
}

// checkWritable fails early, before any training, when dir cannot be created or written, with
// the flag to change.
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-out %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("-out %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// splitList splits a comma-separated flag value into its non-blank, trimmed items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseModels reads -model: a comma list of "mlp" and "perceptron", each at most once.
func parseModels(s string) ([]string, error) {
	models := splitList(s)
	if len(models) == 0 {
		return nil, fmt.Errorf("-model is empty (valid: mlp, perceptron)")
	}
	for i, m := range models {
		if m != "mlp" && m != "perceptron" {
			return nil, fmt.Errorf("-model %q is unknown (valid: mlp, perceptron)", m)
		}
		if slices.Contains(models[:i], m) {
			return nil, fmt.Errorf("-model %s is given twice", m)
		}
	}
	return models, nil
}

// divergedNote lists the runs of recs with a diverged row = 1, grouped by section and
// activation, or says that none diverged. It goes under the summary tables, so that a diverged
// run is never silently absent.
func divergedNote(recs []sweep.Record) string {
	total := map[string]bool{}
	div := map[string]int{}
	var groups []string
	for _, r := range recs {
		total[r.Key.String()] = true
		if r.Metric == "diverged" && r.Value == 1 {
			g := fmt.Sprintf("%s %s %s %s lr=%s", r.Key.Model, r.Key.Hidden, r.Key.Variant(), r.Key.Activation, sweep.FormatFloat(r.Key.LR))
			if div[g] == 0 {
				groups = append(groups, g)
			}
			div[g]++
		}
	}
	if len(groups) == 0 {
		return fmt.Sprintf("Diverged runs (NaN or infinite loss): none of %d.", len(total))
	}
	slices.Sort(groups)
	var b strings.Builder
	n := 0
	for _, g := range groups {
		n += div[g]
	}
	fmt.Fprintf(&b, "Diverged runs (NaN or infinite loss, training stopped there; their metrics are those of the weights at that point): %d of %d:\n\n", n, len(total))
	for _, g := range groups {
		fmt.Fprintf(&b, "- %s: %d\n", strings.Join(strings.Fields(g), " "), div[g])
	}
	return b.String()
}
