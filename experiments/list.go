package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/command"
)

// runList prints the activation registry as a Markdown table: every registered name, its kind,
// its canonical default spec, its parameters and its formula. The README's table is this output
// (a test keeps the two equal), so the list in the docs never drifts from the registry.
func runList(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := flag.NewFlagSet("activations", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./experiments activations\n\nPrints the registered activations as a Markdown table.")
	}
	if err := command.ParseArgs(fs, args); err != nil {
		return err
	}
	_, err := io.WriteString(stdout, activationTable())
	return err
}

// activationTable renders the registry, derived activations first, each group sorted by name.
func activationTable() string {
	var b strings.Builder
	b.WriteString("| activation | kind | default spec | parameters | formula |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for _, kind := range []activations.Kind{activations.Derived, activations.Stock} {
		for _, info := range activations.All() {
			if info.Kind != kind {
				continue
			}
			params := make([]string, len(info.Params))
			for i, p := range info.Params {
				params[i] = p.String()
			}
			ps := strings.Join(params, "; ")
			if ps == "" {
				ps = "—"
			}
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s | %s |\n", info.Name, info.Kind, info.Default, ps, info.Doc)
		}
	}
	return b.String()
}
