package activations

import (
	"math"
	"slices"
	"testing"
)

// TestKinks checks the declared kinks. The clip points (exact slope = 10) are from
// nn/testdata/gainref.py and an mpmath bisection on Yang's dM/dT (40 digits): mf-magnetization
// 0.007367690463, onsager-magnetization 0.008247650089 in units of Tc and 0.0074228383 in
// units of J. The tables' slopes are accurate to 1e-6 relative, so the corners agree to 1e-5.
func TestKinks(t *testing.T) {
	tests := []struct {
		spec string
		want []float64
	}{
		{"relu", []float64{0}},
		{"tanh-fit:a=6,theta=0.5", []float64{0.5}},
		{"mf-magnetization", []float64{0, 0.007367690463}},
		{"mf-magnetization:maxslope=1e6", []float64{0, 7.5e-13}}, // √3/(2√x) = 1e6
		{"mf-magnetization:h=0.1", []float64{0}},                 // peak slope ≈ 1.1 < 10
		{"mf-magnetization:h=-0.3", []float64{0}},                // negative slope
		{"onsager-magnetization", []float64{0, 0.008247650089}},
		{"onsager-magnetization:units=j", []float64{0, 0.0074228383}},
	}
	for _, tc := range tests {
		a, err := Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		got := Kinks(a)
		ok := len(got) == len(tc.want)
		for i := 0; ok && i < len(got); i++ {
			ok = math.Abs(got[i]-tc.want[i]) <= 1e-5*math.Abs(tc.want[i])
		}
		if !ok {
			t.Errorf("Kinks(%s) = %v, want %v", tc.spec, got, tc.want)
		}
		// DF has its corner there: the cap on one side, below it on the other.
		if len(got) == 2 && got[0] == 0 {
			k := got[1]
			if !(a.DF(k*0.999) == a.DF(k*0.99) && a.DF(k*1.001) < a.DF(k*0.999)) {
				t.Errorf("%s: DF is not clipped below %v and free above", tc.spec, k)
			}
		}
	}
	k := Kinks(ReLU{})
	k[0] = 7
	if !slices.Equal(Kinks(ReLU{}), []float64{0}) {
		t.Error("Kinks returns a shared slice")
	}
}
