// Package gemm is a general matrix multiply for float32 and float64,
//
//	C = alpha·op(A)·op(B) + beta·C,    op(X) = X or Xᵀ,
//
// with the contract of gonum's blas.Float32.Sgemm and blas.Float64.Dgemm (row-major, leading
// dimensions, argument checks that panic with gonum's messages). On amd64 CPUs with AVX-512,
// or else AVX2 and FMA, it runs register-blocked micro-kernels written in Go assembly by avo
// (asm/gen.go; run `go generate ./internal/gemm` to rewrite gemm_amd64.s and stubs_amd64.go).
// Everywhere else — other CPUs, other architectures, the purego build tag — it calls gonum's
// pure-Go Sgemm and Dgemm, which give the same results within floating-point rounding.
//
// The blocked algorithm is the Goto/BLIS one without the copy of A: C is cut into register
// blocks of mr × nr (AVX2: 6 × 16 float32 in two YMM vectors a row, 6 × 8 float64; AVX-512:
// 12 × 16 float32 in one ZMM vector a row, 12 × 8 float64); k into slices of at most kc so that a
// slice of B (kc × nr, packed contiguous when B is transposed or at the right edge, read in
// place otherwise) stays in the L1 cache while the kernel sweeps A's rows. A is read in place
// with its two strides (element (i, p) at a[i·rsa + p·csa]), which absorbs its transpose.
// Large products are split over goroutines by column (or row) strips of C.
//
// Each element of C is formed by the same sequence of fused multiply-adds whatever the kernel
// family and the number of goroutines, so results are bit-identical across AVX2 and AVX-512
// machines and thread counts (tested); they differ from gonum's in the last bits.
package gemm

//go:generate go run asm/gen.go -out gemm_amd64.s -stubs stubs_amd64.go -pkg gemm
