package figures

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
)

const usage = `
Draws the founding paper's figures, the 2D Ising comparison and the activation gallery (F and DF
of every registered activation) with gonum/plot, each as PNG and SVG, and writes README.md into
the output folder listing every figure and the command that made it (with -only, the sections of
figures not redrawn are kept while their PNG is there). Progress of the Monte Carlo runs goes to stderr.

example:
  go run ./experiments figures -out results/figures
  go run ./experiments figures -quick -only fig4_montecarlo_2d -out /tmp/figs`

// Command is the figures command: its flags bound onto a Config (-quick: the small Monte Carlo)
// and sweep.Options, then Run.
func Command() command.Command {
	return command.Command{Name: "figures", Summary: "the paper's figures and the activation gallery", Run: runCommand}
}

// flags is what the command's flags set.
type flags struct {
	cfg Config
	opt sweep.Options
}

func spec(stderr io.Writer) command.Spec[flags] {
	return command.Spec[flags]{Name: "figures", Usage: usage, Stderr: stderr,
		Preset: func(name string) flags {
			c := Full()
			if name == "quick" {
				c = Quick()
			}
			return flags{cfg: c, opt: sweep.Options{Dir: filepath.Join("results", "figures")}}
		},
		Bind: func(fs *flag.FlagSet, f *flags) {
			command.BindOptions(fs, &f.opt)
			fs.Uint64Var(&f.cfg.Seed, "seed", f.cfg.Seed, "base `seed` of the Monte Carlo runs")
			fs.Var(command.Strings{P: &f.cfg.Only}, "only", "comma-separated figure `names` to draw (default: all)")
			prev := fs.Usage
			fs.Usage = func() {
				prev()
				fmt.Fprintln(fs.Output(), "\nfigures:")
				for _, n := range Names() {
					fmt.Fprintf(fs.Output(), "  %s\n", n)
				}
			}
		}}
}

func runCommand(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	f, _, err := spec(stderr).Parse(args)
	if err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	f.opt.Label, f.opt.Progress, f.opt.Stdout = "figures", stderr, stdout
	f.opt.Command = report.CommandLine("figures", args)
	return Run(ctx, f.cfg, f.opt)
}
