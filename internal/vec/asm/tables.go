//go:build ignore

// The loops of vec's table lookups other than the uniform cubic (cubic in gen.go): the
// Onsager table's x^(1/8) grid and the mean-field table's log-indexed grid (vec/tables.go
// documents what they compute).

package main

import (
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Modes of the table loops.
const (
	tableValue = iota // dst = b·p
	tableTimes        // dst = g·b·p
	tableSlope        // root8 only: dst = g·min(cap, b·p·s/xc), 0 where a·x ≤ 0 or ≥ xmax
	tableRamp         // root8 only: dst = b·(p + max(a·x − xc, 0))
)

// root8 writes one loop of vec.Root8Cubic…: in float64 lanes z = a·x, xc = min(max(z, 0),
// xmax) (a NaN kept: VMAXPD and VMINPD return their first operand's lane when either is
// NaN), s = √√√xc, u = s·invH, and the cubic of the cell ⌊u⌋ (clamped to the table) at
// u − ⌊u⌋, as in cubic.
func root8(name string, mode int) {
	TEXT(name, NOSPLIT, "func(dst, x, grad *float32, n int, c *float64, cells int, k *[5]float64)")
	Pragma("noescape")
	Doc(name + " is one of vec's x^(1/8)-grid loops over n elements (n a multiple of 4); k holds a, xmax, invH, b, cap. See asm/tables.go.")
	dst := Load(Param("dst"), GP64())
	x := Load(Param("x"), GP64())
	var g Register
	if mode == tableTimes || mode == tableSlope {
		g = Load(Param("grad"), GP64())
	}
	n := Load(Param("n"), GP64())
	c := Load(Param("c"), GP64())
	cells := Load(Param("cells"), GP64())
	k := Load(Param("k"), GP64())
	a, xmax, invH, b, capv := YMM(), YMM(), YMM(), YMM(), YMM()
	for i, r := range []VecVirtual{a, xmax, invH, b, capv} {
		VBROADCASTSD(Mem{Base: k, Disp: 8 * i}, r)
	}
	top, zero := XMM(), YMM()
	DECQ(cells)
	VMOVQ(cells, top)
	VPBROADCASTD(top, top)
	VXORPD(zero, zero, zero)
	i := GP64()
	XORQ(i, i)
	Label(name + "_loop")
	CMPQ(i, n)
	JGE(LabelRef(name + "_done"))
	at := func(base Register) Mem { return Mem{Base: base, Index: i, Scale: 4} }

	z, xc, s, u := YMM(), YMM(), YMM(), YMM()
	VCVTPS2PD(at(x), z)
	VMULPD(a, z, z)
	VMAXPD(z, zero, xc)
	VMINPD(xc, xmax, xc)
	VSQRTPD(xc, s)
	VSQRTPD(s, s)
	VSQRTPD(s, s)
	VMULPD(invH, s, u)
	j, fj := XMM(), YMM()
	VCVTTPD2DQY(u, j)
	VPMAXSD(zero.AsX(), j, j)
	VPMINSD(top, j, j)
	VCVTDQ2PD(j, fj)
	VSUBPD(fj, u, u)
	VPSLLD(U8(5), j, j)
	p := cubicRows(c, j, u)
	if mode == tableRamp {
		// The continuation above xmax with slope 1: z − xc > 0 there, ≤ 0 below (NaN kept).
		r := YMM()
		VSUBPD(xc, z, r)
		VMAXPD(r, zero, r)
		VADDPD(r, p, p)
	}
	VMULPD(b, p, p)
	if mode == tableSlope {
		// p·s/xc, capped, then 0 where z ≤ 0 or z ≥ xmax (ordered compares: a NaN stays).
		m1, m2 := YMM(), YMM()
		VMULPD(s, p, p)
		VDIVPD(xc, p, p)
		VMINPD(p, capv, p)
		VCMPPD(U8(0x12), zero, z, m1) // z ≤ 0 (LE_OQ)
		VCMPPD(U8(0x1d), xmax, z, m2) // z ≥ xmax (GE_OQ)
		VORPD(m1, m2, m1)
		VANDNPD(p, m1, p)
	}
	if mode == tableTimes || mode == tableSlope {
		timesGrad(at(g), p)
	}
	flushTiny(p)
	storeFloat32(p, at(dst))
	ADDQ(U8(4), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// logTable writes one loop of vec.LogCubic…: in float64 lanes xd = x, xc = min(xd, xhi) (NaN
// kept), b the bits of |xc|, side = the sign bit of xc, cell = (b >> 45) − k0[side]; for
// 0 ≤ cell < n[side] the cubic of row base[side] + cell at u = (|xc| − (b with its low 45
// bits cleared))·2^(7 − E) (E the unbiased exponent), else 0; then times sc, plus
// e·(xd − xc), then min(·, cap) (NaN kept). The constants are read from k, one 32-byte row
// each (logK in vec/tables.go), so that the loop's registers fit in Y0…Y15.
func logTable(name string, mode int) {
	TEXT(name, NOSPLIT, "func(dst, x, grad *float32, n int, c *float64, k *[10][4]uint64)")
	Pragma("noescape")
	Doc(name + " is one of vec's log-grid loops over n elements (n a multiple of 4); k holds its constants, one 32-byte row each (see logK in tables.go and asm/tables.go).")
	dst := Load(Param("dst"), GP64())
	x := Load(Param("x"), GP64())
	var g Register
	if mode != tableValue {
		g = Load(Param("grad"), GP64())
	}
	n := Load(Param("n"), GP64())
	c := Load(Param("c"), GP64())
	k := Load(Param("k"), GP64())
	row := func(i int) Mem { return Mem{Base: k, Disp: 32 * i} }
	const (
		kXHi = iota
		kSc
		kE
		kCap
		kK0   // k0[0], k0[1], k0[0], k0[1]
		kN    // the cells per side, as pairs
		kBase // the first row per side, as pairs
		kAbs  // 0x7fff…
		kCell // the mask that clears the low 45 bits
		kBias // 2054
	)
	xhi, capv, ones := YMM(), YMM(), YMM()
	VMOVUPD(row(kXHi), xhi)
	VMOVUPD(row(kCap), capv)
	VPCMPEQQ(ones, ones, ones) // −1 in every lane
	i := GP64()
	XORQ(i, i)
	Label(name + "_loop")
	CMPQ(i, n)
	JGE(LabelRef(name + "_done"))
	at := func(base Register) Mem { return Mem{Base: base, Index: i, Scale: 4} }

	xd, xc, ab, key := YMM(), YMM(), YMM(), YMM()
	VCVTPS2PD(at(x), xd)
	VMINPD(xd, xhi, xc)
	VANDPD(row(kAbs), xc, ab)
	VPSRLQ(U8(45), ab, key)
	// The side's k0, n and base per lane: VPERMILPD picks lane 0 or 1 of a pair by bit 1 of
	// the selector, which after the shift is the sign bit of xc (bit 0 is ignored).
	sel := YMM()
	VPSRLQ(U8(62), xc, sel)
	pick := func(pair int) VecVirtual {
		r := YMM()
		VMOVUPD(row(pair), r)
		VPERMILPD(sel, r, r)
		return r
	}
	cell, in, t := YMM(), YMM(), YMM()
	VPSUBQ(pick(kK0), key, cell)
	VPCMPGTQ(ones, cell, in) // cell > −1
	VPCMPGTQ(cell, pick(kN), t)
	VPAND(t, in, in)
	off := YMM()
	VPADDQ(pick(kBase), cell, off)
	VPAND(in, off, off)
	VPSLLQ(U8(5), off, off)
	// u = (|xc| − cell start)·2^(7 − E), 2^(7 − E) = (2053 − (b >> 52)) << 52 and
	// 2053 − v = ^v + 2054.
	u, inv := YMM(), YMM()
	VANDPD(row(kCell), ab, u)
	VSUBPD(u, ab, u)
	VPSRLQ(U8(52), ab, inv)
	VPXOR(ones, inv, inv)
	VPADDQ(row(kBias), inv, inv)
	VPSLLQ(U8(52), inv, inv)
	VMULPD(inv, u, u)
	p := cubicRows64(c, off, u)
	VANDPD(in, p, p)
	VMULPD(row(kSc), p, p)
	VSUBPD(xc, xd, t)
	VFMADD231PD(row(kE), t, p)
	VMINPD(p, capv, p)
	if mode != tableValue {
		timesGrad(at(g), p)
	}
	flushTiny(p)
	storeFloat32(p, at(dst))
	ADDQ(U8(4), i)
	JMP(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// flushTiny sets the lanes of v whose magnitude is below 2⁻¹²⁶, the smallest normal float32,
// to +0 (NaN kept): stored as float32 they would be denormal, and every later product that
// reads a denormal (the next matrix product) takes a slow microcode assist on x86.
func flushTiny(v VecVirtual) {
	c := flushConsts()
	t := YMM()
	VANDPD(c, v, t)
	VCMPPD(U8(0x15), c.Offset(32), t, t) // |v| ≥ 2⁻¹²⁶ or NaN (NLT_UQ)
	VANDPD(t, v, v)
}

// flushConsts returns the table of flushTiny's constants (the sign-clearing mask, 2⁻¹²⁶), each
// in 4 lanes, made on first use.
func flushConsts() Mem {
	if flushTable == nil {
		t := GLOBL("flushconst", RODATA|NOPTR)
		for i, v := range []uint64{0x7fffffffffffffff, math.Float64bits(0x1p-126)} {
			for l := range 4 {
				DATA(32*i+8*l, U64(v))
			}
		}
		flushTable = &t
	}
	return *flushTable
}

// flushTable is the generator's handle on the constant table (the generator is one run).
var flushTable *Mem

// cubicRows64 is cubicRows with the byte offsets in the 4 quadword lanes of off.
func cubicRows64(c Register, off, s VecVirtual) VecVirtual {
	hi := XMM()
	VEXTRACTI128(U8(1), off, hi)
	regs := []GPVirtual{GP64(), GP64(), GP64(), GP64()}
	VMOVQ(off.AsX(), regs[0])
	VPEXTRQ(U8(1), off.AsX(), regs[1])
	VMOVQ(hi, regs[2])
	VPEXTRQ(U8(1), hi, regs[3])
	rows := make([]VecVirtual, 4)
	for l, r := range regs {
		rows[l] = YMM()
		VMOVUPD(Mem{Base: c, Index: r, Scale: 1}, rows[l])
	}
	return hornerRows(rows, s)
}
