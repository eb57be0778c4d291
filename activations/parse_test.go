package activations

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestParseRoundTrip: Parse(a.String()) gives back the same spec and the same F and DF, for
// every registered activation and every shipped setting, and parsing is insensitive to
// parameter order, omitted defaults and spaces.
func TestParseRoundTrip(t *testing.T) {
	for _, a := range testedSpecs(t) {
		s := a.String()
		b, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q) (its own String): %v", s, err)
			continue
		}
		if b.String() != s {
			t.Errorf("Parse(%q).String() = %q", s, b.String())
		}
		for _, x := range []float64{-3.1, -0.4, 0.01, 0.3, 1.7, 25} {
			if a.F(x) != b.F(x) || a.DF(x) != b.DF(x) {
				t.Errorf("%s: round trip changed F or DF at %v", s, x)
			}
		}
	}
	equivalent := [][]string{
		{"tanh-fit", "tanh-fit:a=6", "tanh-fit:theta=0,a=6", " tanh-fit : a = 6 , theta = 0 ", "tanh-fit:a=6e0,theta=-0"},
		{"quench-tanh:c=-1,a=2", "quench-tanh:a=2,c=-1", "quench-tanh:a=2.0,c=-1.00"},
		{"population", "population:of=quench-mf", "population:sigma=0.5,of=quench-mf:h=0"},
		{"population:of=quench-tanh:a=2;c=-1,sigma=0.3", "population:sigma=0.3,of=quench-tanh:c=-1;a=2"},
		{"quench-onsager", "quench-onsager:units=tc", " quench-onsager : units = tc "},
		{"onsager-magnetization:units=j", "onsager-magnetization:units=j,maxslope=10"},
		{"population:of=onsager-magnetization", "population:of=onsager-magnetization:units=tc;maxslope=10"},
	}
	for _, group := range equivalent {
		var first string
		for i, s := range group {
			a, err := Parse(s)
			if err != nil {
				t.Errorf("Parse(%q): %v", s, err)
				continue
			}
			if i == 0 {
				first = a.String()
			} else if a.String() != first {
				t.Errorf("Parse(%q) = %q, want %q", s, a.String(), first)
			}
		}
	}
}

// TestCanonicalSpecs pins the canonical spelling of a few specs (what tables and plots show).
func TestCanonicalSpecs(t *testing.T) {
	cases := []struct{ in, want string }{
		{"tanh", "tanh"},
		{"elu", "elu:alpha=1"},
		{"tanh-fit", "tanh-fit:a=6,theta=0"},
		{"quench-tanh:c=-0.25", "quench-tanh:a=1,c=-0.25"},
		{"quench-sigmoid", "quench-sigmoid:c=0"},
		{"mf-magnetization:h=0.1", "mf-magnetization:h=0.1,maxslope=10"},
		{"quench-mf", "quench-mf:h=0"},
		{"onsager-magnetization", "onsager-magnetization:maxslope=10,units=tc"},
		{"onsager-magnetization:units=j", "onsager-magnetization:maxslope=10,units=j"},
		{"quench-onsager", "quench-onsager:units=tc"},
		{"quench-onsager:units=j", "quench-onsager:units=j"},
		{"population", "population:of=quench-mf:h=0,sigma=0.5"},
		{"population:of=quench-tanh:a=2", "population:of=quench-tanh:a=2;c=0,sigma=0.5"},
		{"tanh-fit:a=0.1", "tanh-fit:a=0.1,theta=0"},
		{"tanh-fit:a=1e-3", "tanh-fit:a=0.001,theta=0"},
	}
	for _, c := range cases {
		a, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if a.String() != c.want {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, a.String(), c.want)
		}
	}
}

