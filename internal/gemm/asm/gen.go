//go:build ignore

// Command gen writes internal/gemm's AVX2+FMA micro-kernels (gemm_amd64.s and its Go
// declarations, stubs_amd64.go) with github.com/mmcloughlin/avo. Run it through
//
//	go generate ./internal/gemm
//
// which runs, in internal/gemm,
//
//	go run asm/gen.go -out gemm_amd64.s -stubs stubs_amd64.go -pkg gemm
//
// Each kernel computes one register block of C (mr rows, two YMM vectors of columns: 16
// float32 or 8 float64):
//
//	C[i][j] = alpha·Σₚ A[i][p]·B[p][j]              (overwrite)
//	C[i][j] = alpha·Σₚ A[i][p]·B[p][j] + C[i][j]    (otherwise)
//
// for i < mr, j < 16 (or 8), p < k. A is read in place with any strides (element (i, p) at
// a[i·rsa + p·csa]), so either orientation of A needs no copy; B is a row-major panel of
// 16 (8) contiguous columns with row stride rsb (a packed panel or B itself). The 2·mr
// accumulators stay in registers for the whole k loop: per p, two vector loads of B, mr
// broadcasts of A and 2·mr fused multiply-adds.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// maxRows is the largest AVX2 register block's row count (mr = 1 … maxRows kernels are
// written): 2·6 accumulators + 2 B vectors + 1 broadcast = 15 of the 16 YMM registers.
const maxRows = 6

// maxRows512 is the largest AVX-512 register block's row count: one ZMM vector (16 float32,
// 8 float64) per row, 12 accumulators, 1 B vector and alpha among the 32 ZMM registers, and
// each FMA takes its A element as an embedded broadcast from memory.
const maxRows512 = 12

// precision describes one element type's instructions.
type precision struct {
	prefix, goType string
	size           int         // bytes per element
	broadcast      func(...Op) // (mx, xy): xy = mx in every lane
	fma            func(...Op) // (mxy, xy, xy1): xy1 += xy·mxy
	fmaStore       func(...Op) // (mxy, xy, xy1): xy1 = xy1·xy + mxy
	mul            func(...Op) // (mxy, xy, xy1): xy1 = xy·mxy
	load, store    func(...Op) // (src, dst)
	fmaBcst        func(...Op) // (m, z, z1): z1 += z·m in every lane (AVX-512 embedded broadcast)
}

func main() {
	ConstraintExpr("amd64,!purego")
	single := precision{"sgemmKernel", "float32", 4, VBROADCASTSS, VFMADD231PS, VFMADD213PS, VMULPS, VMOVUPS, VMOVUPS, VFMADD231PS_BCST}
	double := precision{"dgemmKernel", "float64", 8, VBROADCASTSD, VFMADD231PD, VFMADD213PD, VMULPD, VMOVUPD, VMOVUPD, VFMADD231PD_BCST}
	for _, p := range []precision{single, double} {
		for mr := 1; mr <= maxRows; mr++ {
			kernel(p, mr)
		}
		for mr := 1; mr <= maxRows512; mr++ {
			kernel512(p, mr)
		}
	}
	Generate()
}

// kernel writes the mr-row kernel of precision p.
func kernel(p precision, mr int) {
	name := fmt.Sprintf("%s%d", p.prefix, mr)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *%[1]s, rsa, csa int, b *%[1]s, rsb int, c *%[1]s, ldc int, alpha %[1]s, overwrite bool)", p.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s computes an %d×%d block of C = alpha·A·B (+ C unless overwrite); see asm/gen.go.", name, mr, 64/p.size))

	k, b, rsb, csa, bases, rowA := prologue(p, mr)

	acc := make([]VecVirtual, 2*mr)
	for i := range acc {
		acc[i] = YMM()
		VXORPS(acc[i], acc[i], acc[i])
	}
	bLo, bHi, av := YMM(), YMM(), YMM()

	TESTQ(k, k)
	JE(LabelRef(name + "_store"))
	Label(name + "_loop")
	p.load(Mem{Base: b}, bLo)
	p.load(Mem{Base: b, Disp: 32}, bHi)
	for i := 0; i < mr; i++ {
		p.broadcast(rowA(i), av)
		p.fma(bLo, av, acc[2*i])
		p.fma(bHi, av, acc[2*i+1])
	}
	ADDQ(rsb, b)
	for _, a := range bases {
		ADDQ(csa, a)
	}
	DECQ(k)
	JNE(LabelRef(name + "_loop"))

	Label(name + "_store")
	storeBlock(p, name, acc, 32)
	RET()
}

