package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/criticality"
	"github.com/isingact/isingact/experiments/learnable"
	"github.com/isingact/isingact/experiments/mnist"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/xor"
	"github.com/isingact/isingact/internal/atomicfile"
)

const readmeUsage = `
Regenerates the README's generated sections, each between its marker comments
(<!-- name:begin --> … <!-- name:end -->): the XOR, MNIST and criticality result tables and the
XOR and MNIST claims (the sentences stating each verdict: xor-claims, mnist-claims) from the
committed <results>/{xor,mnist,criticality}/summary.csv, the learnable-parameters paragraph
from <results>/learnable/summary.csv and params.csv, and the activation table from the
registry. Nothing is trained; a test keeps README.md equal to what this command writes.

example:
  go run ./experiments readme`

// runReadme is the readme command.
func runReadme(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("readme", flag.ContinueOnError)
	command.SetUsage(fs, stderr, "readme", readmeUsage)
	path := fs.String("readme", "README.md", "the README to update")
	results := fs.String("results", "results", "the folder of the committed results")
	if err := command.ParseArgs(fs, args); err != nil {
		return err
	}
	old, err := os.ReadFile(*path)
	if err != nil {
		return fmt.Errorf("readme: %w", err)
	}
	doc, err := readmeSections(string(old), *results)
	if err != nil {
		return fmt.Errorf("readme: %w", err)
	}
	if doc == string(old) {
		fmt.Fprintf(stdout, "readme: %s is up to date\n", *path)
		return nil
	}
	if err := atomicfile.WriteFile(*path, []byte(doc)); err != nil {
		return fmt.Errorf("readme: %w", err)
	}
	fmt.Fprintf(stdout, "readme: %s updated\n", *path)
	return nil
}

// readmeSections returns doc with every generated section replaced by what the results and the
// registry give now.
func readmeSections(doc, results string) (string, error) {
	sections := []struct {
		name, folder string
		text         func([]report.Line) (string, error)
	}{
		{"xor", "xor", xor.ReadmeTable}, {"xor-claims", "xor", xor.ReadmeClaims},
		{"mnist", "mnist", mnist.ReadmeTable}, {"mnist-claims", "mnist", mnist.ReadmeClaims},
		{"criticality", "criticality", criticality.ReadmeTable},
	}
	for _, s := range sections {
		lines, err := report.ReadCSV(filepath.Join(results, s.folder, "summary.csv"))
		if err != nil {
			return "", err
		}
		body, err := s.text(lines)
		if err != nil {
			return "", err
		}
		if doc, err = report.ReplaceSection(doc, s.name, body); err != nil {
			return "", err
		}
	}
	body, err := learnable.ReadmeSection(filepath.Join(results, "learnable"))
	if err != nil {
		return "", err
	}
	if doc, err = report.ReplaceSection(doc, "learnable", body); err != nil {
		return "", err
	}
	return report.ReplaceSection(doc, "activations", activationTable())
}
