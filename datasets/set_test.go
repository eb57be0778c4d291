package datasets

import (
	"math"
	"testing"
)

func TestSetHelpers(t *testing.T) {
	s := &Set{X: []float32{0, 1, 2, 3, 4, 5}, Y: []int{0, 2, 1}, N: 3, D: 2, Classes: 3}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if r := s.Row(1); r[0] != 2 || r[1] != 3 {
		t.Errorf("Row(1) = %v", r)
	}
	sub, err := s.Subset([]int{2, 0})
	if err != nil || sub.N != 2 || sub.Y[0] != 1 || sub.X[0] != 4 || sub.X[3] != 1 {
		t.Errorf("Subset = %+v, %v", sub, err)
	}
	if _, err := s.Subset([]int{3}); err == nil {
		t.Error("Subset out of range: no error")
	}
	if f, err := s.First(10); err != nil || f.N != 3 {
		t.Errorf("First(10) = %+v, %v", f, err)
	}
}

func TestSetValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    *Set
	}{
		{"nil", nil},
		{"len X", &Set{X: []float32{1}, Y: []int{0}, N: 1, D: 2, Classes: 2}},
		{"len Y", &Set{X: []float32{1, 2}, Y: []int{0, 1}, N: 1, D: 2, Classes: 2}},
		{"label", &Set{X: []float32{1, 2}, Y: []int{2}, N: 1, D: 2, Classes: 2}},
		{"negative label", &Set{X: []float32{1, 2}, Y: []int{-1}, N: 1, D: 2, Classes: 2}},
		{"classes", &Set{X: []float32{1, 2}, Y: []int{0}, N: 1, D: 2, Classes: 1}},
		{"empty", &Set{Classes: 2}},
	} {
		if err := tc.s.Validate(); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestXOR(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      *Set
		lo, hi float32
	}{{"0/1", XOR(), 0, 1}, {"±1", XORSigned(), -1, 1}} {
		if err := tc.s.Validate(); err != nil {
			t.Fatal(err)
		}
		for i := range tc.s.N {
			r := tc.s.Row(i)
			// The label is 1 exactly when the two inputs differ.
			if want := r[0] != r[1]; (tc.s.Y[i] == 1) != want {
				t.Errorf("%s: point %v labelled %d", tc.name, r, tc.s.Y[i])
			}
			for _, v := range r {
				if v != tc.lo && v != tc.hi {
					t.Errorf("%s: input %v not in {%v, %v}", tc.name, v, tc.lo, tc.hi)
				}
			}
		}
	}
}

func TestNoisyXOR(t *testing.T) {
	cfg := NoisyXORConfig{NTrain: 400, NTest: 400, Sigma: 0.1, Seed: 3}
	tr, te, err := NoisyXOR(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr2, _, _ := NoisyXOR(cfg)
	for i := range tr.X {
		if tr.X[i] != tr2.X[i] {
			t.Fatal("same seed, different points")
		}
	}
	if tr.X[0] == te.X[0] && tr.X[1] == te.X[1] {
		t.Error("train and test start with the same point")
	}
	for _, s := range []*Set{tr, te} {
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		ones, agree := 0, 0
		var sq float64
		for i := range s.N {
			r := s.Row(i)
			ones += s.Y[i]
			// With σ = 0.1 the nearest corner decides the label except in the far tails (5σ).
			cx, cy := math.Round(float64(r[0])), math.Round(float64(r[1]))
			if (cx != cy) == (s.Y[i] == 1) {
				agree++
			}
			sq += (float64(r[0])-cx)*(float64(r[0])-cx) + (float64(r[1])-cy)*(float64(r[1])-cy)
		}
		if ones != s.N/2 {
			t.Errorf("%d of %d points labelled 1, want exactly half (balanced corners)", ones, s.N)
		}
		if agree != s.N {
			t.Errorf("%d of %d points nearest their own corner", agree, s.N)
		}
		// Sample variance per coordinate ≈ σ² = 0.01 (χ² with 800 d.o.f.: ±10% is > 2σ).
		if v := sq / float64(2*s.N); v < 0.0085 || v > 0.0115 {
			t.Errorf("noise variance %.4f, want ≈ 0.01", v)
		}
	}
	for _, bad := range []NoisyXORConfig{{NTrain: 3, NTest: 10, Sigma: 0.1}, {NTrain: 10, NTest: 10, Sigma: -1}, {NTrain: 10, NTest: 10, Sigma: math.NaN()}} {
		if _, _, err := NoisyXOR(bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
