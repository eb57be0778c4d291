package activations

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// learnSpecs is every activation that declares learnable parameters, learning all of them,
// at settings off the defaults (per= is added by the graph tests).
var learnSpecs = []string{
	"tanh-fit:a=2,theta=0.3,learn=a+theta",
	"quench-tanh:a=1.5,c=-0.5,learn=a+c",
	"quench-sigmoid:c=0.2,learn=c",
	"mf-magnetization:h=0.1,learn=h",
	"mf-magnetization:h=-0.05,maxslope=100,learn=h",
	"quench-mf:h=0.2,learn=h",
	"quench-mf:h=-0.3,learn=h",
	"population:of=quench-tanh:a=2;c=0,sigma=0.5,learn=sigma",
	"population:of=relu,sigma=0.4,learn=sigma",
}

func parseLearned(t testing.TB, spec string) Learned {
	t.Helper()
	a, err := Parse(spec)
	if err != nil {
		t.Fatalf("Parse(%q): %v", spec, err)
	}
	l, ok := a.(Learned)
	if !ok {
		t.Fatalf("Parse(%q) is a %T, want Learned", spec, a)
	}
	return l
}

// TestLearnParse: canonical spelling, round trips, the default per=layer, and that every
// derived activation with a continuous physical parameter declares it learnable.
func TestLearnParse(t *testing.T) {
	cases := []struct{ in, want string }{
		{"quench-mf:h=0,learn=h,per=unit", "quench-mf:h=0,learn=h,per=unit"},
		{"quench-mf:learn=h", "quench-mf:h=0,learn=h,per=layer"},
		{"tanh-fit:a=6,learn=a", "tanh-fit:a=6,theta=0,learn=a,per=layer"},
		{"quench-tanh:a=1,c=-1,learn=c+a,per=layer", "quench-tanh:a=1,c=-1,learn=a+c,per=layer"},
		{"quench-tanh: learn = a + c , per = unit", "quench-tanh:a=1,c=0,learn=a+c,per=unit"},
		{"population:sigma=0.3,learn=sigma,per=unit", "population:of=quench-mf:h=0,sigma=0.3,learn=sigma,per=unit"},
		{"population:of=quench-tanh:a=2;c=-1,learn=sigma", "population:of=quench-tanh:a=2;c=-1,sigma=0.5,learn=sigma,per=layer"},
		{"mf-magnetization:h=0.1,learn=h,per=unit", "mf-magnetization:h=0.1,maxslope=10,learn=h,per=unit"},
		{"quench-sigmoid:learn=c", "quench-sigmoid:c=0,learn=c,per=layer"},
	}
	for _, c := range cases {
		l := parseLearned(t, c.in)
		if l.String() != c.want {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, l.String(), c.want)
		}
		again := parseLearned(t, l.String())
		if again.String() != l.String() || !slices.Equal(again.Keys, l.Keys) || again.Per != l.Per {
			t.Errorf("round trip of %q gave %q", l, again)
		}
		for _, x := range []float64{-1.2, 0.3, 2} {
			if again.F(x) != l.Base.F(x) || again.DF(x) != l.Base.DF(x) {
				t.Errorf("%s: F or DF changed in the round trip at %v", l, x)
			}
		}
	}
	want := map[string][]string{
		"tanh-fit": {"a", "theta"}, "quench-tanh": {"a", "c"}, "quench-sigmoid": {"c"},
		"mf-magnetization": {"h"}, "quench-mf": {"h"}, "population": {"sigma"},
		"onsager-magnetization": nil, "quench-onsager": nil,
	}
	for _, name := range NamesOf(Derived) {
		a, err := Parse(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := LearnableParamsOf(a); !slices.Equal(got, want[name]) {
			t.Errorf("%s: learnable %v, want %v", name, got, want[name])
		}
		if info, err := Describe(name); err != nil || !slices.Equal(info.Learnable, want[name]) {
			t.Errorf("Describe(%s).Learnable = %v, want %v (%v)", name, info.Learnable, want[name], err)
		}
	}
}

