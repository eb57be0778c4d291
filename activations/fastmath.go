package activations

import (
	"math"
	"sync"
)

// Fast elementary functions for the float32 paths of the generic op. They compute in float64
// with a relative error below 1e-9 (softplusTail: 1e-9 absolute), tested against the math
// package, far below float32's resolution of 6e-8, at a fraction of the cost of math.Exp and
// math.Log1p. Float64 tensors never use them: they go through each activation's exact F, DF.

// expFast returns e^x with relative error < 1e-10 for |x| ≤ 708, +Inf above 709.78 and 0 below
// −708 (NaN for NaN).
//
// Table-driven range reduction (Tang's method): x = (64m + j)·ln2/64 + r with |r| ≤ ln2/128,
// e^x = 2^m · 2^(j/64) · e^r, the 64 values 2^(j/64) from exp2Table and e^r from its Taylor
// polynomial of degree 4 (truncation error r⁵/5! < 4e-14). k = 64m + j is rounded to nearest by
// the 1.5·2^52 shift trick, and ln2/64 is split in a high and a low part as in the math package.
func expFast(x float64) float64 {
	const (
		shift   = 0x1.8p52                        // adding it rounds to an integer in the low bits
		invLn2N = 64 / math.Ln2                   // 64/ln 2
		ln2NHi  = 6.93147180369123816490e-01 / 64 // math package's split of ln 2, over 64
		ln2NLo  = 1.90821492927058770002e-10 / 64
	)
	switch {
	case x > 709.78:
		return math.Inf(1)
	case x < -708:
		return 0
	case x != x: // NaN
		return x
	}
	t := x*invLn2N + shift
	k := int64(math.Float64bits(t)) // low bits hold round(x·64/ln 2) in two's complement
	kf := t - shift
	r := (x - kf*ln2NHi) - kf*ln2NLo
	r2 := r * r
	p := (1 + r) + r2*((1.0/2+r*(1.0/6))+r2*(1.0/24))
	m := k >> 6 // floor division: k = 64m + j, j in [0, 63], also for negative k
	scale := math.Float64frombits(math.Float64bits(exp2Table[k&63]) + uint64(m)<<52)
	return p * scale
}

// exp2Table holds 2^(j/64), j = 0…63, correctly rounded (computed with mpmath at 200 bits;
// TestExp2Table checks them against math.Exp2). It is never written.
var exp2Table = [64]float64{
	0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0, 0x1.0874518759bc8p+0,
	0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0, 0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0,
	0x1.172b83c7d517bp+0, 0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
	0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0, 0x1.2d285a6e4030bp+0,
	0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0, 0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0,
	0x1.3dea64c123422p+0, 0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
	0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0, 0x1.56f4736b527dap+0,
	0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0, 0x1.6247eb03a5585p+0, 0x1.6623882552225p+0,
	0x1.6a09e667f3bcdp+0, 0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
	0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0, 0x1.868d99b4492edp+0,
	0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0, 0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0,
	0x1.9c49182a3f090p+0, 0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
	0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0, 0x1.bcc1e904bc1d2p+0,
	0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0, 0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0,
	0x1.d5818dcfba487p+0, 0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
	0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0, 0x1.fa7c1819e90d8p+0,
}

// logisticFast returns σ(x) = 1/(1 + e^(−x)) through expFast, for either sign of x.
func logisticFast(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + expFast(-x))
	}
	e := expFast(x)
	return e / (1 + e)
}

// softplusTail returns g(u) = ln(1 + e^(−u)) for u ≥ 0 with absolute error < 1e-9 (relative
// 1e-9 for u ≥ 20), about twice as fast as log1p(exp(−u)) from the math package: for u < 20 it interpolates
// a cubic Hermite table of g (step 1/32, error ≤ h⁴/384·max|g⁗| < 4e-10), beyond it
// g = e^(−u) − e^(−2u)/2 to rounding. It is the costly part of softplus and ln cosh:
//
//	softplus(x) = max(x, 0) + g(|x|),   ln cosh(z) = |z| + g(2|z|) − ln 2.
func softplusTail(u float64) float64 { return tailTable{softplusTailTable()}.at(u) }

// tailTable is softplusTail with the table looked up once, for the loops of the kernels.
type tailTable struct{ t *hermiteTable }

func (g tailTable) at(u float64) float64 {
	if u >= softplusTailEnd || u != u {
		e := expFast(-u)
		return e - e*e/2
	}
	return g.t.eval(g.t.f, u)
}

const softplusTailEnd = 20

// softplusTailTable is the lookup table of softplusTail, built on first use (about 0.1 ms) and
// never modified after.
var softplusTailTable = sync.OnceValue(func() *hermiteTable {
	t, err := newHermiteTable(func(u float64) (f, df, ddf float64) {
		s := logistic(-u) // σ(−u) = e^(−u)/(1 + e^(−u))
		return math.Log1p(math.Exp(-u)), -s, s * (1 - s)
	}, 0, softplusTailEnd, 32*softplusTailEnd)
	if err != nil {
		panic(err) // the function is finite on [0, 20]: unreachable
	}
	return t
})
