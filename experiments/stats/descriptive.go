// Package stats holds the statistics of the experiments' tables: descriptive statistics with
// confidence intervals (t and Wilson), and tests between two samples (Welch's t-test, the
// two-proportion z-test). Every function takes the values of one metric, one per seed.
package stats

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Desc describes one sample of a metric (one value per seed).
type Desc struct {
	N          int
	Mean, Std  float64 // Std is the sample standard deviation (n − 1 in the denominator)
	Lo, Hi     float64 // 95% confidence interval of the mean
	Median     float64
	Q1, Q3     float64 // quartiles; IQR = Q3 − Q1
	Min, Max   float64
	Proportion bool // Lo and Hi are a Wilson score interval (values are 0/1)
}

// Describe returns the mean, sample standard deviation, median, quartiles and the 95% confidence
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
func Describe(xs []float64, proportion bool) Desc {
	n := len(xs)
	d := Desc{N: n, Proportion: proportion}
	if n == 0 {
		nan := math.NaN()
		d.Mean, d.Std, d.Lo, d.Hi, d.Median, d.Q1, d.Q3, d.Min, d.Max = nan, nan, nan, nan, nan, nan, nan, nan, nan
		return d
	}
	d.Mean = Mean(xs)
	d.Std = StdDev(xs)
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	d.Min, d.Max = sorted[0], sorted[n-1]
	d.Median, d.Q1, d.Q3 = Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75)
	switch {
	case proportion:
		d.Lo, d.Hi = Wilson(d.Mean, n)
	case n == 1:
		d.Lo, d.Hi = d.Mean, d.Mean
	default:
		h := TQuantile(0.975, float64(n-1)) * d.Std / math.Sqrt(float64(n))
		d.Lo, d.Hi = d.Mean-h, d.Mean+h
	}
	return d
}

// Mean is the arithmetic mean Σx/n (NaN for no values; NaN if any value is NaN).
func Mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// StdDev is the sample standard deviation √(Σ(x − m)²/(n − 1)), m the mean; 0 when n < 2.
func StdDev(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	m := Mean(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(len(xs)-1))
}

// Quantile is the p-quantile of sorted data by linear interpolation between order statistics
// (Hyndman & Fan 1996 type 7, the default of R and NumPy): h = (n − 1)p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
func Quantile(sorted []float64, p float64) float64 {
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

// TQuantile is the p-quantile of Student's t distribution with df degrees of freedom.
func TQuantile(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// Wilson returns Wilson's 95% score interval for a proportion p̂ observed in n trials.
func Wilson(p float64, n int) (lo, hi float64) {
	const z975 = 1.959963984540054 // Φ⁻¹(0.975), the two-sided 95% normal quantile
	z2n := z975 * z975 / float64(n)
	c := (p + z2n/2) / (1 + z2n)
	h := z975 * math.Sqrt(p*(1-p)/float64(n)+z2n/float64(4*n)) / (1 + z2n)
	return math.Max(0, c-h), math.Min(1, c+h)
}
