package stats

import (
	"cmp"
	"math"
	"slices"
)

// Holm returns Holm's step-down adjusted p-values (Holm 1979; statsmodels
// multipletests(method="holm")), in the order of p. With the m p-values that are not NaN sorted
// ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎,
//
//	p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎)
//
// so the adjusted values are monotone in the raw ones, never below them and capped at 1;
// rejecting p̃ < α controls the family-wise error rate at α. A NaN p-value (an undefined test,
// say n = 1) stays NaN and is not counted in m: a comparison that tests nothing does not weaken
// the others. Ties keep their input order (their adjusted values are equal anyway). The input is
// not modified.
func Holm(p []float64) []float64 {
	adj := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		if math.IsNaN(v) {
			adj[i] = math.NaN()
			continue
		}
		idx = append(idx, i)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	m, running := len(idx), 0.0
	for j, i := range idx {
		running = math.Max(running, math.Min(1, float64(m-j)*p[i]))
		adj[i] = running
	}
	return adj
}
