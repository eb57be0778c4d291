package gemm

import "gonum.org/v1/gonum/blas"

// Gonum's panic messages (gonum.org/v1/gonum/blas/gonum/errors.go), so that a bad call fails
// here exactly as it would in gonum's Sgemm and Dgemm.
const (
	badTranspose = "blas: illegal transpose"
	mLT0         = "blas: m < 0"
	nLT0         = "blas: n < 0"
	kLT0         = "blas: k < 0"
	badLdA       = "blas: bad leading dimension of A"
	badLdB       = "blas: bad leading dimension of B"
	badLdC       = "blas: bad leading dimension of C"
	shortA       = "blas: insufficient length of a"
	shortB       = "blas: insufficient length of b"
	shortC       = "blas: insufficient length of c"
)

// transposed reports whether t transposes its operand, and panics on a value that is not a
// blas.Transpose (programmer error, as in gonum).
func transposed(t blas.Transpose) bool {
	switch t {
	case blas.NoTrans:
		return false
	case blas.Trans, blas.ConjTrans:
		return true
	}
	panic(badTranspose)
}

// checkArgs applies gonum's argument checks for C = alpha·op(A)·op(B) + beta·C in the order
// gonum applies them (dimensions, then leading dimensions, then, for a non-empty C, the slice
// lengths), panicking with gonum's message.
func checkArgs(tA, tB blas.Transpose, m, n, k, lda, ldb, ldc, lenA, lenB, lenC int) {
	aT, bT := transposed(tA), transposed(tB)
	switch {
	case m < 0:
		panic(mLT0)
	case n < 0:
		panic(nLT0)
	case k < 0:
		panic(kLT0)
	case aT && lda < max(1, m), !aT && lda < max(1, k):
		panic(badLdA)
	case bT && ldb < max(1, k), !bT && ldb < max(1, n):
		panic(badLdB)
	case ldc < max(1, n):
		panic(badLdC)
	case m == 0 || n == 0:
		return
	case aT && lenA < (k-1)*lda+m, !aT && lenA < (m-1)*lda+k:
		panic(shortA)
	case bT && lenB < (n-1)*ldb+k, !bT && lenB < (k-1)*ldb+n:
		panic(shortB)
	case lenC < (m-1)*ldc+n:
		panic(shortC)
	}
}
