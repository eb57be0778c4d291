package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Welch is Welch's unequal-variances t-test of Mean(a) = Mean(b) (Welch 1947):
//
//	t  = (ā − b̄)/√(s_a²/n_a + s_b²/n_b)
//	df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1))   (Welch–Satterthwaite)
//	p  = 2·(1 − F_t(|t|; df))   two-sided
//
// With fewer than two values on a side the test is undefined and every result is NaN. When both
// variances are zero the standard error is 0: p = 1 if the means are equal, else p = 0 (t = ±Inf).
func Welch(a, b []float64) (t, df, p float64) {
	na, nb := float64(len(a)), float64(len(b))
	if na < 2 || nb < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	ma, mb := Mean(a), Mean(b)
	va, vb := StdDev(a), StdDev(b)
	ea, eb := va*va/na, vb*vb/nb
	se2 := ea + eb
	if se2 == 0 {
		if ma == mb {
			return 0, math.NaN(), 1
		}
		return math.Copysign(math.Inf(1), ma-mb), math.NaN(), 0
	}
	t = (ma - mb) / math.Sqrt(se2)
	df = se2 * se2 / (ea*ea/(na-1) + eb*eb/(nb-1))
	p = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	return t, df, p
}

// TwoProportions is the two-sided pooled z-test of equal success rates between two samples of
// 0/1 values (for success rates, where Welch's test breaks down at 0/n and n/n):
//
//	p̄ = (x_a + x_b)/(n_a + n_b),  z = (p̂_a − p̂_b)/√(p̄(1 − p̄)(1/n_a + 1/n_b)),  p = 2(1 − Φ(|z|))
//
// When p̄ is 0 or 1 both samples agree perfectly and p = 1; an empty side gives NaN.
func TwoProportions(a, b []float64) (z, p float64) {
	if len(a) == 0 || len(b) == 0 {
		return math.NaN(), math.NaN()
	}
	na, nb := float64(len(a)), float64(len(b))
	pa, pb := Mean(a), Mean(b)
	pool := (pa*na + pb*nb) / (na + nb)
	if pool == 0 || pool == 1 {
		return 0, 1
	}
	z = (pa - pb) / math.Sqrt(pool*(1-pool)*(1/na+1/nb))
	return z, math.Erfc(math.Abs(z) / math.Sqrt2)
}
