package datasets

import (
	"fmt"
	"math"

	"github.com/isingact/isingact/internal/rng"
)

// XOR returns the four points of the XOR problem with inputs in {0, 1}:
//
//	(0,0) → 0   (0,1) → 1   (1,0) → 1   (1,1) → 0
//
// as a 2-class Set (D = 2). These are the inputs of the classic papers (Rumelhart, Hinton &
// Williams 1986; Hamey 1998). XORSigned gives the ±1 version.
func XOR() *Set {
	return &Set{X: []float32{0, 0, 0, 1, 1, 0, 1, 1}, Y: []int{0, 1, 1, 0}, N: 4, D: 2, Classes: 2}
}

// XORSigned returns the XOR points with inputs in {−1, +1} (−1 for 0): the label is 1 when the
// two inputs differ, that is when x₁·x₂ = −1. Zero-centred inputs suit odd activations (tanh).
func XORSigned() *Set {
	return &Set{X: []float32{-1, -1, -1, 1, 1, -1, 1, 1}, Y: []int{0, 1, 1, 0}, N: 4, D: 2, Classes: 2}
}

// NoisyXORConfig describes a noisy XOR: Gaussian clouds of standard deviation Sigma around the
// four corners of XOR() (or of XORSigned() when Signed), each point labelled by its corner.
type NoisyXORConfig struct {
	NTrain, NTest int     // points in each split (≥ 4; corners balanced to within one point)
	Sigma         float64 // standard deviation of each coordinate's noise (≥ 0; 0 gives the corners)
	Signed        bool    // corners at ±1 instead of 0/1
	Seed          uint64  // seed of the generator (PCG); same seed → same points
}

// DefaultNoisyXOR is 200 training and 200 test points with σ = 0.2 around 0/1 corners: the clouds
// overlap little (the nearest wrong corner is 0.5/σ = 2.5σ from the decision line), so a
// network that learned XOR scores near 100% and a linear one near 50–75%.
var DefaultNoisyXOR = NoisyXORConfig{NTrain: 200, NTest: 200, Sigma: 0.2, Seed: 1}

// NoisyXOR draws the training and test sets of cfg. Point i of a split sits at corner i mod 4
// plus N(0, σ²) noise on each coordinate, and the points of each split are then shuffled; the
// test points are drawn after the training points from the same seeded stream, so the two are
// independent samples of the same distribution.
func NoisyXOR(cfg NoisyXORConfig) (train, test *Set, err error) {
	if cfg.NTrain < 4 || cfg.NTest < 4 {
		return nil, nil, fmt.Errorf("datasets: noisy XOR needs ≥ 4 points per split, got train %d, test %d", cfg.NTrain, cfg.NTest)
	}
	if !(cfg.Sigma >= 0) || math.IsInf(cfg.Sigma, 0) {
		return nil, nil, fmt.Errorf("datasets: noisy XOR sigma = %v, want a finite σ ≥ 0", cfg.Sigma)
	}
	corners := XOR()
	if cfg.Signed {
		corners = XORSigned()
	}
	rng := rng.New(cfg.Seed, "noisy-xor")
	draw := func(n int) *Set {
		s := &Set{X: make([]float32, 2*n), Y: make([]int, n), N: n, D: 2, Classes: 2}
		for pos, i := range rng.Perm(n) {
			c := i % 4 // balanced corners, in shuffled order
			s.Y[pos] = corners.Y[c]
			s.X[2*pos] = corners.X[2*c] + float32(cfg.Sigma*rng.NormFloat64())
			s.X[2*pos+1] = corners.X[2*c+1] + float32(cfg.Sigma*rng.NormFloat64())
		}
		return s
	}
	return draw(cfg.NTrain), draw(cfg.NTest), nil
}
