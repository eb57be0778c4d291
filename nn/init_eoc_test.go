package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/internal/rng"
)

// sampleVariance returns the mean and the (population) variance of x.
func sampleVariance(x []float64) (mean, v float64) {
	for _, a := range x {
		mean += a
	}
	mean /= float64(len(x))
	for _, a := range x {
		v += (a - mean) * (a - mean)
	}
	return mean, v / float64(len(x))
}

// TestEOCReference checks NewEOC's σ_w² against published edge-of-chaos points.
func TestEOCReference(t *testing.T) {
	for _, tc := range []struct {
		act      string
		sb2, sw2 float64
		tol      float64 // relative
		src      string
	}{
		{"tanh", 0.05, 1.76, 0.01, "Schoenholz et al. 2017, Fig. 1 / Sec. 3 (σ_w² ≈ 1.76, q* ≈ 0.57)"},
		{"tanh", 0, 1, 1e-6, "closed form: tanh′(0) = 1, q* = 0, χ₁ = σ_w²"},
		{"relu", 0, 2, 1e-6, "closed form: χ₁ = σ_w²/2 (He et al. 2015)"},
		{"elu", 1, 1.358 * 1.358, 0.01, "Hayou et al. 2019, Sec. 4: ELU σ_b = 1 → σ_w ≈ 1.358"},
		{"elu", 0.04, 1.229 * 1.229, 0.01, "Hayou et al. 2019, Sec. 4: ELU σ_b = 0.2 → σ_w ≈ 1.229"},
	} {
		e, err := NewEOC(tc.act, tc.sb2)
		if err != nil {
			t.Errorf("NewEOC(%s, %v): %v", tc.act, tc.sb2, err)
			continue
		}
		if got := e.WeightVariance(); math.Abs(got/tc.sw2-1) > tc.tol {
			t.Errorf("NewEOC(%s, %v): σ_w² = %v, want %v ± %v%% (%s)", tc.act, tc.sb2, got, tc.sw2, 100*tc.tol, tc.src)
		}
		if canon, _ := activations.Default(tc.act); e.BiasVariance() != tc.sb2 || e.Activation() != canon {
			t.Errorf("NewEOC(%s, %v) = %s", tc.act, tc.sb2, e)
		}
	}
}

func TestEOCNone(t *testing.T) {
	for _, tc := range []struct {
		act string
		sb2 float64
	}{
		{"relu", 0.05},    // Hayou et al. 2019, Prop. 1: no EOC for σ_b > 0
		{"relu", 1},       //
		{"softplus", 0.5}, // χ₁ never reaches 1 at a finite q*
	} {
		_, err := NewEOC(tc.act, tc.sb2)
		if err == nil || !errors.Is(err, ErrNoEOC) || !strings.Contains(err.Error(), "nn: "+tc.act+" has no edge of chaos for σ_b") {
			t.Errorf("NewEOC(%s, %v): error %v, want a 'no edge of chaos' error wrapping ErrNoEOC", tc.act, tc.sb2, err)
		}
	}
	for _, tc := range []struct {
		act string
		sb2 float64
	}{{"tanh", -1}, {"tanh", math.NaN()}, {"tanh", math.Inf(1)}, {"nope", 0}} {
		if _, err := NewEOC(tc.act, tc.sb2); err == nil || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("NewEOC(%q, %v): error %v", tc.act, tc.sb2, err)
		}
	}
}

// TestGaussianStatistics checks the sample variances of a large layer against σ_w²/fanIn and
// σ_b²: with n draws the relative standard error of a sample variance is √(2/n).
func TestGaussianStatistics(t *testing.T) {
	tanhEOC, err := NewEOC("tanh", 0.05)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in       Init
		sw2, sb2 float64
	}{
		{Gaussian{SW2: 1.5, SB2: 0.05}, 1.5, 0.05},
		{Gaussian{SW2: 103, SB2: 1}, 103, 1},
		{Gaussian{SW2: 2}, 2, 0},
		{tanhEOC, tanhEOC.WeightVariance(), 0.05},
	} {
		const fanIn, fanOut = 400, 500 // 200 000 weights: √(2/n) = 0.3%
		w := make([]float64, fanIn*fanOut)
		b := make([]float64, fanOut)
		r := rng.New(7, "init-test")
		tc.in.Fill(w, b, fanIn, fanOut, r)
		m, v := sampleVariance(w)
		want := tc.sw2 / fanIn
		if math.Abs(v/want-1) > 0.015 || math.Abs(m) > 5*math.Sqrt(want/float64(len(w))) {
			t.Errorf("%s: weights mean %v, variance %v, want 0, %v", tc.in, m, v, want)
		}
		// Biases: 500 draws per layer, so pool 40 layers (20 000 draws, √(2/n) = 1%).
		var bs []float64
		for range 40 {
			tc.in.Fill(w[:fanIn], b, fanIn, fanOut, r)
			bs = append(bs, b...)
		}
		_, bv := sampleVariance(bs)
		if tc.sb2 == 0 && bv != 0 || tc.sb2 > 0 && math.Abs(bv/tc.sb2-1) > 0.05 {
			t.Errorf("%s: bias variance %v, want %v", tc.in, bv, tc.sb2)
		}
	}
}

