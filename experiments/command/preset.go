package command

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Spec is how a command reads its flags: its name and usage text, its presets, and how its
// flags bind onto a value of T (typically the experiment's Config with its sweep.Options).
type Spec[T any] struct {
	Name, Usage string
	Stderr      io.Writer // usage and flag errors
	// Preset returns a fresh value of the preset name: "default", "quick" or "full".
	Preset func(name string) T
	// Bind registers the command's flags on fs, each with its default and destination in *v.
	Bind func(fs *flag.FlagSet, v *T)
}

// Parsed says how a value came about: the preset it started from and the flags given
// explicitly.
type Parsed struct {
	Preset string
	Set    map[string]bool
	Flags  []string // the flags given explicitly, as -name=value with the parsed value, in name order
}

// RunFlags are the flags that say how and where one invocation runs, not what its sweep is:
// SweepFlags leaves them out of sweep.json, so every shard of a sweep writes the same manifest.
func RunFlags() []string { return []string{"out", "workers", "wait", "shard", "shards", "stage"} }

// SweepFlags are the explicit flags that define the sweep (Flags without RunFlags), as the
// report command parses them again from sweep.json.
func (p Parsed) SweepFlags() []string {
	out := []string{}
	for _, f := range p.Flags {
		name, _, _ := strings.Cut(strings.TrimPrefix(f, "-"), "=")
		if !slices.Contains(RunFlags(), name) {
			out = append(out, f)
		}
	}
	return out
}

// Parse is the one precedence rule of every command, in two passes. The first learns -quick or
// -full (and reports any flag error or -h, with the usage of the default preset); the second
// binds every flag onto a fresh copy of the chosen preset and parses the same arguments again,
// so a flag given explicitly wins and every other value is the preset's. -quick and -full
// together are an error.
func (s Spec[T]) Parse(args []string) (T, Parsed, error) {
	v := s.Preset("default")
	fs, quick, full := s.flagSet(&v, s.Stderr)
	if err := ParseArgs(fs, args); err != nil {
		return v, Parsed{}, err
	}
	p := Parsed{Preset: "default", Set: map[string]bool{}}
	switch {
	case *quick && *full:
		return v, p, errors.New("-quick and -full are exclusive")
	case *quick:
		p.Preset = "quick"
	case *full:
		p.Preset = "full"
	}
	v = s.Preset(p.Preset)
	fs, _, _ = s.flagSet(&v, io.Discard)
	if err := fs.Parse(args); err != nil {
		return v, p, fmt.Errorf("%s: %w", s.Name, err) // cannot happen: the first pass accepted args
	}
	fs.Visit(func(f *flag.Flag) {
		p.Set[f.Name] = true
		p.Flags = append(p.Flags, "-"+f.Name+"="+f.Value.String())
	})
	return v, p, nil
}

// flagSet is a flag set bound onto *v, with -quick and -full, its usage going to w.
func (s Spec[T]) flagSet(v *T, w io.Writer) (fs *flag.FlagSet, quick, full *bool) {
	fs = flag.NewFlagSet(s.Name, flag.ContinueOnError)
	SetUsage(fs, w, s.Name, s.Usage)
	s.Bind(fs, v)
	quick = fs.Bool("quick", false, "start from the quick preset (a smoke run in seconds to minutes)")
	full = fs.Bool("full", false, "start from the full preset (the committed results)")
	return fs, quick, full
}
