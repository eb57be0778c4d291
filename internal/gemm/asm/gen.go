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

// maxRows is the largest register block's row count (mr = 1 … maxRows kernels are written):
// 2·6 accumulators + 2 B vectors + 1 broadcast = 15 of the 16 YMM registers.
const maxRows = 6

// precision describes one element type's instructions.
type precision struct {
	prefix, goType string
	size           int         // bytes per element
	broadcast      func(...Op) // (mx, xy): xy = mx in every lane
	fma            func(...Op) // (mxy, xy, xy1): xy1 += xy·mxy
	fmaStore       func(...Op) // (mxy, xy, xy1): xy1 = xy1·xy + mxy
	mul            func(...Op) // (mxy, xy, xy1): xy1 = xy·mxy
	load, store    func(...Op) // (src, dst)
}

func main() {
	ConstraintExpr("amd64,!purego")
	single := precision{"sgemmKernel", "float32", 4, VBROADCASTSS, VFMADD231PS, VFMADD213PS, VMULPS, VMOVUPS, VMOVUPS}
	double := precision{"dgemmKernel", "float64", 8, VBROADCASTSD, VFMADD231PD, VFMADD213PD, VMULPD, VMOVUPD, VMOVUPD}
	for _, p := range []precision{single, double} {
		for mr := 1; mr <= maxRows; mr++ {
			kernel(p, mr)
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

	k := Load(Param("k"), GP64())
	a0 := Load(Param("a"), GP64())
	rsa := Load(Param("rsa"), GP64())
	csa := Load(Param("csa"), GP64())
	b := Load(Param("b"), GP64())
	rsb := Load(Param("rsb"), GP64())
	shift := U8(2)
	if p.size == 8 {
		shift = U8(3)
	}
	SHLQ(shift, rsa)
	SHLQ(shift, csa)
	SHLQ(shift, rsb)
	// Rows 0–2 are addressed from a0, rows 3–5 from a3 = a0 + 3·rsa (scales 1 and 2 of rsa).
	a3 := GP64()
	LEAQ(Mem{Base: rsa, Index: rsa, Scale: 2}, a3)
	ADDQ(a0, a3)
	rowA := func(i int) Mem {
		base := a0
		if i >= 3 {
			base, i = a3, i-3
		}
		switch i {
		case 0:
			return Mem{Base: base}
		case 1:
			return Mem{Base: base, Index: rsa, Scale: 1}
		}
		return Mem{Base: base, Index: rsa, Scale: 2}
	}

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
	ADDQ(csa, a0)
	if mr > 3 {
		ADDQ(csa, a3)
	}
	DECQ(k)
	JNE(LabelRef(name + "_loop"))

	Label(name + "_store")
	storeBlock(p, name, acc)
	RET()
}

// paramAddr returns the memory operand of a scalar parameter.
func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// storeBlock writes alpha·acc into C, adding C's old values unless overwrite is set.
func storeBlock(p precision, name string, acc []VecVirtual) {
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
	p.broadcast(paramAddr("alpha"), alpha)
	over := Load(Param("overwrite"), GP8())
	TESTB(over, over)
	JNE(LabelRef(name + "_overwrite"))
	row := GP64()
	MOVQ(c, row)
	for i := 0; i < len(acc); i += 2 {
		p.fmaStore(Mem{Base: row}, alpha, acc[i])
		p.fmaStore(Mem{Base: row, Disp: 32}, alpha, acc[i+1])
		p.store(acc[i], Mem{Base: row})
		p.store(acc[i+1], Mem{Base: row, Disp: 32})
		if i+2 < len(acc) {
			ADDQ(ldc, row)
		}
	}
	VZEROUPPER()
	RET()

	Label(name + "_overwrite")
	for i := 0; i < len(acc); i += 2 {
		p.mul(alpha, acc[i], acc[i])
		p.mul(alpha, acc[i+1], acc[i+1])
		p.store(acc[i], Mem{Base: c})
		p.store(acc[i+1], Mem{Base: c, Disp: 32})
		if i+2 < len(acc) {
			ADDQ(ldc, c)
		}
	}
	VZEROUPPER()
}