// TestLearnParseErrors: bad learn=/per= specs are one-line errors listing the learnable
// parameters.
func TestLearnParseErrors(t *testing.T) {
	cases := []struct {
		spec string
		want []string
	}{
		{"quench-tanh:learn=b", []string{`quench-tanh cannot learn "b"`, "learnable: a, c"}},
		{"tanh-fit:learn=a+maxslope", []string{`cannot learn "maxslope"`, "learnable: a, theta"}},
		{"mf-magnetization:learn=maxslope", []string{`cannot learn "maxslope"`, "learnable: h"}},
		{"quench-mf:learn=h+h", []string{`names "h" twice`}},
		{"quench-mf:learn=h+", []string{`cannot learn ""`, "learnable: h"}},
		{"quench-mf:per=unit", []string{"per=unit without learn="}},
		{"quench-mf:learn=h,per=neuron", []string{`per="neuron"`, "valid: layer, unit"}},
		{"relu:learn=a", []string{"relu has no learnable parameters"}},
		{"quench-onsager:learn=maxslope", []string{"quench-onsager has no learnable parameters"}},
		{"onsager-magnetization:learn=maxslope", []string{"onsager-magnetization has no learnable parameters"}},
		{"quench-mf:h=9,learn=h", []string{"h=9 is out of range", "h in [-5, 5]"}},
		{"population:of=quench-mf:h=0;learn=h", []string{"cannot learn parameters", "learn sigma on the population"}},
		{"quench-mf:learn=h,learn=h", []string{`"learn" repeated`}},
	}
	for _, c := range cases {
		a, err := Parse(c.spec)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", c.spec, a)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Parse(%q) error %q does not contain %q", c.spec, err, w)
			}
		}
	}
	if _, err := Apply(parseLearned(t, "quench-mf:learn=h"), nil); err == nil {
		t.Error("Apply of a Learned activation: no error")
	}
	l := parseLearned(t, "quench-tanh:learn=a")
	if _, err := l.At([]float64{5000}); err == nil || !strings.Contains(err.Error(), "outside its range [0.001, 1000]") {
		t.Errorf("At out of range: %v", err)
	}
	if got := l.Project(0, 5000); got != 1000 {
		t.Errorf("Project(a = 5000) = %v, want 1000", got)
	}
}

// TestParamPartialsReference checks ∂F/∂θ against mpmath (testdata/learn_ref.py for the tanh
// fits and population; physics/testdata/quench_field_ref.py for the field h), and the
// population of relu against its closed form ∂/∂σ[x·Φ(x/σ) + σ·φ(x/σ)] = φ(x/σ).
func TestParamPartialsReference(t *testing.T) {
	phi := func(z float64) float64 { return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) }
	cases := []struct {
		spec  string
		x     float64
		param string
		want  float64
	}{
		{"tanh-fit:a=2.0,theta=0.5", -0.7, "a", -0.019430264604790793},
		{"tanh-fit:a=2.0,theta=0.5", -0.7, "theta", -0.032383774341317988},
		{"tanh-fit:a=20.0,theta=0.25", 0.3, "a", 0.010499358540350652},
		{"tanh-fit:a=20.0,theta=0.25", 0.3, "theta", -4.1997434161402607},
		{"tanh-fit:a=0.5,theta=-1.0", 1.4, "a", 0.36602399544889077},
		{"tanh-fit:a=0.5,theta=-1.0", 1.4, "theta", -0.076254999051852244},
		{"quench-tanh:a=1.0,c=0", -2.3, "a", 0.3186836199582668},
		{"quench-tanh:a=6.0,c=0", 0.15, "a", 0.0039560785168471271},
		{"quench-tanh:a=0.01,c=0", 0.8, "a", 0.15999488014563159},
		{"quench-tanh:a=3.0,c=0", -30.0, "a", 0.038508176697774739},
		{"quench-tanh:a=2.0,c=0", 0.001, "a", 2.4999950000088889e-7},
		{"quench-tanh:a=2.0,c=0", 0.4, "c", 1},
		{"quench-sigmoid:c=3", -0.4, "c", 1},
		{"population:of=quench-tanh:a=2;c=0,sigma=0.3", -0.6, "sigma", 0.11337064099323078},
		{"population:of=quench-tanh:a=2;c=0,sigma=0.5", 0.4, "sigma", 0.2501388194606796},
		{"population:of=quench-tanh:a=2;c=0,sigma=1.2", 1.5, "sigma", 0.18794279543817083},
		{"population:of=relu,sigma=0.4", -0.3, "sigma", phi(-0.3 / 0.4)},
		{"population:of=relu,sigma=2", 1.1, "sigma", phi(1.1 / 2)},
		{"mf-magnetization:h=0.1", 0.5, "h", 0.11917031506621427},
		{"mf-magnetization:h=0.1", -0.5, "h", 1.7926377100795718},
		{"mf-magnetization:h=-0.3", -2, "h", 0.483674769150011},
		{"quench-mf:h=0.1", 0.5, "h", 0.33735011665694805},
		{"quench-mf:h=0.1", -0.5, "h", -1.0955971855442151},
		{"quench-mf:h=0.01", 0.2, "h", 0.78780464955841908},
		{"quench-mf:h=-2", -10, "h", -1.419474004884588},
		{"quench-mf:h=0.2", 1.5, "h", 0.2007610765245631},
	}
	for _, c := range cases {
		a, err := Parse(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		l := a.(Learnable)
		ev, err := l.AtParams(l.ParamValues())
		if err != nil {
			t.Fatal(err)
		}
		d := make([]float64, len(l.LearnableParams()))
		ev.Eval(c.x, d)
		got := d[slices.Index(l.LearnableParams(), c.param)]
		if math.Abs(got-c.want) > 1e-9*(1e-3+math.Abs(c.want)) {
			t.Errorf("%s: ∂F/∂%s at %v = %.15g, want %.15g", c.spec, c.param, c.x, got, c.want)
		}
	}
}

