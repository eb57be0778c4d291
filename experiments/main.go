// Command experiments runs isingact's experiments:
//
//	go run ./experiments [command] [flags]
//
// With no command it runs "all", the quick preset of every experiment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	expcmd "github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/mnist"
	"github.com/isingact/isingact/experiments/xor"
	"io"
	"os"
	"os/signal"
	"strings"
)

// command is one subcommand of the CLI; each lives in its own file.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, stdout, stderr io.Writer, args []string) error
}

func commands() []command {
	return []command{
		{"all", "quick preset of xor, mnist and figures (the default)", runAll},
		{"xor", "perceptrons and MLPs on XOR, every activation, many seeds", xor.Command().Run},
		{"mnist", "MLPs on MNIST per activation, with a learning-rate sweep", mnist.Command().Run},
		{"figures", "the paper's figures and the activation gallery", runFigures},
		{"peer", "the Go trainer and PyTorch side by side on MNIST (epoch time, accuracy)", runPeer},
		{"activations", "list the registered activations (Markdown table)", runList},
		{"criticality", "edge-of-chaos phase diagrams and deep-network trainability", runCriticality},
		{"report", "merge a sharded sweep's runs files into its summaries, README and plots", expcmd.ReportCommand(xor.Command(), mnist.Command()).Run},
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
		if c.name == name {
			return c.run(ctx, stdout, stderr, args)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", name)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: go run ./experiments [command] [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'go run ./experiments <command> -h' for a command's flags.")
}
