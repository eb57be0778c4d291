package activations

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Narrowed ranges. The keys min.<param>=<v> and max.<param>=<v> narrow the range of a learned
// parameter inside its registered one: "quench-mf:h=0,learn=h,per=unit,min.h=0" learns a field
// that never goes below 0. The trainer's projection (Project) and the range checks of At and of
// a loaded model then use the narrowed range. The initial value must lie in it.
//
// The use it was made for: for x > 0 the mean-field forms (mf-magnetization, quench-mf) are odd
// in h and jump at h = 0, where the ordered branch flips with the sign of the field (see
// "Crossing h = 0" in learn_partials.go); the gradient cannot see the jump. The spec's h = 0 is
// the m > 0 branch, the limit h → 0⁺, so min.h=0 keeps a field learned from h = 0 on the side
// of the branch the network starts on: continuous in h, the physically consistent choice (a
// field along the magnetization the units already have).

// rangeSpec is a narrowed bound given in a spec: key, which end, value.
type rangeSpec struct {
	key string
	max bool
	v   float64
}

// takeRanges removes the min.<p>= and max.<p>= keys from raw and returns them.
func takeRanges(name string, raw map[string]string) ([]rangeSpec, error) {
	var out []rangeSpec
	for k, s := range raw {
		end, key, ok := strings.Cut(k, ".")
		if !ok || (end != "min" && end != "max") {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("activations: %s: %s=%q is not a finite number", name, k, s)
		}
		out = append(out, rangeSpec{key: strings.TrimSpace(key), max: end == "max", v: v + 0})
		delete(raw, k)
	}
	return out, nil
}

// narrow applies the bounds rs to l's learned parameters (Keys and params already set),
// checking that each names a learned key, lies in its registered range, leaves a non-empty
// range and contains the initial value; it records their canonical spelling for String.
func (l *Learned) narrow(name string, rs []rangeSpec) error {
	if len(rs) == 0 {
		return nil
	}
	init := l.Initial()
	var suffix []string
	for k, key := range l.Keys { // canonical order: per key, min before max
		p, reg := &l.params[k], l.params[k]
		for _, end := range []bool{false, true} {
			for _, r := range rs {
				if r.key != key || r.max != end {
					continue
				}
				if !(r.v >= reg.Min && r.v <= reg.Max) {
					return fmt.Errorf("activations: %s: %s=%s is outside %s's range [%s, %s]", name, r.spelling(), formatFloat(r.v), key, formatFloat(reg.Min), formatFloat(reg.Max))
				}
				if end {
					p.Max = r.v
				} else {
					p.Min = r.v
				}
				suffix = append(suffix, r.spelling()+"="+formatFloat(r.v))
			}
		}
		if p.Min > p.Max {
			return fmt.Errorf("activations: %s: min.%s=%s is above max.%s=%s", name, key, formatFloat(p.Min), key, formatFloat(p.Max))
		}
		if !(init[k] >= p.Min && init[k] <= p.Max) {
			return fmt.Errorf("activations: %s: initial %s = %s is outside the narrowed range [%s, %s]", name, key, formatFloat(init[k]), formatFloat(p.Min), formatFloat(p.Max))
		}
	}
	for _, r := range rs {
		if !slices.Contains(l.Keys, r.key) {
			return fmt.Errorf("activations: %s: %s= names %q, which is not learned (learn=%s)", name, r.spelling(), r.key, strings.Join(l.Keys, "+"))
		}
	}
	l.ranges = strings.Join(suffix, ",")
	return nil
}

func (r rangeSpec) spelling() string {
	if r.max {
		return "max." + r.key
	}
	return "min." + r.key
}
