package stats

import (
	"math"
	"testing"
)

// TestMcNemarReference checks McNemar against statsmodels 0.13.5
// mcnemar([[0, b], [c, 0]], exact=True).pvalue (via testdata/ref.py). Agreement 1e-12.
func TestMcNemarReference(t *testing.T) {
	for _, tc := range []struct {
		b, c int
		want float64
	}{
		{0, 0, 1.0},
		{3, 0, 0.25},
		{0, 5, 0.0625},
		{10, 2, 0.03857421875},
		{7, 7, 1.0},
		{40, 25, 0.08168153394154003},
		{1, 12, 0.00341796875},
		{150, 120, 0.07738939898021883},
		{6, 1, 0.125},
	} {
		if got := McNemar(tc.b, tc.c); !agrees(got, tc.want, 1e-12) {
			t.Errorf("McNemar(%d, %d) = %.17g, want %.17g", tc.b, tc.c, got, tc.want)
		}
		if got, swapped := McNemar(tc.b, tc.c), McNemar(tc.c, tc.b); got != swapped {
			t.Errorf("McNemar(%d, %d) = %v but swapped %v", tc.b, tc.c, got, swapped)
		}
	}
	if p := McNemar(-1, 3); !math.IsNaN(p) {
		t.Errorf("McNemar(-1, 3) = %v, want NaN", p)
	}
}

func TestDiscordant(t *testing.T) {
	x := []bool{true, true, false, false, true, false}
	y := []bool{true, false, true, false, false, false}
	b, c, n, err := Discordant(x, y)
	if err != nil || b != 2 || c != 1 || n != 6 {
		t.Errorf("Discordant = %d, %d, %d, %v; want 2, 1, 6, nil", b, c, n, err)
	}
	if _, _, _, err := Discordant(x, y[:5]); err == nil {
		t.Error("Discordant accepted samples of different lengths")
	}
}

// TestTangoReference checks TangoZ, TangoTOST and TangoInterval against an independent Python
// computation in testdata/ref.py: there the constrained maximum-likelihood estimate is found by
// scipy 1.10.1 brentq on the score equation instead of the closed form used here, the p-values
// come from scipy.stats.norm and the interval bounds from brentq on Z(δ₀) = ±z. Agreement 1e-9.
func TestTangoReference(t *testing.T) {
	for _, tc := range []struct {
		b, c, n        int
		margin, zUpper float64
		pLower, pUpper float64
		lo, hi         float64
	}{
		{0, 0, 100, 0.1, -3.333333333333333, 0.0004290603331968372, 0.0004290603331968372, -0.036993498206985685, 0.03699349820698567},
		{0, 0, 10, 0.1, -1.0540925533894596, 0.14592027257189422, 0.14592027257189433, -0.27753279986288915, 0.27753279986288926},
		{5, 3, 100, 0.1, -2.2605810948702074, 0.0007191423598431563, 0.011892604758564575, -0.04247710408216891, 0.0868118863315142},
		{12, 4, 100, 0.1, -0.4994569289059406, 5.164349598847118e-05, 0.30872876117944614, 0.0017827757440298136, 0.16558814783269943},
		{20, 6, 50, 0.1, 1.8150122776136783, 0.0001303248958938486, 0.96523898863826, 0.08473724909197759, 0.45399453822912866},
		{3, 9, 40, 0.2, -3.633784294814362, 0.27639820658917125, 0.00013964719298474747, -0.3208653295453142, 0.021988046381832868},
		{1, 0, 30, 0.1, -1.217161238900369, 0.017507490509831244, 0.1117714372856603, -0.08396383961310107, 0.1667039099140917},
	} {
		if z := TangoZ(tc.b, tc.c, tc.n, tc.margin); !agrees(z, tc.zUpper, 1e-9) {
			t.Errorf("TangoZ(%d, %d, %d, %v) = %.17g, want %.17g", tc.b, tc.c, tc.n, tc.margin, z, tc.zUpper)
		}
		pl, pu, p := TangoTOST(tc.b, tc.c, tc.n, tc.margin)
		if !agrees(pl, tc.pLower, 1e-9) || !agrees(pu, tc.pUpper, 1e-9) || p != math.Max(pl, pu) {
			t.Errorf("TangoTOST(%d, %d, %d, %v) = %.17g, %.17g, %.17g; want %.17g, %.17g",
				tc.b, tc.c, tc.n, tc.margin, pl, pu, p, tc.pLower, tc.pUpper)
		}
		iv := TangoInterval(tc.b, tc.c, tc.n, 0.95)
		if !agrees(iv.Lo, tc.lo, 1e-9) || !agrees(iv.Hi, tc.hi, 1e-9) {
			t.Errorf("TangoInterval(%d, %d, %d) = %v, want [%.17g, %.17g]", tc.b, tc.c, tc.n, iv, tc.lo, tc.hi)
		}
	}
}

// TestTangoProperties: swapping x and y (b ↔ c) mirrors the statistic, Z(δ₀) decreases in δ₀,
// and the interval holds the point estimate (b − c)/n and stays in [−1, 1].
func TestTangoProperties(t *testing.T) {
	for _, tc := range []struct{ b, c, n int }{{0, 0, 5}, {3, 1, 20}, {10, 0, 10}, {7, 12, 100}, {40, 38, 100}} {
		prev := math.Inf(1)
		for d := -0.95; d < 0.96; d += 0.05 {
			z := TangoZ(tc.b, tc.c, tc.n, d)
			if mirrored := TangoZ(tc.c, tc.b, tc.n, -d); math.Abs(z+mirrored) > 1e-9*math.Max(1, math.Abs(z)) {
				t.Errorf("%v: Z(%v) = %v but swapped Z(%v) = %v", tc, d, z, -d, mirrored)
			}
			if z > prev {
				t.Errorf("%v: Z(%v) = %v > Z at the previous δ₀, %v", tc, d, z, prev)
			}
			prev = z
		}
		iv := TangoInterval(tc.b, tc.c, tc.n, 0.95)
		est := float64(tc.b-tc.c) / float64(tc.n)
		if !(iv.Lo <= est && est <= iv.Hi && iv.Lo >= -1 && iv.Hi <= 1) {
			t.Errorf("%v: interval %v does not hold %v inside [-1, 1]", tc, iv, est)
		}
	}
}
