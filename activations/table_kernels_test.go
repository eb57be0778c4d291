package activations

import (
	"math"
	"strings"
	"testing"
)

// TestKernel32Special checks the float32 loops of the table-backed activations at the points the vector loops hand back or
// clamp: NaN, ±Inf, 0, the mean-field cores (|x| < 2⁻²⁰) and their edges, the far field
// (x ≤ −16384 for h ≠ 0), the ordered ends x = 1 and Tc, and the largest float32s, each
// repeated so that every position of a 4-element vector block and the scalar tail see it.
// Reference: F and DF (float64), with TestKernel32's tolerance; NaN must give NaN.
func TestKernel32Special(t *testing.T) {
	f32 := func(v float64) float32 { return float32(v) }
	special := []float32{f32(math.NaN()), f32(math.Inf(1)), f32(math.Inf(-1)), 0, 1e-30, -1e-30,
		0x1p-21, -0x1p-21, 0x1p-20, -0x1p-20, 0x1.01p-20, 1e-6, -1e-6, 1, math.Nextafter32(1, 0),
		1.0000001, -1, 2.2691853, 2.2691855, -16384, -16385, -2e4, -1e6, 3e38, -3e38}
	var xs []float32
	for i := range 5 { // shifted copies: each point at every lane and in the tail
		xs = append(xs, special[i%len(special):]...)
		xs = append(xs, special[:i%len(special)]...)
	}
	xs = append(xs, special[:3]...)
	ones := make([]float32, len(xs))
	for i := range ones {
		ones[i] = 1
	}
	tables := map[string]bool{"mf-magnetization": true, "quench-mf": true, "onsager-magnetization": true, "quench-onsager": true}
	for _, a := range testedSpecs(t) {
		k, ok := a.(kernel32)
		if name, _, _ := strings.Cut(a.String(), ":"); !ok || !tables[name] {
			continue
		}
		y, d := make([]float32, len(xs)), make([]float32, len(xs))
		k.forward32(y, xs)
		k.backward32(d, xs, ones)
		for i, x32 := range xs {
			x := float64(x32)
			for _, c := range []struct {
				name string
				got  float32
				want float64
			}{{"F", y[i], a.F(x)}, {"DF", d[i], a.DF(x)}} {
				tol := 1e-8*math.Abs(c.want) + 1e-9*(1+math.Abs(x)) + 0x1p-24*math.Abs(c.want)
				got := float64(c.got)
				same := got == c.want || math.Abs(got-c.want) <= tol || (math.IsNaN(got) && math.IsNaN(c.want))
				if math.IsInf(c.want, 0) || math.Abs(c.want) > math.MaxFloat32 {
					same = math.IsInf(got, int(math.Copysign(1, c.want))) || got == float64(float32(c.want))
				}
				if !same {
					t.Errorf("%s: %s(%v) = %v, want %v", a, c.name, x, c.got, c.want)
				}
			}
		}
	}
}

// Every float32 kernel gives F's and DF's value at ±∞ (quench-tanh's forward32(−∞) was
// −∞ + ∞ = NaN where F has the finite limit −ln 2/(2a) + c).
func TestKernel32Infinities(t *testing.T) {
	xs := []float32{float32(math.Inf(-1)), float32(math.Inf(1))}
	for _, a := range testedSpecs(t) {
		k, ok := a.(kernel32)
		if !ok {
			continue
		}
		y, d := make([]float32, len(xs)), make([]float32, len(xs))
		k.forward32(y, xs)
		k.backward32(d, xs, []float32{1, 1})
		for i, x := range xs {
			for _, c := range []struct {
				name string
				got  float32
				want float64
			}{{"F", y[i], a.F(float64(x))}, {"DF", d[i], a.DF(float64(x))}} {
				got := float64(c.got)
				if math.IsNaN(got) != math.IsNaN(c.want) || math.IsInf(got, 0) != math.IsInf(c.want, 0) ||
					(!math.IsNaN(got) && !math.IsInf(got, 0) && math.Abs(got-c.want) > 1e-6*(1+math.Abs(c.want))) {
					t.Errorf("%s: %s(%v) = %v, want %v", a, c.name, x, got, c.want)
				}
			}
		}
	}
}
