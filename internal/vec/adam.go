package vec

import "math"

// Adam32 holds the constants of one float32 Adam step, each already rounded to float32 as
// Gorgonia's AdamSolver rounds them: β₁, 1−β₁, β₂, 1−β₂, the bias corrections
// c₁ = 1/(1−β₁ᵗ) and c₂ = 1/(1−β₂ᵗ), ε and −η.
type Adam32 struct {
	B1, OmB1, B2, OmB2, C1, C2, Eps, NegEta float32
}

// Step applies Adam to the parameters w with gradients g and moments m, v (all of w's
// length), each element on its own:
//
//	m ← (g·(1−β₁)) + (m·β₁)
//	v ← ((g·g)·(1−β₂)) + (v·β₂)
//	w ← w + ((m·c₁)·(−η)) / (√(v·c₂) + ε)
//
// every product, sum, square root and quotient rounded to float32 (no fused multiply-add),
// so the vector loop and the scalar loop agree bit for bit.
func (k *Adam32) Step(w, g, m, v []float32) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	done := 0
	if hasAVX && len(w) >= 8 {
		done = len(w) &^ 7
		c := [8]float32{k.B1, k.OmB1, k.B2, k.OmB2, k.C1, k.C2, k.Eps, k.NegEta}
		adamAVX2(&w[0], &g[0], &m[0], &v[0], done, &c)
	}
	k.scalar(w[done:], g[done:], m[done:], v[done:])
}

// scalar is Step's loop one element at a time (the explicit float32 conversions round each
// product and forbid fusing it with the following sum: Go spec, "Arithmetic operators").
func (k *Adam32) scalar(w, g, m, v []float32) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i := range w {
		gi := g[i]
		mi := float32(gi*k.OmB1) + float32(m[i]*k.B1)
		vi := float32(float32(gi*gi)*k.OmB2) + float32(v[i]*k.B2)
		m[i], v[i] = mi, vi
		// The float64 square root rounded to float32 is float32's correctly rounded one.
		den := float32(math.Sqrt(float64(float32(vi*k.C2)))) + k.Eps
		w[i] += float32(float32(mi*k.C1)*k.NegEta) / den
	}
}