// kernel512 writes the mr-row AVX-512 kernel of precision p: one ZMM accumulator per row.
func kernel512(p precision, mr int) {
	name := fmt.Sprintf("%sZ%d", p.prefix, mr)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *%[1]s, rsa, csa int, b *%[1]s, rsb int, c *%[1]s, ldc int, alpha %[1]s, overwrite bool)", p.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s computes an %d×%d block of C = alpha·A·B (+ C unless overwrite) with AVX-512; see asm/gen.go.", name, mr, 64/p.size))

	k, b, rsb, csa, bases, rowA := prologue(p, mr)
	acc := make([]VecVirtual, mr)
	for i := range acc {
		acc[i] = ZMM()
		VPXORQ(acc[i], acc[i], acc[i])
	}
	bv := ZMM()
	TESTQ(k, k)
	JE(LabelRef(name + "_store"))
	Label(name + "_loop")
	p.load(Mem{Base: b}, bv)
	for i := 0; i < mr; i++ {
		p.fmaBcst(rowA(i), bv, acc[i])
	}
	ADDQ(rsb, b)
	for _, a := range bases {
		ADDQ(csa, a)
	}
	DECQ(k)
	JNE(LabelRef(name + "_loop"))

	Label(name + "_store")
	storeBlock(p, name, acc, 64)
	RET()
}

// prologue loads the loop's arguments, turns the strides into bytes and returns the row
// address of A's element (i, p) for i < mr: rows 3j … 3j+2 are addressed from the base
// a0 + 3j·rsa (scales 0, 1 and 2 of rsa), and all bases step by csa per p.
func prologue(p precision, mr int) (k, b, rsb, csa Register, bases []Register, rowA func(int) Mem) {
	k = Load(Param("k"), GP64())
	a0 := Load(Param("a"), GP64())
	rsa := Load(Param("rsa"), GP64())
	csa = Load(Param("csa"), GP64())
	b = Load(Param("b"), GP64())
	rsb = Load(Param("rsb"), GP64())
	shift := U8(2)
	if p.size == 8 {
		shift = U8(3)
	}
	SHLQ(shift, rsa)
	SHLQ(shift, csa)
	SHLQ(shift, rsb)
	bases = []Register{a0}
	if mr > 3 {
		rsa3 := GP64()
		LEAQ(Mem{Base: rsa, Index: rsa, Scale: 2}, rsa3)
		for j := 3; j < mr; j += 3 {
			a := GP64()
			LEAQ(Mem{Base: bases[len(bases)-1], Index: rsa3, Scale: 1}, a)
			bases = append(bases, a)
		}
	}
	rowA = func(i int) Mem {
		base := bases[i/3]
		switch i % 3 {
		case 0:
			return Mem{Base: base}
		case 1:
			return Mem{Base: base, Index: rsa, Scale: 1}
		}
		return Mem{Base: base, Index: rsa, Scale: 2}
	}
	return k, b, rsb, csa, bases, rowA
}

// paramAddr returns the memory operand of a scalar parameter.
func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// storeBlock writes alpha·acc into C, adding C's old values unless overwrite is set. acc
// holds C's rows in order, each as 64/width vectors of width bytes.
func storeBlock(p precision, name string, acc []VecVirtual, width int) {
	per := 64 / width
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	if p.size == 8 {
		SHLQ(U8(3), ldc)
	} else {
		SHLQ(U8(2), ldc)
	}
	// Broadcast alpha straight from memory: a legacy-SSE MOVSS into an XMM register while the
	// accumulators' upper halves are live costs a state transition (measured: half the
	// time of a k = 10 kernel call).
	alpha := YMM()
	if width == 64 {
		alpha = ZMM()
	}
	p.broadcast(paramAddr("alpha"), alpha)
	over := Load(Param("overwrite"), GP8())
	TESTB(over, over)
	JNE(LabelRef(name + "_overwrite"))
	row := GP64()
	MOVQ(c, row)
	for i := 0; i < len(acc); i += per {
		for j := range per {
			p.fmaStore(Mem{Base: row, Disp: j * width}, alpha, acc[i+j])
			p.store(acc[i+j], Mem{Base: row, Disp: j * width})
		}
		if i+per < len(acc) {
			ADDQ(ldc, row)
		}
	}
	VZEROUPPER()
	RET()

	Label(name + "_overwrite")
	for i := 0; i < len(acc); i += per {
		for j := range per {
			p.mul(alpha, acc[i+j], acc[i+j])
			p.store(acc[i+j], Mem{Base: c, Disp: j * width})
		}
		if i+per < len(acc) {
			ADDQ(ldc, c)
		}
	}
	VZEROUPPER()
}
