package vec

import (
	"math"
	"testing"

	"github.com/isingact/isingact/internal/rng"
)

// logisticRef returns σ(z) and σ'(z) in float64 from math.Exp (reference: the definitions,
// evaluated in the overflow-free form).
func logisticRef(z float64) (s, ds float64) {
	e := math.Exp(-math.Abs(z))
	s = 1 / (1 + e)
	if z < 0 {
		s = e / (1 + e)
	}
	return s, e / ((1 + e) * (1 + e))
}

// TestLogisticLoops checks the three loops against math.Exp on a dense sweep, random values,
// the float32 extremes, ±Inf and NaN, for several a, s, c. Tolerance: the loops are exact to
// 1e-12 relative before rounding to float32, so the result is the correctly rounded float32
// of the reference or its neighbour (when the reference lies within 1e-12 of a rounding tie):
// at most one float32 ulp, tested as 2⁻²³ relative plus the smallest subnormal.
func TestLogisticLoops(t *testing.T) {
	r := rng.New(1, "vec-logistic")
	var xs []float32
	for i := -4000; i <= 4000; i++ {
		xs = append(xs, float32(i)/100)
	}
	for range 1000 {
		xs = append(xs, float32(r.NormFloat64()*math.Pow(10, float64(r.IntN(8)-4))))
	}
	xs = append(xs, 0, float32(math.Copysign(0, -1)), 88, -88, 104, -104, 1e30, -1e30,
		math.MaxFloat32, -math.MaxFloat32, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1e-40, 7)
	g := make([]float32, len(xs))
	for i := range g {
		g[i] = float32(r.NormFloat64())
	}
	for _, p := range []struct{ a, s, c float64 }{{1, 0, 1}, {2, 0, 1}, {12, 0.25, 12}, {0.003, -3, 0.5}} {
		got := [3][]float32{make([]float32, len(xs)), make([]float32, len(xs)), make([]float32, len(xs))}
		n := [3]int{
			Logistic(got[0], xs, p.a, p.s),
			LogisticTimes(got[1], xs, g, p.a, p.s),
			LogisticSlopeTimes(got[2], xs, g, p.a, p.s, p.c),
		}
		for i := range n[0] {
			s, ds := logisticRef(p.a * (float64(xs[i]) - p.s))
			want := [3]float64{s, float64(g[i]) * s, float64(g[i]) * p.c * ds}
			for j := range 3 {
				if i >= n[j] {
					continue
				}
				w := float64(float32(want[j]))
				d := math.Abs(float64(got[j][i]) - w)
				if math.IsNaN(w) != math.IsNaN(float64(got[j][i])) || !math.IsNaN(w) && !(d <= 0x1p-23*math.Abs(w)+0x1p-149) {
					t.Fatalf("loop %d, %+v, x = %g: got %g, want %g", j, p, xs[i], got[j][i], w)
				}
			}
		}
		t.Logf("%+v: vector loops took %v of %d", p, n, len(xs))
	}
}

// BenchmarkLogistic times the loops on a 128×128 batch.
//
//	go test -run '^$' -bench Logistic ./internal/vec/
func BenchmarkLogistic(b *testing.B) {
	const n = 128 * 128
	r := rng.New(2, "vec-logistic-bench")
	x, g, dst := make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range x {
		x[i], g[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
	}
	b.Run("sigma", func(b *testing.B) {
		for b.Loop() {
			Logistic(dst, x, 2, 0)
		}
	})
	b.Run("times", func(b *testing.B) {
		for b.Loop() {
			LogisticTimes(dst, x, g, 2, 0)
		}
	})
	b.Run("slope", func(b *testing.B) {
		for b.Loop() {
			LogisticSlopeTimes(dst, x, g, 12, 0, 12)
		}
	})
}
