package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// Settings are a run's settings beyond the key's columns: what one experiment varies that the
// others do not. The zero value is "nothing else" (an empty variant column). They are written to
// runs.csv's variant column by Key.Variant and read back by ParseVariant — the one place where
// they are strings — as "k=v;k=v" in the field order below, with only the settings in use:
//
//	part=train;sw2=0.5;sb2=0.05;steps=150;subset=9600;eval=2000   (criticality, trainability grid)
//	task=and;lr=0.05;init=he-normal                               (xor: AND control, a learning-rate sweep, another initialiser)
//	init=he-normal;subset=600                                     (mnist on a subset with another initialiser)
type Settings struct {
	Part   string   // criticality: the part the run belongs to, "train" or "compare"; "" elsewhere
	Task   string   // xor: "and" or "noisy-xor"; "" for XOR itself
	ByLR   bool     // the run's learning rate (Key.LR) is also a section of the tables: "lr=<LR>"
	SW2    OptFloat // criticality, part train: σ_w² of the Gaussian initialiser
	Init   string   // weight initialiser when not the experiment's default ("" for the default)
	SB2    OptFloat // criticality: σ_b² of the initialiser
	Steps  int      // criticality: SGD steps per run; 0: not a setting
	Subset int      // training images used (the first Subset); 0: all, not a setting
	Eval   int      // criticality: validation and test images (the first Eval); 0: not a setting
}

// OptFloat is an optional real setting, written only when Set (0 is a valid value: σ_b² = 0).
type OptFloat struct {
	V   float64
	Set bool
}

// Some returns the setting v.
func Some(v float64) OptFloat { return OptFloat{V: v, Set: true} }

// Variant is the key's variant column: its settings as "k=v;k=v" ("" when none), the lr entry
// taken from the key's learning rate.
func (k Key) Variant() string {
	s := k.Settings
	var kv []string
	add := func(name, v string, use bool) {
		if use {
			kv = append(kv, name+"="+v)
		}
	}
	add("part", s.Part, s.Part != "")
	add("task", s.Task, s.Task != "")
	add("lr", FormatFloat(k.LR), s.ByLR)
	add("sw2", FormatFloat(s.SW2.V), s.SW2.Set)
	add("init", s.Init, s.Init != "")
	add("sb2", FormatFloat(s.SB2.V), s.SB2.Set)
	add("steps", strconv.Itoa(s.Steps), s.Steps != 0)
	add("subset", strconv.Itoa(s.Subset), s.Subset != 0)
	add("eval", strconv.Itoa(s.Eval), s.Eval != 0)
	return strings.Join(kv, ";")
}

// ParseVariant reads a variant column written by Key.Variant for a run with learning rate lr.
// An unknown setting, a malformed number or an lr entry that is not the run's rate is an error.
func ParseVariant(v string, lr float64) (Settings, error) {
	var s Settings
	if v == "" {
		return s, nil
	}
	for _, kv := range strings.Split(v, ";") {
		name, val, ok := strings.Cut(kv, "=")
		if !ok {
			return s, fmt.Errorf("sweep: variant %q: %q is not key=value", v, kv)
		}
		if err := s.set(name, val, lr); err != nil {
			return s, fmt.Errorf("sweep: variant %q: %w", v, err)
		}
	}
	return s, nil
}

// set assigns one parsed "name=val" entry.
func (s *Settings) set(name, val string, lr float64) error {
	var err error
	num := func(dst *int) { *dst, err = strconv.Atoi(val) }
	flt := func(dst *OptFloat) {
		dst.Set = true
		dst.V, err = strconv.ParseFloat(val, 64)
	}
	switch name {
	case "part":
		s.Part = val
	case "task":
		s.Task = val
	case "lr":
		s.ByLR = true
		if val != FormatFloat(lr) {
			return fmt.Errorf("lr=%s is not the run's learning rate %s", val, FormatFloat(lr))
		}
	case "sw2":
		flt(&s.SW2)
	case "init":
		s.Init = val
	case "sb2":
		flt(&s.SB2)
	case "steps":
		num(&s.Steps)
	case "subset":
		num(&s.Subset)
	case "eval":
		num(&s.Eval)
	default:
		return fmt.Errorf("unknown setting %q", name)
	}
	return err
}
