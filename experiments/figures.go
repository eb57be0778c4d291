package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// figuresConfig is the typed configuration of the figures command (defaults in
// defaultFiguresConfig).
type figuresConfig struct {
	Out     string   // output folder, created if missing
	Seed    uint64   // base seed of the Monte Carlo runs
	Quick   bool     // small Monte Carlo (tests and the all preset)
	Workers int      // concurrent Monte Carlo runs
	Only    []string // figure names to draw; empty means all
}

func defaultFiguresConfig() figuresConfig {
	return figuresConfig{Out: "results/figures", Seed: 1, Workers: runtime.GOMAXPROCS(0)}
}

// figure is one output of the command: files name.png and name.svg, a caption for the README,
// and the function that draws it. Draw returns extra files it wrote (e.g. a CSV of the data).
type figure struct {
	Name    string
	Caption string
	Draw    func(ctx context.Context, env *figEnv) (extra []string, err error)
}

// figEnv is what a figure's Draw gets: the config, the output folder and a progress writer.
type figEnv struct {
	cfg    figuresConfig
	stderr io.Writer
}

// figureList returns every figure the command draws, in order. A new figure is added by
// appending an entry here, with its Draw function in a file figures_<name>.go.
func figureList() []figure {
	return []figure{
		figMeanField(),
		figTanhFit(),
		figSpikeCount(),
		figMonteCarlo(),
		figGallery(),
	}
}

const figuresUsage = `
Draws the founding paper's figures, the 2D Ising comparison and the activation gallery (F and DF
of every registered activation) with gonum/plot, each as PNG and SVG, and writes README.md into
the output folder listing every figure and the command that made it (with -only, the sections of
figures not redrawn are kept while their PNG is there). Progress of the Monte Carlo runs goes to stderr.

example:
  go run ./experiments figures -out results/figures
  go run ./experiments figures -quick -only fig4_montecarlo_2d -out /tmp/figs`

// runFigures is the figures command.
func runFigures(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	cfg := defaultFiguresConfig()
	fs := flag.NewFlagSet("figures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./experiments figures [flags]\n%s\n\nflags:\n", figuresUsage)
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nfigures:")
		for _, f := range figureList() {
			fmt.Fprintf(stderr, "  %s\n", f.Name)
		}
	}
	fs.StringVar(&cfg.Out, "out", cfg.Out, "output `folder` (created if missing)")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "base `seed` of the Monte Carlo runs")
	fs.BoolVar(&cfg.Quick, "quick", cfg.Quick, "small Monte Carlo (seconds instead of minutes)")
	fs.IntVar(&cfg.Workers, "workers", cfg.Workers, "concurrent Monte Carlo `runs`")
	only := fs.String("only", "", "comma-separated figure `names` to draw (default: all)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if err := cfg.setOnly(*only); err != nil {
		return err
	}
	if cfg.Out == "" {
		return errors.New("figures: -out must not be empty")
	}
	if cfg.Workers < 1 {
		return fmt.Errorf("figures: -workers = %d must be ≥ 1", cfg.Workers)
	}
	if err := figCheckWritable(cfg.Out); err != nil {
		return err
	}
	env := &figEnv{cfg: cfg, stderr: stderr}
	var done []figDone
	for _, f := range figureList() {
		if len(cfg.Only) > 0 && !slices.Contains(cfg.Only, f.Name) {
			continue
		}
		start := time.Now()
		extra, err := f.Draw(ctx, env)
		if err != nil {
			return fmt.Errorf("figures: %s: %w", f.Name, err)
		}
		files := append([]string{f.Name + ".png", f.Name + ".svg"}, extra...)
		wall := time.Since(start)
		done = append(done, figDone{f, files, start, wall})
		fmt.Fprintf(stdout, "figures: %s (%s) → %s\n", f.Name, wall.Round(time.Millisecond),
			strings.Join(files, ", "))
	}
	if err := writeFiguresReadme(cfg, args, done); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	return nil
}

// setOnly validates and stores the -only list.
func (c *figuresConfig) setOnly(s string) error {
	if s == "" {
		return nil
	}
	var names []string
	for _, f := range figureList() {
		names = append(names, f.Name)
	}
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if !slices.Contains(names, n) {
			return fmt.Errorf("figures: unknown figure %q in -only (valid: %s)", n, strings.Join(names, ", "))
		}
		c.Only = append(c.Only, n)
	}
	return nil
}

// figCheckWritable creates dir if needed and checks that a file can be written in it.
func figCheckWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("figures: cannot create output folder: %w", err)
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("figures: output folder %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

type figDone struct {
	fig   figure
	files []string
	start time.Time
	wall  time.Duration
}

// writeFiguresReadme writes README.md into the output folder: one section per figure, in
// figureList order, with its picture, caption, files and the command, machine, date and wall time
// that made it. A figure not drawn by this run (-only) keeps its section from the README already
// there, provided its PNG is still in the folder, so the README always lists every figure present.
func writeFiguresReadme(cfg figuresConfig, args []string, done []figDone) error {
	path := filepath.Join(cfg.Out, "README.md")
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	kept := figReadmeSections(string(old))
	cmd := "go run ./experiments figures"
	if len(args) > 0 {
		cmd += " " + strings.Join(args, " ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Figures\n\nEach section gives the command that made its figure; "+
		"`go run ./experiments figures -out %s` redraws them all. Do not edit by hand.\n\n", cfg.Out)
	for _, f := range figureList() {
		i := slices.IndexFunc(done, func(d figDone) bool { return d.fig.Name == f.Name })
		if i < 0 {
			if sec, ok := kept[f.Name]; ok {
				if _, err := os.Stat(filepath.Join(cfg.Out, f.Name+".png")); err == nil {
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
			cmd, cfg.Seed, cfg.Quick, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
			d.start.UTC().Format("2006-01-02"), d.wall.Round(time.Millisecond))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// figReadmeSections splits a README written by writeFiguresReadme into its figure sections, keyed
// by figure name; each section runs from its "## name" line to the next one (or the end).
func figReadmeSections(readme string) map[string]string {
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
