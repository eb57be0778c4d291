package site

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/isingact/isingact/experiments/command"
)

// Command is "site": the HTML pages of a results tree.
func Command() command.Command {
	return command.Command{Name: "site", Summary: "offline HTML: report.html per experiment, index.html, a page per activation",
		Run: runCommand}
}

func runCommand(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	results := fs.String("results", "results", "the folder of experiment folders")
	command.SetUsage(fs, stderr, "site", `Writes report.html into every experiment folder under -results (every folder with a
summary.md or README.md), and index.html and activations/<name>.html into -results, from the
files already there (summaries, plots) and the activation registry. Nothing is rerun; the
same files give the same pages.

Example: go run ./experiments site -results results`)
	if err := command.ParseArgs(fs, args); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := Build(Options{Results: *results, Command: "go run ./experiments site -results " + *results}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "site: wrote %s\n", *results+"/index.html")
	return nil
}
