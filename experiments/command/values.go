package command

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/activations"
)

// The flag.Values below bind list flags directly onto a Config's typed fields. Set replaces the
// whole list (never appends to a preset's), and each value is parsed once, here, where it
// enters.

// Acts is the flag.Value of an activation list (-acts): specs separated as SplitActSpecs says,
// each parsed with activations.Parse; a spec given twice is an error.
type Acts struct{ P *[]activations.Activation }

func (a Acts) String() string {
	if a.P == nil || *a.P == nil {
		return ""
	}
	return JoinActs(*a.P)
}

func (a Acts) Set(s string) error {
	specs := SplitActSpecs(s)
	if len(specs) == 0 {
		return fmt.Errorf("the list is empty (valid: %s)", strings.Join(activations.Names(), ", "))
	}
	out, err := ParseActs(specs)
	if err != nil {
		return err
	}
	*a.P = out
	return nil
}

// ParseActs parses activation specs into activations; a spec given twice (in canonical form) is
// an error.
func ParseActs(specs []string) ([]activations.Activation, error) {
	var out []activations.Activation
	for _, spec := range specs {
		a, err := activations.Parse(spec)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(out, func(b activations.Activation) bool { return b.String() == a.String() }) {
			return nil, fmt.Errorf("%s is given twice", a)
		}
		out = append(out, a)
	}
	return out, nil
}

// AllActs returns every registered activation at its default spec, in registry order.
func AllActs() []activations.Activation {
	acts, err := ParseActs(activations.Names())
	if err != nil {
		panic(err) // a registry name that does not parse is a bug of package activations
	}
	return acts
}

// JoinActs writes activations as a flag value: canonical specs separated by ';'.
func JoinActs(acts []activations.Activation) string {
	s := make([]string, len(acts))
	for i, a := range acts {
		s[i] = a.String()
	}
	return strings.Join(s, ";")
}

// Specs returns the canonical specs of acts.
func Specs(acts []activations.Activation) []string {
	s := make([]string, len(acts))
	for i, a := range acts {
		s[i] = a.String()
	}
	return s
}

// Act is the flag.Value of one optional activation (-baseline); "" is none (nil).
type Act struct{ P *activations.Activation }

func (a Act) String() string {
	if a.P == nil || *a.P == nil {
		return ""
	}
	return (*a.P).String()
}

func (a Act) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		*a.P = nil
		return nil
	}
	v, err := activations.Parse(strings.TrimSpace(s))
	if err != nil {
		return err
	}
	*a.P = v
	return nil
}

// SplitActSpecs splits an -acts value into activation specs. With a ';' anywhere, specs are
// separated by ';' only. Otherwise commas separate specs, except that a piece of the form
// key=value (an '=' with no ':' before it) continues the previous spec as one more parameter:
//
//	"tanh,relu,population:of=quench-mf,sigma=0.5" → ["tanh", "relu", "population:of=quench-mf,sigma=0.5"]
//
// A spec always starts with a name, and names hold no '=', so this reading is unambiguous.
// Blank pieces are ignored.
func SplitActSpecs(s string) []string {
	var out []string
	if strings.Contains(s, ";") {
		for _, p := range strings.Split(s, ";") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		eq, colon := strings.Index(p, "="), strings.Index(p, ":")
		if eq >= 0 && (colon < 0 || colon > eq) && len(out) > 0 {
			out[len(out)-1] += "," + p
			continue
		}
		out = append(out, p)
	}
	return out
}

// Floats is the flag.Value of a comma list of numbers (-lr, -sw2).
type Floats struct{ P *[]float64 }

func (f Floats) String() string {
	if f.P == nil {
		return ""
	}
	return FormatFloats(*f.P)
}

func (f Floats) Set(s string) error {
	var out []float64
	for _, p := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", strings.TrimSpace(p))
		}
		out = append(out, v)
	}
	*f.P = out
	return nil
}

// FormatFloats writes numbers as a comma list, each in its shortest form.
func FormatFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strings.Join(s, ",")
}

// Ints is the flag.Value of a comma list of distinct positive integers (-depths).
type Ints struct{ P *[]int }

func (v Ints) String() string {
	if v.P == nil {
		return ""
	}
	return JoinInts(*v.P)
}

func (v Ints) Set(s string) error {
	var out []int
	for _, p := range List(s) {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a positive integer", p)
		}
		if slices.Contains(out, n) {
			return fmt.Errorf("%d is given twice", n)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return fmt.Errorf("empty list")
	}
	*v.P = out
	return nil
}

// JoinInts writes integers as a comma list.
func JoinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

// Archs is the flag.Value of -hidden: architectures separated by ';', each a comma list of
// positive widths ("512,256;64").
type Archs struct{ P *[][]int }

func (a Archs) String() string {
	if a.P == nil {
		return ""
	}
	return FormatArchs(*a.P)
}

func (a Archs) Set(s string) error {
	var out [][]int
	for _, arch := range strings.Split(s, ";") {
		var widths []int
		for _, w := range strings.Split(arch, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(w))
			if err != nil || v < 1 {
				return fmt.Errorf("%q is not a positive integer width", strings.TrimSpace(w))
			}
			widths = append(widths, v)
		}
		out = append(out, widths)
	}
	*a.P = out
	return nil
}

// FormatArchs writes architectures as -hidden takes them.
func FormatArchs(h [][]int) string {
	s := make([]string, len(h))
	for i, a := range h {
		s[i] = JoinInts(a)
	}
	return strings.Join(s, ";")
}

// Strings is the flag.Value of a comma list of words (-model, -parts, -cmp-inits); blank items
// are dropped.
type Strings struct{ P *[]string }

func (v Strings) String() string {
	if v.P == nil {
		return ""
	}
	return strings.Join(*v.P, ",")
}

func (v Strings) Set(s string) error {
	*v.P = List(s)
	return nil
}

// List splits a comma-separated value into its non-blank, trimmed items.
func List(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Widths is the flag.Value of one architecture's hidden widths: a comma list of positive
// integers, repeats allowed ("128,128").
type Widths struct{ P *[]int }

func (v Widths) String() string {
	if v.P == nil {
		return ""
	}
	return JoinInts(*v.P)
}

func (v Widths) Set(s string) error {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("%q: want positive widths separated by commas", s)
		}
		out = append(out, n)
	}
	*v.P = out
	return nil
}
