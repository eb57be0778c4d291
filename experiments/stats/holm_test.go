package stats

import (
	"math"
	"slices"
	"testing"

	"github.com/isingact/isingact/internal/rng"
)

// TestHolmReference checks Holm against statsmodels 0.13.5 multipletests(p, method="holm")
// (via testdata/ref.py; NaN entries removed before the call, as Holm documents). Agreement 1e-12.
func TestHolmReference(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct{ p, want []float64 }{
		{[]float64{0.01, 0.04, 0.03, 0.005}, []float64{0.03, 0.06, 0.06, 0.02}},
		{[]float64{0.2, 0.2, 0.01, 0.5, 0.04}, []float64{0.6000000000000001, 0.6000000000000001, 0.05, 0.6000000000000001, 0.16}},
		{[]float64{0.0001, 0.3, 0.02, 0.6, 0.02, 0.9, 0.011}, []float64{0.0007, 0.8999999999999999, 0.1, 1.0, 0.1, 1.0, 0.066}},
		{[]float64{0.5}, []float64{0.5}},
		{[]float64{0.012, 0.039, 0.034, 0.012, 0.003, 0.4, 0.9, 0.07}, []float64{0.084, 0.17, 0.17, 0.084, 0.024, 0.8, 0.9, 0.21000000000000002}},
		{[]float64{0.04, nan, 0.01, nan, 0.03}, []float64{0.06, nan, 0.03, nan, 0.06}},
	} {
		got := Holm(tc.p)
		for i := range got {
			if !agrees(got[i], tc.want[i], 1e-12) {
				t.Errorf("Holm(%v)[%d] = %.17g, want %.17g", tc.p, i, got[i], tc.want[i])
			}
		}
	}
}

// TestHolmProperties: on random p-values (some tied, some NaN), the adjusted values are ≥ the
// raw ones, ≤ 1, monotone in the raw ones, NaN exactly where the input is, and the input is not
// modified.
func TestHolmProperties(t *testing.T) {
	r := rng.New(1, "holm-properties")
	for trial := range 500 {
		p := make([]float64, 1+r.IntN(20))
		for i := range p {
			switch r.IntN(10) {
			case 0:
				p[i] = math.NaN()
			case 1:
				p[i] = 0.05 // ties
			default:
				p[i] = math.Pow(r.Float64(), 3)
			}
		}
		orig := slices.Clone(p)
		adj := Holm(p)
		for i := range p {
			if math.Float64bits(p[i]) != math.Float64bits(orig[i]) {
				t.Fatalf("trial %d: Holm modified its input", trial)
			}
			if math.IsNaN(p[i]) != math.IsNaN(adj[i]) {
				t.Fatalf("trial %d: p[%d] = %v adjusted to %v", trial, i, p[i], adj[i])
			}
			if math.IsNaN(p[i]) {
				continue
			}
			if adj[i] < p[i] || adj[i] > 1 {
				t.Errorf("trial %d: p = %v adjusted to %v, outside [p, 1]", trial, p[i], adj[i])
			}
			for j := range p {
				if !math.IsNaN(p[j]) && p[i] <= p[j] && adj[i] > adj[j] {
					t.Errorf("trial %d: p %v ≤ %v but adjusted %v > %v", trial, p[i], p[j], adj[i], adj[j])
				}
			}
		}
	}
}
