package activations

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Param describes one parameter of a registered activation, as listed by Describe and All.
type Param struct {
	// Key is the name used in specs, for example "a" in "quench-tanh:a=2".
	Key string
	// Doc is a one-line description.
	Doc string
	// Default is the value used when the spec omits the key, in spec syntax ("6", "quench-mf").
	Default string
	// Min and Max bound a numeric parameter (closed interval).
	Min, Max float64
	// Nested marks a parameter whose value is an activation spec instead of a number
	// (population's of=). Inside a spec, the nested spec writes its commas as ';'.
	Nested bool
	// Values lists the words a parameter may take instead of a number (units=tc|j); empty
	// for numeric and nested parameters.
	Values []string
}

// String describes the parameter for error messages and listings: "a in [0.001, 1000] (default 1)",
// "units in {tc, j} (default tc)".
func (p Param) String() string {
	if p.Nested {
		return fmt.Sprintf("%s=<activation spec> (default %s)", p.Key, p.Default)
	}
	if len(p.Values) > 0 {
		return fmt.Sprintf("%s in {%s} (default %s)", p.Key, strings.Join(p.Values, ", "), p.Default)
	}
	return fmt.Sprintf("%s in [%s, %s] (default %s)", p.Key, formatFloat(p.Min), formatFloat(p.Max), p.Default)
}

// floatParam declares a numeric parameter with its default and closed range.
func floatParam(key string, def, lo, hi float64, doc string) Param {
	return Param{Key: key, Doc: doc, Default: formatFloat(def), Min: lo, Max: hi}
}

// wordParam declares a parameter that takes one of the given words; the first is the default.
func wordParam(key string, values []string, doc string) Param {
	return Param{Key: key, Doc: doc, Default: values[0], Values: values}
}

// args holds a spec's validated parameter values with the defaults filled in; the build
// function of each registry entry reads them by key.
type args struct {
	floats map[string]float64
	specs  map[string]string
	words  map[string]string
}

// float returns the numeric parameter key. Asking for a key the entry did not declare is a
// programmer error and panics.
func (a args) float(key string) float64 {
	v, ok := a.floats[key]
	if !ok {
		panic("activations: undeclared float parameter " + key)
	}
	return v
}

// spec returns the nested spec parameter key, with its ';' turned back into ','.
func (a args) spec(key string) string {
	v, ok := a.specs[key]
	if !ok {
		panic("activations: undeclared spec parameter " + key)
	}
	return v
}

// word returns the word parameter key (one of its declared Values).
func (a args) word(key string) string {
	v, ok := a.words[key]
	if !ok {
		panic("activations: undeclared word parameter " + key)
	}
	return v
}

// parseArgs validates the raw key=value pairs of a spec against the declared parameters:
// unknown keys, unparsable or non-finite numbers, out-of-range values and words not among a
// parameter's Values are errors that list the valid keys, ranges and words.
func parseArgs(name string, params []Param, raw map[string]string) (args, error) {
	a := args{floats: map[string]float64{}, specs: map[string]string{}, words: map[string]string{}}
	for k := range raw {
		if findParam(params, k) < 0 {
			return args{}, fmt.Errorf("activations: %s has no parameter %q (%s)", name, k, validParams(params))
		}
	}
	for _, p := range params {
		s, given := raw[p.Key]
		if !given {
			s = p.Default
		}
		if p.Nested {
			a.specs[p.Key] = strings.ReplaceAll(s, ";", ",")
			continue
		}
		if len(p.Values) > 0 {
			if !slices.Contains(p.Values, s) {
				return args{}, fmt.Errorf("activations: %s: %s=%q is not one of %s (%s)", name, p.Key, s, strings.Join(p.Values, ", "), validParams(params))
			}
			a.words[p.Key] = s
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return args{}, fmt.Errorf("activations: %s: %s=%q is not a finite number (%s)", name, p.Key, s, validParams(params))
		}
		if v < p.Min || v > p.Max {
			return args{}, fmt.Errorf("activations: %s: %s=%s is out of range (%s)", name, p.Key, s, validParams(params))
		}
		a.floats[p.Key] = v + 0 // −0 becomes 0
	}
	return a, nil
}

func findParam(params []Param, key string) int {
	for i, p := range params {
		if p.Key == key {
			return i
		}
	}
	return -1
}

func validParams(params []Param) string {
	if len(params) == 0 {
		return "it takes no parameters"
	}
	s := make([]string, len(params))
	for i, p := range params {
		s[i] = p.String()
	}
	return "valid: " + strings.Join(s, "; ")
}

// formatFloat prints v in the shortest form that parses back to the same float64 (−0 as 0).
func formatFloat(v float64) string {
	if v == 0 {
		v = 0 // drop the sign of −0
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// specOf builds a canonical spec from a name and key, value pairs; values are float64
// (printed exactly) or nested specs (Activation or string; their commas become ';').
// Every parameter is printed, in declaration order, so the spec does not depend on defaults.
func specOf(name string, kv ...any) string {
	if len(kv) == 0 {
		return name
	}
	var b strings.Builder
	b.WriteString(name)
	for i := 0; i+1 < len(kv); i += 2 {
		if i == 0 {
			b.WriteByte(':')
		} else {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, kv[i], "=")
		switch v := kv[i+1].(type) {
		case float64:
			b.WriteString(formatFloat(v))
		case fmt.Stringer:
			b.WriteString(strings.ReplaceAll(v.String(), ",", ";"))
		default:
			b.WriteString(strings.ReplaceAll(fmt.Sprint(v), ",", ";"))
		}
	}
	return b.String()
}
