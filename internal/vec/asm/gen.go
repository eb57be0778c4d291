//go:build ignore

// Command gen writes internal/vec's AVX2 loops (vec_amd64.s, stubs_amd64.go) with
// github.com/mmcloughlin/avo; run `go generate ./internal/vec`.
//
// adamAVX2 is the Adam update of vec.Adam32, 8 float32 lanes at a time, with the same
// operations in the same order as the scalar loop — each product and sum rounded to float32
// on its own, no fused multiply-add, an IEEE square root and division — so that its results
// are bit-identical to the scalar loop's:
//
//	m ← (g·(1−β₁)) + (m·β₁)
//	v ← ((g·g)·(1−β₂)) + (v·β₂)
//	w ← w + ((m·c₁)·(−η)) / (√(v·c₂) + ε)
//
// The logistic loops evaluate, 4 float32 at a time in float64 lanes, with z = a·(x − s) and
// e = exp(−|z|) ∈ (0, 1]:
//
//	logisticAVX2:           dst = σ(z)        = 1/(1 + e) for z ≥ 0, e/(1 + e) for z < 0
//	logisticTimesAVX2:      dst = g·σ(z)
//	logisticSlopeTimesAVX2: dst = g·c·σ'(z)   = g·c·e/(1 + e)²
//
// e = exp(u) for u = −min(|z|, 708) (NaN kept) uses range reduction to u = k·ln2 + r, |r| ≤ ln2/2, k = round(u/ln2) by the 1.5·2⁵² shift (whose low bits then hold
// k, so that 2^k is (bits + 1023) << 52), ln 2 split in the math package's high and low parts,
// and e^r from its Taylor polynomial of degree 10 (truncation error (ln2/2)¹¹/11! < 3e-13,
// relative). Clamping |z| at 708 changes only results below 1e-307, which round to 0 in float32.
package main

