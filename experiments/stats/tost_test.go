package stats

import (
	"math"
	"testing"
)

// TestTOSTSpecialCases: hand-derived cases of TOST (the general case is checked against
// statsmodels' ttost_paired in TestPairedReference and TestPipelineRecomputation).
func TestTOSTSpecialCases(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name         string
		d            []float64
		margin       float64
		lower, upper float64
	}{
		{"no margin", []float64{0.1, 0.2}, 0, nan, nan},
		{"NaN margin", []float64{0.1, 0.2}, nan, nan, nan},
		{"n=1", []float64{0.1}, 1, nan, nan},
		{"constant inside", []float64{0.1, 0.1, 0.1}, 0.2, 0, 0},
		{"constant outside", []float64{0.3, 0.3}, 0.2, 0, 1},
		{"constant at the bound", []float64{-0.2, -0.2}, 0.2, 1, 0},
		// d̄ = 0, s = √(4/3), t = ±0.866 on 3 df: statsmodels 0.13.5 ttost_paired gives 0.22509242787605047 for both.
		{"symmetric", []float64{-1, 1, -1, 1}, 0.5, 0.22509242787605047, 0.22509242787605047},
	} {
		lower, upper, p := TOST(tc.d, tc.margin)
		if !agrees(lower, tc.lower, 1e-9) || !agrees(upper, tc.upper, 1e-9) {
			t.Errorf("%s: TOST = %v, %v, want %v, %v", tc.name, lower, upper, tc.lower, tc.upper)
		}
		if !math.IsNaN(tc.lower) && p != math.Max(lower, upper) {
			t.Errorf("%s: p = %v, want the larger one-sided p", tc.name, p)
		}
	}
}