func TestGaussianDeterministic(t *testing.T) {
	g := Gaussian{SW2: 1.76, SB2: 0.05}
	w1, b1 := make([]float64, 64), make([]float64, 8)
	w2, b2 := make([]float64, 64), make([]float64, 8)
	g.Fill(w1, b1, 8, 8, rng.New(3, "w"))
	g.Fill(w2, b2, 8, 8, rng.New(3, "w"))
	for i := range w1 {
		if w1[i] != w2[i] {
			t.Fatalf("weights differ at %d for the same seed", i)
		}
	}
	for i := range b1 {
		if b1[i] != b2[i] || b1[i] == 0 {
			t.Fatalf("biases %v, %v", b1, b2)
		}
	}
	g.Fill(w2, b2, 8, 8, rand.New(rand.NewPCG(4, 4)))
	if w1[0] == w2[0] {
		t.Errorf("another seed gives the same first weight")
	}
}

func TestParseParamInit(t *testing.T) {
	for _, tc := range []struct {
		spec, want string
		sw2        float64 // 0: don't check
	}{
		{"eoc:sb2=0.05,act=tanh", "eoc:sb2=0.05,act=tanh", 1.76},
		{"eoc:act=relu", "eoc:sb2=0,act=relu", 2},
		{"eoc:sb2=0.04,act=elu:alpha=1", "eoc:sb2=0.04,act=elu:alpha=1", 1.229 * 1.229},
		{"gaussian:sw2=1.5,sb2=0.05", "gaussian:sw2=1.5,sb2=0.05", 1.5},
		{"gaussian:sb2=0.1", "gaussian:sw2=1,sb2=0.1", 1},
		{"gaussian", "gaussian:sw2=1,sb2=0", 1},
	} {
		in, err := ParseInit(tc.spec)
		if err != nil {
			t.Errorf("ParseInit(%q): %v", tc.spec, err)
			continue
		}
		if in.String() != tc.want {
			t.Errorf("ParseInit(%q).String() = %q, want %q", tc.spec, in, tc.want)
		}
		back, err := ParseInit(in.String())
		if err != nil || back != in {
			t.Errorf("round trip of %q: %v, %v", in, back, err)
		}
		var sw2 float64
		switch v := in.(type) {
		case EOC:
			sw2 = v.WeightVariance()
		case Gaussian:
			sw2 = v.SW2
		}
		if math.Abs(sw2/tc.sw2-1) > 0.01 {
			t.Errorf("ParseInit(%q): σ_w² = %v, want %v", tc.spec, sw2, tc.sw2)
		}
	}
	for _, tc := range []struct{ spec, want string }{
		{"eoc", "needs the activation"},
		{"eoc:sb2=0.05", "needs the activation"},
		{"eoc:sb2=0.05,act=relu", "no edge of chaos"},
		{"eoc:sb2=x,act=tanh", "not a number"},
		{"eoc:sb2=-1,act=tanh", "σ_b² = -1"},
		{"eoc:sb2=0.1,sb2=0.2,act=tanh", "given twice"},
		{"eoc:sw2=1,act=tanh", "unknown key"},
		{"eoc:sb2,act=tanh", "not key=value"},
		{"eoc:act=nope", "unknown activation"},
		{"gaussian:sw2=0", "σ_w² = 0"},
		{"gaussian:sw2=NaN", "σ_w² = NaN"},
		{"gaussian:act=tanh", "unknown key"},
		{"eocx", "unknown initialiser"},
	} {
		_, err := ParseInit(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("ParseInit(%q): error %v, want one containing %q", tc.spec, err, tc.want)
		}
	}
}