import (
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func main() {
	ConstraintExpr("amd64,!purego")
	adam()
	consts := expConsts()
	logistic("logisticAVX2", consts, modeLogistic)
	logistic("logisticTimesAVX2", consts, modeTimes)
	logistic("logisticSlopeTimesAVX2", consts, modeSlope)
	cubic("cubicAVX2", false)
	cubic("cubicTimesAVX2", true)
	Generate()
}

// Modes of logistic.
const (
	modeLogistic = iota
	modeTimes
	modeSlope
)

// Constants of the exp evaluation, each replicated in 4 float64 lanes (32 bytes) at offset
// 32·index in the table expConsts writes.
const (
	cShift = iota // 1.5·2⁵²
	cLog2e
	cLn2Hi
	cLn2Lo
	cMaxAbs // 708, the largest w whose e^(−w) is a normal float64
	cAbs    // 0x7fff…: clears the sign bit
	cBias   // 1023 as an integer
	cOne    // 1
	cTaylor // 1/10!, 1/9!, …, 1/1!, 1/0! at cTaylor … cTaylor+10
)

// expConsts writes the constant table and returns it.
func expConsts() Mem {
	t := GLOBL("expconst", RODATA|NOPTR)
	put := func(i int, v Constant) {
		if f, ok := v.(F64); ok {
			// As bits: avo prints F64(1) as $(1), which the assembler reads as the integer 1.
			v = U64(math.Float64bits(float64(f)))
		}
		for l := range 4 {
			DATA(32*i+8*l, v)
		}
	}
	put(cShift, F64(0x1.8p52))
	put(cLog2e, F64(1/math.Ln2))
	put(cLn2Hi, F64(6.93147180369123816490e-01))
	put(cLn2Lo, F64(1.90821492927058770002e-10))
	put(cMaxAbs, F64(708))
	put(cAbs, U64(0x7fffffffffffffff))
	put(cBias, U64(1023))
	put(cOne, F64(1))
	fact := 1.0
	for k := 1; k <= 10; k++ {
		fact *= float64(k)
	}
	for k := 10; k >= 0; k-- { // 1/k!, highest degree first (Horner)
		put(cTaylor+10-k, F64(1/fact))
		fact /= float64(max(k, 1))
	}
	return t
}

// logistic writes one of the three logistic loops (see the package comment).
func logistic(name string, consts Mem, mode int) {
	TEXT(name, NOSPLIT, "func(dst, x, grad *float32, n int, k *[3]float64)")
	Pragma("noescape")
	Doc(name + " is one of vec's logistic loops over n elements (n a multiple of 4); k holds a, s, c. See asm/gen.go.")
	dst := Load(Param("dst"), GP64())
	x := Load(Param("x"), GP64())
	var g Register
	if mode != modeLogistic {
		g = Load(Param("grad"), GP64())
	}
	n := Load(Param("n"), GP64())
	k := Load(Param("k"), GP64())
	c := func(i int) Mem { return consts.Offset(32 * i) }
	a, s, cc, one, lim := YMM(), YMM(), YMM(), YMM(), YMM()
	VBROADCASTSD(Mem{Base: k}, a)
	VBROADCASTSD(Mem{Base: k, Disp: 8}, s)
	VBROADCASTSD(Mem{Base: k, Disp: 16}, cc)
	VMOVUPD(c(cOne), one)
	VMOVUPD(c(cMaxAbs), lim)
	i := GP64()
	XORQ(i, i)
	Label(name + "_loop")
	CMPQ(i, n)
	JGE(LabelRef(name + "_done"))
	at := func(base Register) Mem { return Mem{Base: base, Index: i, Scale: 4} }

	// z = a·(x − s); w = min(|z|, 708), a NaN kept (VMINPD returns its second source).
	z, w := YMM(), YMM()
	VCVTPS2PD(at(x), z)
	VSUBPD(s, z, z)
	VMULPD(a, z, z)
	VANDPD(c(cAbs), z, w)
	VMINPD(w, lim, w)
	e := expNeg(w, c)

	out := logisticOf(mode, z, e, one, cc)
	if mode != modeLogistic {
		timesGrad(at(g), out)
	}
	storeFloat32(out, at(dst))
	ADDQ(U8(4), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// cubic writes the loop of vec.Cubic (times: vec.CubicTimes), 4 elements an iteration: in
// float64 lanes u = (x − lo)·invH, j = trunc(u) clamped to [0, cells − 1] (a NaN or a huge u
// gives 0), s = u − j; the four cells' coefficient rows (32 bytes each, at c + 32j) are loaded
// whole and transposed in registers, and c₀ + s(c₁ + s(c₂ + s·c₃)) is evaluated by FMAs.
func cubic(name string, times bool) {
	TEXT(name, NOSPLIT, "func(dst, x, grad *float32, n int, c *float64, cells int, k *[2]float64)")
	Pragma("noescape")
	Doc(name + " is vec's cubic-table loop over n elements (n a multiple of 4); k holds lo, invH. See asm/gen.go.")
	dst := Load(Param("dst"), GP64())
	x := Load(Param("x"), GP64())
	var g Register
	if times {
		g = Load(Param("grad"), GP64())
	}
	n := Load(Param("n"), GP64())
	c := Load(Param("c"), GP64())
	cells := Load(Param("cells"), GP64())
	k := Load(Param("k"), GP64())
	lo, invH, top, zero := YMM(), YMM(), XMM(), XMM()
	VBROADCASTSD(Mem{Base: k}, lo)
	VBROADCASTSD(Mem{Base: k, Disp: 8}, invH)
	DECQ(cells)
	VMOVQ(cells, top)
	VPBROADCASTD(top, top)
	VPXOR(zero, zero, zero)
	i := GP64()
	XORQ(i, i)
	Label(name + "_loop")
	CMPQ(i, n)
	JGE(LabelRef(name + "_done"))
	at := func(base Register) Mem { return Mem{Base: base, Index: i, Scale: 4} }

	u, fj, j := YMM(), YMM(), XMM()
	VCVTPS2PD(at(x), u)
	VSUBPD(lo, u, u)
	VMULPD(invH, u, u)
	VCVTTPD2DQY(u, j)
	VPMAXSD(zero, j, j)
	VPMINSD(top, j, j)
	VCVTDQ2PD(j, fj)
	VSUBPD(fj, u, u) // u is now s
	VPSLLD(U8(5), j, j)
	p := cubicRows(c, j, u)
	if times {
		timesGrad(at(g), p)
	}
	storeFloat32(p, at(dst))
	ADDQ(U8(4), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// logisticOf returns σ(z) (modeLogistic, modeTimes) or c·σ'(z) (modeSlope) from z, e = e^(−|z|),
// a vector of ones and one of c.
func logisticOf(mode int, z, e, one, cc VecVirtual) VecVirtual {
	out := YMM()
	switch mode {
	case modeLogistic, modeTimes:
		// σ(z) = 1/(1 + e) for z ≥ 0, e/(1 + e) for z < 0 (chosen by z's sign bit).
		r1, r2 := YMM(), YMM()
		VADDPD(one, e, r2)
		VDIVPD(r2, one, r1)
		VMULPD(r1, e, r2)
		VBLENDVPD(z, r2, r1, out)
	case modeSlope:
		// σ'(z) = e/(1 + e)², times c.
		d := YMM()
		VADDPD(one, e, d)
		VMULPD(d, d, d)
		VDIVPD(d, e, out)
		VMULPD(cc, out, out)
	}
	return out
}

// timesGrad multiplies the 4 float64 lanes of v by the 4 float32 at g.
func timesGrad(g Mem, v VecVirtual) {
	gv := YMM()
	VCVTPS2PD(g, gv)
	VMULPD(gv, v, v)
}

// storeFloat32 rounds the 4 float64 lanes of v to float32 and stores them at dst.
func storeFloat32(v VecVirtual, dst Mem) {
	VCVTPD2PSY(v, v.AsX())
	VMOVUPS(v.AsX(), dst)
}

// cubicRows returns c₀ + s(c₁ + s(c₂ + s·c₃)) in each lane, the coefficients of lane l being
// the 32-byte row at c + j[l] (j holds byte offsets): the four rows are loaded whole and
// transposed in registers.
func cubicRows(c Register, j, s VecVirtual) VecVirtual {
	rows := make([]VecVirtual, 4)
	for l := range rows {
		off := GP32()
		if l == 0 {
			VMOVD(j, off)
		} else {
			VPEXTRD(U8(l), j, off)
		}
		rows[l] = YMM()
		VMOVUPD(Mem{Base: c, Index: off.As64(), Scale: 1}, rows[l])
	}
	// Transpose: col[m] holds coefficient m of the four cells.
	t0, t1, t2, t3 := YMM(), YMM(), YMM(), YMM()
	VUNPCKLPD(rows[1], rows[0], t0)
	VUNPCKHPD(rows[1], rows[0], t1)
	VUNPCKLPD(rows[3], rows[2], t2)
	VUNPCKHPD(rows[3], rows[2], t3)
	c0, c1, c2, p := YMM(), YMM(), YMM(), YMM()
	VPERM2F128(U8(0x20), t2, t0, c0)
	VPERM2F128(U8(0x31), t2, t0, c2)
	VPERM2F128(U8(0x20), t3, t1, c1)
	VPERM2F128(U8(0x31), t3, t1, p) // c₃
	VFMADD213PD(c2, s, p)
	VFMADD213PD(c1, s, p)
	VFMADD213PD(c0, s, p)
	return p
}

// expNeg returns e^(−w) for 0 ≤ w ≤ 708 in each lane (NaN for NaN), by the range reduction
// and polynomial of the package comment.
func expNeg(w VecVirtual, c func(int) Mem) VecVirtual {
	t, kf, r, p := YMM(), YMM(), YMM(), YMM()
	// t = shift − w·log₂e: its low bits hold k = round(−w/ln 2); kf = k as a float64.
	VMOVUPD(c(cShift), t)
	VFNMADD231PD(c(cLog2e), w, t)
	VSUBPD(c(cShift), t, kf)
	// r = −w − k·ln2 (high part, then low part).
	VMOVAPD(w, r)
	VFNMSUB231PD(c(cLn2Hi), kf, r)
	VFNMADD231PD(c(cLn2Lo), kf, r)
	// p = Σ r^j/j! by Horner, from j = 10 down.
	VMOVUPD(c(cTaylor), p)
	for j := 1; j <= 10; j++ {
		VFMADD213PD(c(cTaylor+j), r, p)
	}
	// 2^k = (k + 1023) << 52, k + 1023 ∈ [1, 1023].
	VPADDQ(c(cBias), t, t)
	VPSLLQ(U8(52), t, t)
	VMULPD(t, p, p)
	return p
}
func adam() {
	TEXT("adamAVX2", NOSPLIT, "func(w, grad, m, v *float32, n int, k *[8]float32)")
	Pragma("noescape")
	Doc("adamAVX2 applies the Adam update to n elements (n a multiple of 8); k holds β₁, 1−β₁, β₂, 1−β₂, c₁, c₂, ε, −η.")
	w := Load(Param("w"), GP64())
	g := Load(Param("grad"), GP64())
	m := Load(Param("m"), GP64())
	v := Load(Param("v"), GP64())
	n := Load(Param("n"), GP64())
	k := Load(Param("k"), GP64())
	c := make([]VecVirtual, 8)
	for i := range c {
		c[i] = YMM()
		VBROADCASTSS(Mem{Base: k, Disp: 4 * i}, c[i])
	}
	b1, omB1, b2, omB2, c1, c2, eps, negEta := c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
	i := GP64()
	XORQ(i, i)
	Label("loop")
	CMPQ(i, n)
	JGE(LabelRef("done"))
	at := func(base Register) Mem { return Mem{Base: base, Index: i, Scale: 4} }
	gi, mi, vi, t := YMM(), YMM(), YMM(), YMM()
	VMOVUPS(at(g), gi)
	// m ← g·(1−β₁) + m·β₁
	VMULPS(at(m), b1, mi)
	VMULPS(omB1, gi, t)
	VADDPS(mi, t, mi)
	VMOVUPS(mi, at(m))
	// v ← (g·g)·(1−β₂) + v·β₂
	VMULPS(gi, gi, gi)
	VMULPS(omB2, gi, gi)
	VMULPS(at(v), b2, vi)
	VADDPS(vi, gi, vi)
	VMOVUPS(vi, at(v))
	// w ← w + ((m·c₁)·(−η)) / (√(v·c₂) + ε)
	VMULPS(c2, vi, vi)
	VSQRTPS(vi, vi)
	VADDPS(eps, vi, vi)
	VMULPS(c1, mi, mi)
	VMULPS(negEta, mi, mi)
	VDIVPS(vi, mi, mi)
	VADDPS(at(w), mi, mi)
	VMOVUPS(mi, at(w))
	ADDQ(U8(8), i)
	JMP(LabelRef("loop"))
	Label("done")
	VZEROUPPER()
	RET()
}