// TestParseErrors: bad specs are errors (never panics) that say what is valid.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		spec string
		want []string // substrings of the error message
	}{
		{"", []string{"activations:", "empty activation name", "quench-tanh", "tanh"}},
		{"nonsense", []string{`unknown activation "nonsense"`, "valid:", "mf-magnetization", "relu"}},
		{"Tanh", []string{`unknown activation "Tanh"`}},
		{"tanh:a=1", []string{`tanh has no parameter "a"`, "takes no parameters"}},
		{"tanh-fit:b=1", []string{`no parameter "b"`, "a in [0.001, 1000] (default 6)", "theta in [-100, 100] (default 0)"}},
		{"tanh-fit:a=0", []string{"a=0 is out of range", "a in [0.001, 1000]"}},
		{"tanh-fit:a=-6", []string{"out of range"}},
		{"tanh-fit:a=abc", []string{`a="abc" is not a finite number`}},
		{"tanh-fit:a=NaN", []string{"not a finite number"}},
		{"tanh-fit:a=Inf", []string{"not a finite number"}},
		{"tanh-fit:a=1,a=2", []string{`parameter "a" repeated`}},
		{"tanh-fit:a", []string{`bad parameter "a"`, "key=value"}},
		{"tanh-fit:=3", []string{"bad parameter"}},
		{"tanh-fit:a=", []string{"bad parameter"}},
		{"tanh-fit:", []string{"no parameters"}},
		{"mf-magnetization:h=6", []string{"h=6 is out of range", "h in [-5, 5]"}},
		{"mf-magnetization:maxslope=0.5", []string{"out of range", "maxslope in [1, 1e+06]"}},
		{"population:sigma=0", []string{"sigma=0 is out of range", "sigma in [0.05, 5]"}},
		{"population:of=nonsense", []string{"population: of=nonsense", `unknown activation "nonsense"`}},
		{"population:of=population", []string{"population of a population is not supported"}},
		{"population:of=tanh-fit:a=0", []string{"population: of=tanh-fit:a=0", "out of range"}},
		{"population:of=tanh-fit:z=1", []string{`no parameter "z"`}},
		{"elu:alpha=100", []string{"alpha in [0.01, 10]"}},
		{"quench-onsager:units=k", []string{`units="k" is not one of tc, j`, "units in {tc, j} (default tc)"}},
		{"quench-onsager:units=TC", []string{`units="TC" is not one of tc, j`}},
		{"onsager-magnetization:units=1", []string{`units="1" is not one of`, "maxslope in [1, 1e+06] (default 10)"}},
		{"onsager-magnetization:unit=j", []string{`no parameter "unit"`, "units in {tc, j}"}},
	}
	for _, c := range cases {
		a, err := Parse(c.spec)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", c.spec, a)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Parse(%q) error %q does not contain %q", c.spec, err, w)
			}
		}
	}
}

