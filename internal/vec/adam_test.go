package vec

import (
	"math"
	"testing"

	"github.com/isingact/isingact/internal/rng"
)

// TestAdamVectorMatchesScalar checks that Step (vector loop plus scalar tail) gives the same
// bits as the scalar loop alone, for lengths around the vector width and values of every
// magnitude (gradients from 1e-8 to 1e2, moments from 0), over several steps.
func TestAdamVectorMatchesScalar(t *testing.T) {
	r := rng.New(1, "vec-adam")
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 100, 1283} {
		w, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range w {
			w[i] = float32(r.NormFloat64())
		}
		w2, m2, v2 := append([]float32(nil), w...), make([]float32, n), make([]float32, n)
		for step := 1; step <= 3; step++ {
			for i := range g {
				g[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(11)-8)))
			}
			b1, b2 := float32(0.9), float32(0.999)
			k := Adam32{B1: b1, OmB1: 1 - b1, B2: b2, OmB2: 1 - b2,
				C1: float32(1 / (1 - math.Pow(0.9, float64(step)))), C2: float32(1 / (1 - math.Pow(0.999, float64(step)))),
				Eps: 1e-8, NegEta: -1e-3}
			k.Step(w, g, m, v)
			k.scalar(w2, g, m2, v2)
			for i := range w {
				if math.Float32bits(w[i]) != math.Float32bits(w2[i]) || m[i] != m2[i] || v[i] != v2[i] {
					t.Fatalf("n=%d step %d: element %d: (w, m, v) = (%g, %g, %g), scalar (%g, %g, %g)",
						n, step, i, w[i], m[i], v[i], w2[i], m2[i], v2[i])
				}
			}
		}
	}
}

// BenchmarkAdam32 times one step over the reference MLP's 101 770 parameters.
//
//	go test -run '^$' -bench Adam32 ./internal/vec/
func BenchmarkAdam32(b *testing.B) {
	const n = 101770
	w, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range g {
		g[i] = 1e-3
	}
	k := Adam32{B1: 0.9, OmB1: 0.1, B2: 0.999, OmB2: 0.001, C1: 10, C2: 1000, Eps: 1e-8, NegEta: -1e-3}
	for b.Loop() {
		k.Step(w, g, m, v)
	}
	b.SetBytes(n * 4 * 4)
}
