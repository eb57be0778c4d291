package report

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/report/site"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
)

// CommandLine is the command line of an experiments command with its arguments, as the
// provenance records it: "go run ./experiments xor -quick".
func CommandLine(name string, args []string) string {
	return strings.TrimSpace("go run ./experiments " + name + " " + strings.Join(args, " "))
}

// Header is the provenance block for summary.md and the results READMEs: the exact command, the
// Go version and platform, the CPU model (from /proc/cpuinfo where there is one) and core count,
// the start time and the wall time so far.
func Header(command string, start time.Time) string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("Command: `%s`  \nMachine: %s, %s/%s, %d CPUs, %s  \nStarted: %s; wall time %s\n",
		command, cpu, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(),
		start.UTC().Format(time.RFC3339), time.Since(start).Round(time.Second))
}

// LoadAverage returns the 1-, 5- and 15-minute load averages from /proc/loadavg, or "unknown".
func LoadAverage() string {
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

// Readme is the provenance of an output folder, written as <dir>/README.md by the command that
// filled it: what was run, on what, when, how long it took, the machine's load (other work on
// the machine slows the per-epoch times, never the accuracies), the protocol and the files.
type Readme struct {
	Title    string
	Header   string // Header's lines: command, machine, start, wall time
	LoadFrom string // load average when the command started
	Protocol string // Markdown: what the runs are and how the tables were computed
	Notes    string // Markdown: anything else (diverged runs, skipped runs)
}

// Write writes <dir>/report.html (site.WriteReport: the summaries and every plot of the folder,
// which the commands draw before their README), then the README, atomically, listing the
// folder's files (runs.csv, summaries, plots, report.html).
func (r Readme) Write(dir string) error {
	if err := site.WriteReport(dir, r.Title); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("report: %w", err)
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
		r.LoadFrom, LoadAverage())
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
	return atomicfile.WriteFile(filepath.Join(dir, "README.md"), []byte(b.String()))
}

// DivergedNote lists the runs of recs with a diverged row = 1, grouped by section and
// activation, or says that none diverged. It goes under the summary tables, so that a diverged
// run is never silently absent.
func DivergedNote(recs []sweep.Record) string {
	total := map[sweep.Key]bool{}
	div := map[string]int{}
	var groups []string
	for _, r := range recs {
		total[r.Key] = true
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