// TestRegistry checks the registry table: the names are all there with the right
// kind (more may be added), every entry documents itself, defaults are in range, and
// Describe/All/Default agree.
func TestRegistry(t *testing.T) {
	want := map[Kind][]string{
		Stock:   {"elu", "gelu", "mish", "relu", "sigmoid", "softplus", "swish", "tanh"},
		Derived: {"mf-magnetization", "onsager-magnetization", "population", "quench-mf", "quench-onsager", "quench-sigmoid", "quench-tanh", "tanh-fit"},
	}
	for kind, names := range want {
		got := NamesOf(kind)
		for _, n := range names {
			if !slices.Contains(got, n) {
				t.Errorf("NamesOf(%v) = %v lacks %s", kind, got, n)
			}
		}
	}
	names := Names()
	if n := len(NamesOf(Stock)) + len(NamesOf(Derived)); n != len(names) {
		t.Errorf("%d stock + derived names, %d names", n, len(names))
	}
	if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Errorf("Names() = %v: not sorted or not unique", names)
	}
	all := All()
	if len(all) != len(names) {
		t.Fatalf("All() has %d entries, Names() %d", len(all), len(names))
	}
	for i, info := range all {
		if info.Name != names[i] {
			t.Errorf("All()[%d].Name = %q, want %q", i, info.Name, names[i])
		}
		if info.Doc == "" {
			t.Errorf("%s: empty doc line", info.Name)
		}
		def, err := Default(info.Name)
		if err != nil || def != info.Default {
			t.Errorf("Default(%q) = %q, %v; Info.Default %q", info.Name, def, err, info.Default)
		}
		for _, p := range info.Params {
			if p.Key == "" || p.Doc == "" {
				t.Errorf("%s: parameter %+v lacks a key or doc", info.Name, p)
			}
			if !strings.Contains(info.Default, p.Key+"=") {
				t.Errorf("%s: default spec %q does not print %s", info.Name, info.Default, p.Key)
			}
			if p.Nested {
				continue
			}
			if len(p.Values) > 0 {
				if p.Default != p.Values[0] {
					t.Errorf("%s: parameter %s defaults to %q, not its first word %q", info.Name, p.Key, p.Default, p.Values[0])
				}
				for _, v := range p.Values {
					if _, err := Parse(info.Name + ":" + p.Key + "=" + v); err != nil {
						t.Errorf("Parse(%s:%s=%s): %v", info.Name, p.Key, v, err)
					}
				}
				continue
			}
			if !(p.Min <= p.Max) || math.IsInf(p.Min, 0) || math.IsInf(p.Max, 0) {
				t.Errorf("%s: parameter %s has range [%v, %v]", info.Name, p.Key, p.Min, p.Max)
			}
			// The ends of the range are valid values.
			for _, v := range []float64{p.Min, p.Max} {
				spec := info.Name + ":" + p.Key + "=" + formatFloat(v)
				if _, err := Parse(spec); err != nil {
					t.Errorf("Parse(%q) at the end of the range: %v", spec, err)
				}
			}
		}
	}
	if _, err := Describe("nonsense"); err == nil {
		t.Error("Describe(nonsense): no error")
	}
	if _, err := Default("nonsense"); err == nil {
		t.Error("Default(nonsense): no error")
	}
}

// TestDirectConstruction: activations built as struct literals (no Parse, so without their
// tables) evaluate the physics directly and agree with the parsed ones.
func TestDirectConstruction(t *testing.T) {
	pairs := []struct {
		direct Activation
		spec   string
		tol    float64
	}{
		{MFMagnetization{H: 0.1, MaxSlope: 10}, "mf-magnetization:h=0.1", 1e-8},
		{QuenchMF{H: 0.1}, "quench-mf:h=0.1", 1e-8},
		{OnsagerMagnetization{MaxSlope: 10}, "onsager-magnetization", 1e-8},
		{QuenchOnsager{}, "quench-onsager", 1e-8},
		{OnsagerMagnetization{MaxSlope: 10, Units: UnitsJ}, "onsager-magnetization:units=j", 1e-8},
		{QuenchOnsager{Units: UnitsJ}, "quench-onsager:units=j", 1e-8},
		{Population{Of: ReLU{}, Sigma: 0.5}, "population:of=relu,sigma=0.5", 1e-8},
		{QuenchTanh{A: 2, C: -1}, "quench-tanh:a=2,c=-1", 0},
	}
	for _, p := range pairs {
		parsed, err := Parse(p.spec)
		if err != nil {
			t.Fatal(err)
		}
		if p.direct.String() != parsed.String() {
			t.Errorf("%T literal prints %q, Parse gives %q", p.direct, p.direct.String(), parsed.String())
		}
		for _, x := range []float64{-0.8, 0.35, 1.2, 30} {
			if d := math.Abs(p.direct.F(x) - parsed.F(x)); d > p.tol {
				t.Errorf("%s: F(%v) direct %v, parsed %v", p.spec, x, p.direct.F(x), parsed.F(x))
			}
			if d := math.Abs(p.direct.DF(x) - parsed.DF(x)); d > 1e3*p.tol {
				t.Errorf("%s: DF(%v) direct %v, parsed %v", p.spec, x, p.direct.DF(x), parsed.DF(x))
			}
		}
	}
	if !math.IsNaN(Population{Sigma: 0.5}.F(0.3)) {
		t.Error("Population without Of: F is not NaN")
	}
}