// TestParamPartialsFiniteDifferences: for every learnable activation, on both sides of the
// threshold, Eval's F and DF agree with the fixed activation at the same values, DF with
// central differences in x and each ∂F/∂θ_k with central differences in θ_k.
func TestParamPartialsFiniteDifferences(t *testing.T) {
	for _, spec := range learnSpecs {
		l := parseLearned(t, spec).Base
		theta := l.ParamValues()
		ev, err := l.AtParams(theta)
		if err != nil {
			t.Fatal(err)
		}
		d, dp, dm := make([]float64, len(theta)), make([]float64, len(theta)), make([]float64, len(theta))
		worst := 0.0
		for _, x := range gradPoints {
			f, df := ev.Eval(x, d)
			if math.Abs(f-l.F(x)) > 1e-8 || math.Abs(df-l.DF(x)) > 1e-6*(1+math.Abs(df)) {
				t.Errorf("%s at %v: Eval (%.12g, %.12g), fixed activation (%.12g, %.12g)", spec, x, f, df, l.F(x), l.DF(x))
			}
			const e = 1e-6
			fp, _ := ev.Eval(x+e, dp)
			fm, _ := ev.Eval(x-e, dm)
			worst = max(worst, checkFD(t, spec+" ∂/∂x", x, df, (fp-fm)/(2*e)))
			for k := range theta {
				hk := e * max(1, math.Abs(theta[k]))
				plus, minus := slices.Clone(theta), slices.Clone(theta)
				plus[k] += hk
				minus[k] -= hk
				evp, err1 := l.AtParams(plus)
				evm, err2 := l.AtParams(minus)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				fp, _ := evp.Eval(x, dp)
				fm, _ := evm.Eval(x, dm)
				worst = max(worst, checkFD(t, spec+" ∂/∂"+l.LearnableParams()[k], x, d[k], (fp-fm)/(2*hk)))
			}
		}
		t.Logf("%-56s worst |analytic − FD|/(1 + |FD|) = %.2g", spec, worst)
	}
}

func checkFD(t *testing.T, what string, x, got, fd float64) float64 {
	t.Helper()
	e := math.Abs(got-fd) / (1 + math.Abs(fd))
	if e > 2e-6 {
		t.Errorf("%s at x = %v: %.12g, finite difference %.12g", what, x, got, fd)
	}
	return e
}

// TestFieldSlopeCap: quench-mf at h = 0 has an infinite ∂F/∂h off the threshold (the h·ln h
// onset); the learned evaluation clips it to ±fieldSlopeCap with the sign of x, and
// mf-magnetization clips its χ at maxslope at the critical point.
func TestFieldSlopeCap(t *testing.T) {
	q := parseLearned(t, "quench-mf:h=0,learn=h")
	ev, err := q.At([]float64{0})
	if err != nil {
		t.Fatal(err)
	}
	d := make([]float64, 1)
	for _, c := range []struct{ x, want float64 }{{0.4, fieldSlopeCap}, {-0.4, -fieldSlopeCap}, {0, 0}} {
		if ev.Eval(c.x, d); d[0] != c.want {
			t.Errorf("quench-mf h=0: ∂F/∂h(%v) = %v, want %v", c.x, d[0], c.want)
		}
	}
	m := parseLearned(t, "mf-magnetization:h=0,maxslope=20,learn=h")
	ev, err = m.At([]float64{0})
	if err != nil {
		t.Fatal(err)
	}
	if _, df := ev.Eval(0, d); d[0] != 20 || df != 20 {
		t.Errorf("mf-magnetization h=0 at x=0: DF %v, ∂F/∂h %v, want 20, 20", df, d[0])
	}
	if ev.Eval(-0.25, d); math.Abs(d[0]-4) > 1e-12 {
		t.Errorf("mf-magnetization h=0 at x=−0.25: χ = %v, want 1/0.25 = 4 (Curie–Weiss)", d[0])
	}
}
