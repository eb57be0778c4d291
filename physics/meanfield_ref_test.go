package physics

import (
	"math"
	"math/big"
)

// Independent high-precision references for the mean-field tests: m = tanh((m + h)/t) solved by
// bisection in 256-bit big.Float arithmetic with exp summed from its Taylor series. It shares
// no code with the float64 solver.

const refPrec = 256

func bigF(x float64) *big.Float { return new(big.Float).SetPrec(refPrec).SetFloat64(x) }

// bigExp returns e^x for |x| ≲ 1000 by halving x until it is below 2⁻⁸, summing the Taylor
// series and squaring back.
func bigExp(x *big.Float) *big.Float {
	r := new(big.Float).SetPrec(refPrec).Set(x)
	k := 0
	lim := bigF(1.0 / 256)
	for new(big.Float).Abs(r).Cmp(lim) > 0 {
		r.Quo(r, bigF(2))
		k++
	}
	sum := bigF(1)
	term := bigF(1)
	eps := new(big.Float).SetPrec(refPrec).SetMantExp(bigF(1), -refPrec-8)
	for n := 1; n < 200; n++ {
		term.Mul(term, r)
		term.Quo(term, bigF(float64(n)))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	for range k {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigTanh returns tanh(x) = (e^(2x) − 1)/(e^(2x) + 1) for x ≥ 0 (for small x the subtraction
// loses only a few of the 256 bits).
func bigTanh(x *big.Float) *big.Float {
	e := bigExp(new(big.Float).SetPrec(refPrec).Mul(x, bigF(2)))
	num := new(big.Float).SetPrec(refPrec).Sub(e, bigF(1))
	den := new(big.Float).SetPrec(refPrec).Add(e, bigF(1))
	return num.Quo(num, den)
}

// refMagnetization solves m = tanh((m + h)/t) for t > 0, h ≥ 0 (positive root; for h = 0 it
// must be called with t < 1) by 220 bisection steps on g(m) = m − tanh((m + h)/t), which is
// negative left of the positive root and positive right of it. t is given as 1 − eps with eps
// exact, so that t a hair below 1 is represented exactly.
func refMagnetization(eps, h float64) float64 {
	t := new(big.Float).SetPrec(refPrec).Sub(bigF(1), bigF(eps))
	hb := bigF(h)
	lo := bigF(0x1p-1000)
	hi := bigF(1)
	half := bigF(0.5)
	for range 220 {
		mid := new(big.Float).SetPrec(refPrec).Add(lo, hi)
		mid.Mul(mid, half)
		y := new(big.Float).SetPrec(refPrec).Add(mid, hb)
		y.Quo(y, t)
		g := new(big.Float).SetPrec(refPrec).Sub(mid, bigTanh(y))
		if g.Sign() < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	f, _ := lo.Float64()
	return f
}

// refDiff is |got − want| guarded against NaN (NaN compares as +Inf).
func refDiff(got, want float64) float64 {
	d := math.Abs(got - want)
	if math.IsNaN(d) {
		return math.Inf(1)
	}
	return d
}
