package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Alpha is the significance level of the project's tests, intervals (1 − Alpha = 95%) and
// verdicts.
const Alpha = 0.05

// PairedResult is the paired comparison of two samples measured on the same seeds, x against the
// baseline y, computed on the differences d_i = x_i − y_i. Every field is NaN where it is
// undefined (see Paired).
type PairedResult struct {
	N      int     // number of pairs
	Delta  float64 // mean difference d̄ = Σd_i/n
	SD     float64 // sample standard deviation of the differences, √(Σ(d_i − d̄)²/(n − 1))
	Lo, Hi float64 // 95% paired t interval of the mean difference
	T      float64 // paired t statistic d̄/(SD/√n), on n − 1 degrees of freedom
	// PPaired is the two-sided paired t-test p-value, PPerm the exact sign-flip permutation
	// p-value (SignFlipP) and PTost the TOST equivalence p-value against ±Margin (TOST).
	PPaired, PPerm float64
	Margin, PTost  float64
	// MinDetect is the smallest true difference this many pairs with this spread detect with
	// 80% power at level Alpha: MinDetectable(SD, N, Alpha, 0.8).
	MinDetect float64
}

// Paired compares x with the baseline y pair by pair (x_i and y_i come from the same seed):
//
//	d_i = x_i − y_i,   d̄ = Σd_i/n,   s = √(Σ(d_i − d̄)²/(n − 1)),   se = s/√n
//	interval  d̄ ± t_{0.975}(n − 1)·se
//	t = d̄/se,   p_paired = 2·(1 − F_t(|t|; n − 1))          (Student 1908; scipy.stats.ttest_rel)
//
// with PPerm = SignFlipP(d), PTost = TOST(d, margin) and MinDetect = MinDetectable(s, n, α,
// 0.8). Special cases: n = 0 gives NaN
// everywhere; n = 1 has no spread, so SD, the interval, PPaired and PTost are NaN; a NaN value
// (a diverged run) makes every statistic NaN rather than vanish. When every difference is the
// same (s = 0, n ≥ 2) the interval is the point [d̄, d̄], and PPaired is 1 if d̄ = 0 and 0
// otherwise (t = ±∞; SciPy returns NaN there). x and y of different lengths are an error.
func Paired(x, y []float64, margin float64) (PairedResult, error) {
	d, err := Differences(x, y)
	if err != nil {
		return PairedResult{}, err
	}
	r := PairedResult{N: len(d), Margin: margin}
	r.Delta, r.SD = momentsOf(d)
	r.T, r.PPaired = PairedT(d)
	r.Lo, r.Hi = math.NaN(), math.NaN()
	if se := r.SD / math.Sqrt(float64(r.N)); r.N >= 2 && !math.IsNaN(se) {
		h := studentQuantile(1-Alpha/2, float64(r.N-1)) * se
		r.Lo, r.Hi = r.Delta-h, r.Delta+h
	}
	r.PPerm = SignFlipP(d)
	_, _, r.PTost = TOST(d, margin)
	r.MinDetect = MinDetectable(r.SD, r.N, Alpha, 0.8)
	return r, nil
}

// Differences returns d_i = x_i − y_i, or an error when the samples are not paired (different
// lengths).
func Differences(x, y []float64) ([]float64, error) {
	if len(x) != len(y) {
		return nil, fmt.Errorf("stats: paired samples have different lengths %d and %d", len(x), len(y))
	}
	d := make([]float64, len(x))
	for i := range x {
		d[i] = x[i] - y[i]
	}
	return d, nil
}

// PairedT is the two-sided one-sample t-test of mean(d) = 0 on the paired differences d, with the
// special cases documented at Paired: t and p are NaN for n < 2 or NaN data; for s = 0, t = 0 and
// p = 1 when d̄ = 0, else t = ±∞ and p = 0.
func PairedT(d []float64) (t, p float64) {
	n := len(d)
	m, s := momentsOf(d)
	if n < 2 || math.IsNaN(m) || math.IsNaN(s) {
		return math.NaN(), math.NaN()
	}
	se := s / math.Sqrt(float64(n))
	if se == 0 {
		if m == 0 {
			return 0, 1
		}
		return math.Copysign(math.Inf(1), m), 0
	}
	t = m / se
	return t, 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Survival(math.Abs(t))
}

// momentsOf returns the mean and the sample standard deviation (n − 1 in the denominator) of xs:
// NaN mean for n = 0, NaN standard deviation for n < 2.
func momentsOf(xs []float64) (m, s float64) {
	n := float64(len(xs))
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, x := range xs {
		m += x
	}
	m /= n
	if len(xs) < 2 {
		return m, math.NaN()
	}
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / (n - 1))
}

// studentQuantile is the p-quantile of Student's t distribution with df degrees of freedom:
// gonum's Quantile (an inverse incomplete beta good to about 1e-9 relative), polished by two
// Newton steps x ← x − (F(x) − p)/f(x) on the distribution function, which gonum computes to
// near machine precision, so that intervals agree with SciPy's to 1e-12.
func studentQuantile(p, df float64) float64 {
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	x := dist.Quantile(p)
	for range 2 {
		if f := dist.Prob(x); f > 0 && !math.IsInf(x, 0) {
			x -= (dist.CDF(x) - p) / f
		}
	}
	return x
}

// Outcome is the verdict of one comparison against the baseline.
type Outcome string

// The four verdicts.
const (
	Better       Outcome = "better"       // significantly above the baseline after Holm
	Worse        Outcome = "worse"        // significantly below the baseline after Holm
	Equivalent   Outcome = "equivalent"   // not different, and TOST shows it is within the margin
	Inconclusive Outcome = "inconclusive" // neither: the data cannot tell
)

// Verdict decides one row of a comparison table at level Alpha:
//
//	pHolm < α                  better if delta > 0, worse if delta < 0
//	otherwise, pTost < α       equivalent
//	otherwise                  inconclusive
//
// delta is the mean difference oriented so that positive is better (for a loss, pass −Δ).
// NaN p-values count as not significant, so an undefined test gives inconclusive; so does a
// significant p with delta = 0 or NaN, which cannot say a direction.
func Verdict(delta, pHolm, pTost float64) Outcome {
	switch {
	case pHolm < Alpha && delta > 0:
		return Better
	case pHolm < Alpha && delta < 0:
		return Worse
	case pHolm < Alpha:
		return Inconclusive
	case pTost < Alpha:
		return Equivalent
	}
	return Inconclusive
}
