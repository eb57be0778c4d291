package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/criticality"
	"github.com/isingact/isingact/experiments/figures"
	"github.com/isingact/isingact/experiments/learnable"
	"github.com/isingact/isingact/experiments/mnist"
	"github.com/isingact/isingact/experiments/peer"
	"github.com/isingact/isingact/experiments/report/site"
	"github.com/isingact/isingact/experiments/xor"
)

// commands is the command table: each experiment's Command, and the commands of this package.
func commands() []command.Command {
	return []command.Command{
		{Name: "all", Summary: "quick preset of xor, mnist and figures (the default)", Run: runAll},
		xor.Command(),
		mnist.Command(),
		learnable.Command(),
		figures.Command(),
		peer.Command(),
		{Name: "activations", Summary: "list the registered activations (Markdown table)", Run: runList},
		criticality.Command(),
		{Name: "readme", Summary: "regenerate the README's result and activation tables from results/*/summary.csv", Run: runReadme},
		site.Command(),
		command.ReportCommand(xor.Command(), mnist.Command(), criticality.Command()),
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Stdout, os.Stderr, os.Args[1:])
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp): // -h printed the usage: not a failure
	default:
		fmt.Fprintln(os.Stderr, "experiments:", err)
		os.Exit(1)
	}
}

// run dispatches to a command; it is main without the process around it, for tests.
func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	name := "all"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.Name == name {
			return c.Run(ctx, stdout, stderr, args)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", name)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: go run ./experiments [command] [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.Name, c.Summary)
	}
	fmt.Fprintln(w, "\nRun 'go run ./experiments <command> -h' for a command's flags.")
}
