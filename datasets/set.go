package datasets

import (
	"errors"
	"fmt"

	"github.com/isingact/isingact/internal/rng"
)

// Set is a labelled dataset held in memory: N examples of D float32 features stored row-major in
// X (example i is X[i*D : (i+1)*D]) and their class labels Y[i] in [0, Classes).
type Set struct {
	X       []float32
	Y       []int
	N       int
	D       int
	Classes int
}

// Validate reports whether the set's sizes agree (len(X) = N·D, len(Y) = N, N, D ≥ 1,
// Classes ≥ 2) and every label lies in [0, Classes).
func (s *Set) Validate() error {
	switch {
	case s == nil:
		return errors.New("datasets: nil set")
	case s.N < 1 || s.D < 1:
		return fmt.Errorf("datasets: set has N = %d, D = %d (want both ≥ 1)", s.N, s.D)
	case s.Classes < 2:
		return fmt.Errorf("datasets: set has %d classes (want ≥ 2)", s.Classes)
	case len(s.X) != s.N*s.D:
		return fmt.Errorf("datasets: len(X) = %d, want N·D = %d·%d = %d", len(s.X), s.N, s.D, s.N*s.D)
	case len(s.Y) != s.N:
		return fmt.Errorf("datasets: len(Y) = %d, want N = %d", len(s.Y), s.N)
	}
	for i, y := range s.Y {
		if y < 0 || y >= s.Classes {
			return fmt.Errorf("datasets: label %d of example %d is outside [0, %d)", y, i, s.Classes)
		}
	}
	return nil
}

// Row returns example i's features, a slice aliasing X (not a copy).
func (s *Set) Row(i int) []float32 { return s.X[i*s.D : (i+1)*s.D] }

// Subset returns a new set holding the examples idx, in that order (features copied). Indices
// out of [0, N) are an error.
func (s *Set) Subset(idx []int) (*Set, error) {
	out := &Set{X: make([]float32, 0, len(idx)*s.D), Y: make([]int, 0, len(idx)), N: len(idx), D: s.D, Classes: s.Classes}
	for _, i := range idx {
		if i < 0 || i >= s.N {
			return nil, fmt.Errorf("datasets: subset index %d outside [0, %d)", i, s.N)
		}
		out.X = append(out.X, s.Row(i)...)
		out.Y = append(out.Y, s.Y[i])
	}
	return out, nil
}

// First returns a copy of the first n examples (all of them when n ≥ N); n < 1 is an error.
// It is the cheap, deterministic subset for tests.
func (s *Set) First(n int) (*Set, error) {
	if n < 1 {
		return nil, fmt.Errorf("datasets: First(%d): want n ≥ 1", n)
	}
	n = min(n, s.N)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return s.Subset(idx)
}

// SplitIndices splits 0, …, n−1 into a held-out part of k indices and the remaining n − k, by a
// seeded random permutation (internal/rng with the given seed); both parts are returned sorted. The same
// (n, k, seed) always gives the same split, and the two parts are disjoint and cover 0…n−1.
func SplitIndices(n, k int, seed uint64) (rest, held []int, err error) {
	if n < 1 || k < 0 || k > n {
		return nil, nil, fmt.Errorf("datasets: cannot hold out %d of %d indices", k, n)
	}
	perm := rng.New(seed, "split").Perm(n)
	in := make([]bool, n)
	for _, i := range perm[:k] {
		in[i] = true
	}
	rest = make([]int, 0, n-k)
	held = make([]int, 0, k)
	for i, h := range in {
		if h {
			held = append(held, i)
		} else {
			rest = append(rest, i)
		}
	}
	return rest, held, nil
}
