package xor

import (
	"math"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/nn"
)

// silentTol is the output below which a perceptron counts as silent on a point.
const silentTol = 1e-6

// silentUnit reports whether a perceptron y = f(w·x + b) outputs 0 (|y| ≤ silentTol) on every
// point of s, computed from the model's weights (float64 copies) and the activation's F. A silent
// unit gives the same output on every point, so it cannot solve AND, which needs y > ½ at
// (1, 1); for an activation that is flat at 0 below its threshold (relu, the spike counts, the
// magnetizations) it is also the dead unit of the rectifier literature: every pre-activation in
// the flat region, no gradient from any point.
func silentUnit(m *nn.Model, act activations.Activation, s *datasets.Set) bool {
	w := m.Weights()
	for i := range s.N {
		z := w[1][0]
		for j := range s.D {
			z += float64(s.X[i*s.D+j]) * w[0][j]
		}
		if !(math.Abs(act.F(z)) <= silentTol) {
			return false
		}
	}
	return true
}
