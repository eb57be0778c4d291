// Package figures draws the founding paper's figures (the mean-field magnetization, the fit of
// Eq. 2, the spike count), the 2D Ising comparison (Monte Carlo against Onsager and mean field)
// and the activation gallery, each as PNG and SVG, and writes a README listing every figure
// with the command that made it.
//
// From Go: figures.Run(ctx, figures.Quick(), sweep.Options{Dir: dir, Workers: 2}) does what
// go run ./experiments figures -quick -out dir -workers 2 does.
package figures

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/sweep"
)

// Config is the figures experiment's configuration.
type Config struct {
	Seed  uint64   // base seed of the Monte Carlo runs
	Quick bool     // small Monte Carlo (tests and the all command)
	Only  []string // figure names to draw; empty means all
}

// Full draws every figure with the full Monte Carlo (several minutes on two cores); it is also
// the command's default.
func Full() Config { return Config{Seed: 1} }

// Quick draws every figure with a small Monte Carlo (seconds).
func Quick() Config { return Config{Seed: 1, Quick: true} }

// figure is one output: files name.png and name.svg, a caption for the README, and the function
// that draws it. Draw returns extra files it wrote (e.g. a CSV of the data).
type figure struct {
	Name    string
	Caption string
	Draw    func(ctx context.Context, e *env) (extra []string, err error)
}

// env is what a figure's Draw gets: the config, the output folder, the Monte Carlo workers and
// a progress writer.
type env struct {
	cfg     Config
	dir     string
	workers int
	stderr  io.Writer
}

// figureList returns every figure, in order. A new figure is added by appending an entry here,
// with its Draw function in a file <name>.go.
func figureList() []figure {
	return []figure{meanField(), tanhFit(), spikeCount(), monteCarlo(), gallery()}
}

// Names lists the figures' names, in order.
func Names() []string {
	var names []string
	for _, f := range figureList() {
		names = append(names, f.Name)
	}
	return names
}

// Run draws the figures of cfg (all, or cfg.Only) into o.Dir and writes README.md there, holding
// the folder's locks throughout (sweep.Hold). The Monte Carlo runs use o.Workers goroutines and
// report on o.Progress; a line per figure goes to o.Stdout.
func Run(ctx context.Context, cfg Config, o sweep.Options) error {
	for _, n := range cfg.Only {
		if !slices.Contains(Names(), n) {
			return fmt.Errorf("figures: unknown figure %q in -only (valid: %s)", n, strings.Join(Names(), ", "))
		}
	}
	if strings.TrimSpace(o.Dir) == "" {
		return fmt.Errorf("figures: -out must not be empty")
	}
	if o.Workers < 1 || o.Workers > sweep.MaxWorkers {
		return fmt.Errorf("figures: -workers = %d, want 1 … %d", o.Workers, sweep.MaxWorkers)
	}
	if err := sweep.CheckDir(o.Dir); err != nil {
		return fmt.Errorf("figures: output folder: %w", err)
	}
	if o.Command == "" {
		o.Command = "figures.Run (Go API)"
	}
	o, release, err := sweep.Hold(ctx, o, "figures")
	if err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	defer release()
	e := &env{cfg: cfg, dir: o.Dir, workers: o.Workers, stderr: orDiscard(o.Progress)}
	var done []drawn
	for _, f := range figureList() {
		if len(cfg.Only) > 0 && !slices.Contains(cfg.Only, f.Name) {
			continue
		}
		start := time.Now()
		extra, err := f.Draw(ctx, e)
		if err != nil {
			return fmt.Errorf("figures: %s: %w", f.Name, err)
		}
		files := append([]string{f.Name + ".png", f.Name + ".svg"}, extra...)
		wall := time.Since(start)
		done = append(done, drawn{f, files, start, wall})
		fmt.Fprintf(orDiscard(o.Stdout), "figures: %s (%s) → %s\n", f.Name, wall.Round(time.Millisecond), strings.Join(files, ", "))
	}
	if err := writeReadme(cfg, o, done); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	return nil
}

func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
