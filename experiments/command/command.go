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

	"github.com/isingact/isingact/experiments/sweep"
)

// Command is one subcommand of go run ./experiments.
type Command struct {
	Name    string // the word after go run ./experiments
	Summary string // one line for the command list
	// Run parses args (the words after the name) and runs the command, printing its tables on
	// stdout and its progress on stderr. -h returns an error wrapping flag.ErrHelp.
	Run func(ctx context.Context, stdout, stderr io.Writer, args []string) error
	// Merge, for a sweep command (nil for the others), is what the report command needs of it:
	// the sweep rebuilt from its flags (sweep.json's) and the records of every runs file of the
	// folder, as a Plan.
	Merge func(flags []string, recs []sweep.Record) (Plan, error)
}

// Plan is a sweep as the report command sees it: the jobs it expects, stage by stage, and how
// the experiment writes its outputs.
type Plan struct {
	Stages []Stage
	// Write writes the experiment's summary.md, summary.csv, README.md and plots into o.Dir from
	// the folder's records (every runs file, merged) — the same function its unsharded command
	// calls after the runs; o.Stdout gets the tables.
	Write func(ctx context.Context, o sweep.Options, recs []sweep.Record) error
}

// Stage is one stage of a sweep: its jobs' keys in job order (job j is shard j mod n's), or, when
// they are not known yet, why (Waiting: a stage that needs an earlier stage's results).
type Stage struct {
	Name    string // "runs"; MNIST: "sweep", "final"
	Keys    []sweep.Key
	Waiting string
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
