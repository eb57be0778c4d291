// Package command is what the experiments' commands share: the Command value each experiment
// package exports (main lists them, as cmd/go lists its base.Command values), the one rule that
// turns a preset and flags into a Config (Parse), typed flag.Values for the lists the flags take,
// and Training, the settings every training experiment has.
package command

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Command is one subcommand of go run ./experiments.
type Command struct {
	Name    string // the word after go run ./experiments
	Summary string // one line for the command list
	// Run parses args (the words after the name) and runs the command, printing its tables on
	// stdout and its progress on stderr. -h returns an error wrapping flag.ErrHelp.
	Run func(ctx context.Context, stdout, stderr io.Writer, args []string) error
}

// SetUsage sets fs's output to w and its usage to: "usage: go run ./experiments <name> [flags]",
// the text (a description with an example), then the flags with their defaults.
func SetUsage(fs *flag.FlagSet, w io.Writer, name, text string) {
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "usage: go run ./experiments %s [flags]\n\n%s\n\nflags:\n", name, strings.TrimSpace(text))
		fs.PrintDefaults()
	}
}

// ParseArgs parses a command's flags and refuses stray arguments, naming the command (the flag
// set's name) in the error.
func ParseArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected arguments %q", fs.Name(), fs.Args())
	}
	return nil
}
