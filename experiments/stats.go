package main

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// desc describes one sample of a metric (one value per seed).
type desc struct {
	N          int
	Mean, Std  float64 // Std is the sample standard deviation (n − 1 in the denominator)
	Lo, Hi     float64 // 95% confidence interval of the mean
	Median     float64
	Q1, Q3     float64 // quartiles; IQR = Q3 − Q1
	Min, Max   float64
	Proportion bool // Lo and Hi are a Wilson score interval (values are 0/1)
}

// describe returns the mean, sample standard deviation, median, quartiles and the 95% confidence
// interval of the mean of xs:
//
//	mean ± t₀.₉₇₅(n − 1) · s/√n
//
// with t the Student t quantile (distuv.StudentsT). For n = 1 the interval is [mean, mean] and
// Std is 0 (undefined, reported as such); for n = 0 every field is NaN. NaN values are kept: a
// diverged run makes the mean NaN rather than silently vanishing.
//
// When proportion is true the values must be 0 or 1 (success indicators) and the interval is
// Wilson's score interval (Wilson 1927), which stays inside [0, 1] and is honest at 0/n and n/n,
// where the t interval collapses to a point:
//
//	(p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n),  z = Φ⁻¹(0.975)
func describe(xs []float64, proportion bool) desc {
	n := len(xs)
	d := desc{N: n, Proportion: proportion}
	if n == 0 {
		nan := math.NaN()
		d.Mean, d.Std, d.Lo, d.Hi, d.Median, d.Q1, d.Q3, d.Min, d.Max = nan, nan, nan, nan, nan, nan, nan, nan, nan
		return d
	}
	d.Mean = mean(xs)
	d.Std = stddev(xs, d.Mean)
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	d.Min, d.Max = sorted[0], sorted[n-1]
	d.Median, d.Q1, d.Q3 = quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75)
	switch {
	case proportion:
		d.Lo, d.Hi = wilson(d.Mean, n)
	case n == 1:
		d.Lo, d.Hi = d.Mean, d.Mean
	default:
		h := tQuantile(0.975, float64(n-1)) * d.Std / math.Sqrt(float64(n))
		d.Lo, d.Hi = d.Mean-h, d.Mean+h
	}
	return d
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// stddev is the sample standard deviation √(Σ(x − m)²/(n − 1)); 0 when n < 2.
func stddev(xs []float64, m float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

// quantile is the p-quantile of sorted data by linear interpolation between order statistics
// (Hyndman & Fan 1996 type 7, the default of R and NumPy): h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
func quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := float64(len(sorted)-1) * p
	i := int(math.Floor(h))
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// tQuantile is the p-quantile of Student's t distribution with df degrees of freedom.
func tQuantile(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// z975 = Φ⁻¹(0.975), the two-sided 95% normal quantile.
const z975 = 1.959963984540054

// wilson returns Wilson's 95% score interval for a proportion p̂ observed in n trials.
func wilson(p float64, n int) (lo, hi float64) {
	z2n := z975 * z975 / float64(n)
	c := (p + z2n/2) / (1 + z2n)
	h := z975 * math.Sqrt(p*(1-p)/float64(n)+z2n/float64(4*n)) / (1 + z2n)
	return math.Max(0, c-h), math.Min(1, c+h)
}

// welch is Welch's unequal-variances t-test of mean(a) = mean(b) (Welch 1947):
//
//	t  = (ā − b̄)/√(s_a²/n_a + s_b²/n_b)
//	df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1))   (Welch–Satterthwaite)
//	p  = 2·(1 − F_t(|t|; df))   two-sided
//
// With fewer than two values on a side the test is undefined and every result is NaN. When both
// variances are zero the standard error is 0: p = 1 if the means are equal, else p = 0 (t = ±Inf).
func welch(a, b []float64) (t, df, p float64) {
	na, nb := float64(len(a)), float64(len(b))
	if na < 2 || nb < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	ma, mb := mean(a), mean(b)
	va, vb := stddev(a, ma), stddev(b, mb)
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

// twoProportions is the two-sided pooled z-test of equal success rates between two samples of
// 0/1 values (for success rates, where Welch's test breaks down at 0/n and n/n):
//
//	p̄ = (x_a + x_b)/(n_a + n_b),  z = (p̂_a − p̂_b)/√(p̄(1 − p̄)(1/n_a + 1/n_b)),  p = 2(1 − Φ(|z|))
//
// When p̄ is 0 or 1 both samples agree perfectly and p = 1; an empty side gives NaN.
func twoProportions(a, b []float64) (z, p float64) {
	if len(a) == 0 || len(b) == 0 {
		return math.NaN(), math.NaN()
	}
	na, nb := float64(len(a)), float64(len(b))
	pa, pb := mean(a), mean(b)
	pool := (pa*na + pb*nb) / (na + nb)
	if pool == 0 || pool == 1 {
		return 0, 1
	}
	z = (pa - pb) / math.Sqrt(pool*(1-pool)*(1/na+1/nb))
	return z, math.Erfc(math.Abs(z) / math.Sqrt2)
}
