package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// MinDetectable is the smallest true mean difference that a two-sided paired t-test at level
// alpha on n pairs detects with probability power, when the differences have standard deviation
// sd (statsmodels.stats.power.TTestPower().solve_power(nobs=n, alpha, power) · sd). It uses the
// exact power of the t-test, from the noncentral t distribution, not the normal approximation:
//
//	c = t_{1−α/2}(n − 1),  δ = e·√n
//	power(e) = P(T′ ≥ c) + P(T′ ≤ −c),  T′ ~ t′(n − 1, δ)  (noncentral t)
//	MinDetectable = e*·sd  with power(e*) = power
//
// solved by bisection to full precision. The normal approximation (z_{1−α/2} + z_{power})·sd/√n
// is smaller: 2.80·sd/√n against 3.15·sd/√n at n = 10, α = 0.05, power 0.8 (the t-test pays for
// estimating sd); the two agree as n → ∞. It is NaN for n < 2, a NaN or negative sd, or alpha
// and power outside 0 < alpha < power < 1; 0 when sd = 0.
func MinDetectable(sd float64, n int, alpha, power float64) float64 {
	if n < 2 || !(sd >= 0) || !(alpha > 0 && alpha < power && power < 1) {
		return math.NaN()
	}
	if sd == 0 {
		return 0
	}
	lo, hi := 0.0, 1.0
	for PairedPower(hi, n, alpha) < power {
		lo, hi = hi, 2*hi
	}
	for range 200 {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		if PairedPower(mid, n, alpha) < power {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + (hi-lo)/2) * sd
}

// PairedPower is the power of the two-sided one-sample (paired) t-test at level alpha on n
// pairs against a true standardized effect e = Δ/sd (the formula at MinDetectable;
// statsmodels.stats.power.TTestPower().power). NaN for n < 2.
func PairedPower(e float64, n int, alpha float64) float64 {
	if n < 2 {
		return math.NaN()
	}
	df := float64(n - 1)
	c := studentQuantile(1-alpha/2, df)
	nc := e * math.Sqrt(float64(n))
	return 1 - noncentralTCDF(c, df, nc) + noncentralTCDF(-c, df, nc)
}

// noncentralTCDF is the distribution function P(T′ ≤ t) of the noncentral t distribution with
// df degrees of freedom and noncentrality nc, by Lenth's algorithm AS 243 (Applied Statistics
// 38:185–189, 1989), in the form of R's pnt: for t ≥ 0, with x = t²/(t² + df) and λ = nc²,
//
//	P(T′ ≤ t) = Φ(−nc) + ½ Σ_{j≥0} [ p_j·I_x(j + ½, df/2) + q_j·I_x(j + 1, df/2) ]
//	p_j = e^{−λ/2}(λ/2)^j / j!,   q_j = nc·e^{−λ/2}(λ/2)^j / (√2·Γ(j + 3/2))
//
// (I_x the regularized incomplete beta function), and P(T′ ≤ −t; nc) = 1 − P(T′ ≤ t; −nc).
// The series is summed until its error bound falls below 1e-15; it converges for the
// noncentralities a power calculation meets (|nc| ≲ 37, where e^{−λ/2} underflows).
func noncentralTCDF(t, df, nc float64) float64 {
	neg := t < 0
	if neg {
		t, nc = -t, -nc
	}
	tnc := 0.0
	if x := t * t / (t*t + df); x > 0 {
		lambda := nc * nc
		p := 0.5 * math.Exp(-0.5*lambda)
		q := math.Sqrt(2/math.Pi) * p * nc
		s := -0.5 * math.Expm1(-0.5*lambda)
		a, b := 0.5, 0.5*df
		rxb := math.Pow(df/(t*t+df), b)
		albeta := mathext.Lbeta(a, b)
		xodd := mathext.RegIncBeta(a, b, x)
		godd := 2 * rxb * math.Exp(a*math.Log(x)-albeta)
		xeven := 1 - rxb
		if b*x < 0x1p-52 {
			xeven = b * x
		}
		geven := b * x * rxb
		tnc = p*xodd + q*xeven
		for it := 1; it <= 2000; it++ {
			a++
			xodd -= godd
			xeven -= geven
			godd *= x * (a + b - 1) / a
			geven *= x * (a + b - 0.5) / (a + 0.5)
			p *= lambda / float64(2*it)
			q *= lambda / float64(2*it+1)
			tnc += p*xodd + q*xeven
			s -= p
			if s <= 0 || math.Abs(2*s*(xodd-godd)) < 1e-15 {
				break
			}
		}
	}
	tnc += distuv.UnitNormal.CDF(-nc)
	tnc = math.Min(tnc, 1)
	if neg {
		return 1 - tnc
	}
	return tnc
}
