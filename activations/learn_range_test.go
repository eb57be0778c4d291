package activations

import (
	"strings"
	"testing"
)

// TestLearnRanges: min.<p>= and max.<p>= narrow a learned parameter's range; the canonical
// spec spells them after per=, min before max; Project, At and Params use the narrowed range.
func TestLearnRanges(t *testing.T) {
	cases := []struct {
		in, want string
		key      int
		min, max float64
	}{
		{"quench-mf:h=0,learn=h,per=unit,min.h=0", "quench-mf:h=0,learn=h,per=unit,min.h=0", 0, 0, 5},
		{"mf-magnetization:learn=h,max.h=0.5,min.h=0", "mf-magnetization:h=0,maxslope=10,learn=h,per=layer,min.h=0,max.h=0.5", 0, 0, 0.5},
		{"quench-tanh:learn=a+c,max.c=0,min.a=0.5", "quench-tanh:a=1,c=0,learn=a+c,per=layer,min.a=0.5,max.c=0", 1, -100, 0},
		{"quench-tanh:learn=a+c,max.c=0,min.a=0.5", "quench-tanh:a=1,c=0,learn=a+c,per=layer,min.a=0.5,max.c=0", 0, 0.5, 1000},
	}
	for _, c := range cases {
		l := parseLearned(t, c.in)
		if l.String() != c.want {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, l, c.want)
		}
		if again := parseLearned(t, l.String()); again.String() != l.String() {
			t.Errorf("round trip of %q gave %q", l, again)
		}
		p := l.Params()[c.key]
		if p.Min != c.min || p.Max != c.max {
			t.Errorf("%s: %s range [%v, %v], want [%v, %v]", l, p.Key, p.Min, p.Max, c.min, c.max)
		}
		if got := l.Project(c.key, c.min-1); got != c.min {
			t.Errorf("%s: Project(%v) = %v, want %v", l, c.min-1, got, c.min)
		}
		if got := l.Project(c.key, c.max+1); got != c.max {
			t.Errorf("%s: Project(%v) = %v, want %v", l, c.max+1, got, c.max)
		}
		theta := l.Initial()
		theta[c.key] = c.min - 0.25
		if _, err := l.At(theta); err == nil || !strings.Contains(err.Error(), "outside its range") {
			t.Errorf("%s: At below the narrowed range: %v", l, err)
		}
	}
}

// TestLearnRangeErrors: bad bounds are one-line errors.
func TestLearnRangeErrors(t *testing.T) {
	for _, c := range []struct{ spec, want string }{
		{"quench-mf:min.h=0", "min.h= without learn="},
		{"quench-tanh:learn=a,min.c=0", `min.c= names "c", which is not learned (learn=a)`},
		{"quench-mf:h=0.1,learn=h,max.h=0", "initial h = 0.1 is outside the narrowed range [-5, 0]"},
		{"quench-mf:learn=h,min.h=0.2,max.h=0.1", "min.h=0.2 is above max.h=0.1"},
		{"quench-mf:learn=h,min.h=0.2", "initial h = 0 is outside the narrowed range [0.2, 5]"},
		{"population:learn=sigma,min.sigma=0", "min.sigma=0 is outside sigma's range [0.05, 5]"},
		{"quench-mf:learn=h,min.h=-6", "min.h=-6 is outside h's range [-5, 5]"},
		{"quench-mf:learn=h,min.h=x", `min.h="x" is not a finite number`},
		{"quench-mf:learn=h,min.h=NaN", `min.h="NaN" is not a finite number`},
		{"quench-mf:learn=h,mid.h=0", `no parameter "mid.h"`},
	} {
		_, err := Parse(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q) error %v, want one line containing %q", c.spec, err, c.want)
		}
	}
}
