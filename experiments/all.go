package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/figures"
	"github.com/isingact/isingact/experiments/mnist"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/experiments/xor"
)

const allUsage = `
The main command: the quick presets of xor, mnist and figures, one after the other, in a few
minutes on 2 cores. Prints the tables and writes each command's outputs (runs.csv, summary.md,
summary.csv, plots, README.md) under -out:

  <out>/xor      xor -quick: every activation; perceptron, MLPs 2-2-1 and 2-4-1; 20 seeds;
                 the perceptron on AND as a control; noisy XOR
  <out>/mnist    mnist -quick: MLP 784-256-10 per activation, trained on the first 10 000
                 training images for 3 epochs, 2 seeds, Adam lr 1e-3 (no sweep), tested on the
                 10 000 test images; and once more with the gain initialiser (1 seed)
  <out>/figures  figures -quick: the paper's figures with a small Monte Carlo

Like every command it resumes an interrupted run. The full runs are the commands themselves
(go run ./experiments xor; go run ./experiments mnist; go run ./experiments figures).

example:
  go run ./experiments
  go run ./experiments all -out /tmp/quick -acts relu,tanh,quench-tanh`

// runAll is the all command (the default).
func runAll(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	start := time.Now()
	fs := flag.NewFlagSet("all", flag.ContinueOnError)
	command.SetUsage(fs, stderr, "all", allUsage)
	out := fs.String("out", filepath.Join("results", "quick"), "output folder; each command writes into a subfolder")
	workers := fs.Int("workers", runtime.NumCPU(), "runs in parallel")
	acts := fs.String("acts", "", "activation specs for xor and mnist (default every registered one)")
	mnistDir := fs.String("mnist-dir", "", "folder of the four MNIST .gz files (default: found in the module cache)")
	wait := fs.Bool("wait", false, "wait while another command holds an output folder (default: fail at once, naming it)")
	if err := command.ParseArgs(fs, args); err != nil {
		return err
	}
	if *workers < 1 {
		return fmt.Errorf("all: -workers = %d, want a positive integer", *workers)
	}
	if err := sweep.CheckDir(*out); err != nil {
		return fmt.Errorf("all: %w", err)
	}
	common := []string{"-quick", "-workers", strconv.Itoa(*workers)}
	if *acts != "" {
		common = append(common, "-acts", *acts)
	}
	common = append(common, waitArg(*wait)...)
	mnistArgs := append([]string{"-out", filepath.Join(*out, "mnist")}, common...)
	if *mnistDir != "" {
		mnistArgs = append(mnistArgs, "-mnist-dir", *mnistDir)
	}
	steps := []struct {
		name string
		run  func(ctx context.Context, stdout, stderr io.Writer, args []string) error
		args []string
	}{
		{"xor", xor.Command().Run, append([]string{"-out", filepath.Join(*out, "xor")}, common...)},
		{"mnist", mnist.Command().Run, mnistArgs},
		{"figures", figures.Command().Run, append([]string{"-quick", "-workers", strconv.Itoa(*workers), "-out", filepath.Join(*out, "figures")}, waitArg(*wait)...)},
	}
	for _, s := range steps {
		t := time.Now()
		fmt.Fprintf(stdout, "\n## %s (quick preset): go run ./experiments %s %s\n\n", s.name, s.name, strings.Join(s.args, " "))
		if err := s.run(ctx, stdout, stderr, s.args); err != nil {
			return fmt.Errorf("all: %w", err)
		}
		fmt.Fprintf(stdout, "\n%s done in %s → %s\n", s.name, time.Since(t).Round(time.Second), filepath.Join(*out, s.name))
	}
	fmt.Fprintf(stdout, "\nall: done in %s; tables, plots and READMEs under %s\n", time.Since(start).Round(time.Second), *out)
	return nil
}

// waitArg is the -wait argument that passes all's -wait on to a command.
func waitArg(wait bool) []string {
	if wait {
		return []string{"-wait"}
	}
	return nil
}
