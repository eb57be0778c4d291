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
package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

func main() {
	ConstraintExpr("amd64,!purego")
	adam()
	Generate()
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
