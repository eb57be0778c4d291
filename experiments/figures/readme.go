package figures

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
)

// drawn is a figure drawn by this run, with its files and timing.
type drawn struct {
	fig   figure
	files []string
	start time.Time
	wall  time.Duration
}

// writeReadme writes README.md into the output folder: one section per figure, in
// figureList order, with its picture, caption, files and the command, machine, date and wall time
// that made it. A figure not drawn by this run (-only) keeps its section from the README already
// there, provided its PNG is still in the folder, so the README always lists every figure present.
func writeReadme(cfg Config, o sweep.Options, done []drawn) error {
	path := filepath.Join(o.Dir, "README.md")
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	kept := readmeSections(string(old))
	var b strings.Builder
	fmt.Fprintf(&b, "# Figures\n\nEach section gives the command that made its figure; "+
		"`go run ./experiments figures -out %s` redraws them all. Do not edit by hand.\n\n", o.Dir)
	for _, f := range figureList() {
		i := slices.IndexFunc(done, func(d drawn) bool { return d.fig.Name == f.Name })
		if i < 0 {
			if sec, ok := kept[f.Name]; ok {
				if _, err := os.Stat(filepath.Join(o.Dir, f.Name+".png")); err == nil {
					b.WriteString(sec)
				}
			}
			continue
		}
		d := done[i]
		fmt.Fprintf(&b, "## %s\n\n", f.Name)
		fmt.Fprintf(&b, "![%s](%s.png)\n\n", f.Name, f.Name)
		fmt.Fprintf(&b, "%s\n\nFiles: %s.\n\n", f.Caption, strings.Join(d.files, ", "))
		fmt.Fprintf(&b, "Made by `%s` (seed %d, quick = %v; %s %s/%s, %d CPUs) on %s in %s.\n\n",
			o.Command, cfg.Seed, cfg.Quick, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
			d.start.UTC().Format("2006-01-02"), d.wall.Round(time.Millisecond))
	}
	return atomicfile.WriteFile(path, []byte(b.String()))
}

// readmeSections splits a README written by writeReadme into its figure sections, keyed
// by figure name; each section runs from its "## name" line to the next one (or the end).
func readmeSections(readme string) map[string]string {
	secs := map[string]string{}
	lines := strings.SplitAfter(readme, "\n")
	name, start := "", -1
	flush := func(end int) {
		if start >= 0 && name != "" {
			secs[name] = strings.Join(lines[start:end], "")
		}
	}
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "## "); ok {
			flush(i)
			name, start = strings.TrimSpace(rest), i
		}
	}
	flush(len(lines))
	return secs
}
