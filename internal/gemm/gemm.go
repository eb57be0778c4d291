package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is gonum's pure-Go BLAS with Sgemm and Dgemm replaced by this package's
// kernels where the CPU has them. It satisfies blas.Float32 and blas.Float64 (and
// gorgonia.org/tensor's BLAS interface), so gorgonia.Use(gemm.New()) puts every matrix
// product of a Gorgonia graph on it. Use it through a pointer; it is safe for concurrent use.
type Implementation struct {
	gonum.Implementation

	name   string
	single *kernels[float32] // nil: gonum's Sgemm
	double *kernels[float64] // nil: gonum's Dgemm
	// threads is the most goroutines one product may use; 0 follows GOMAXPROCS.
	threads atomic.Int64
	// work32 and work64 hold reusable *workspace values, so that a product allocates nothing.
	work32, work64 sync.Pool
}

var _ blas.Float32 = (*Implementation)(nil)
var _ blas.Float64 = (*Implementation)(nil)

// family is one instruction set's kernels for both element types.
type family struct {
	name   string // for Name
	short  string // for benchmark names: avx512, avx2
	single *kernels[float32]
	double *kernels[float64]
}

// New returns an Implementation with the best kernels this CPU and build support (AVX-512,
// else AVX2+FMA, else gonum's), using up to GOMAXPROCS goroutines per product until
// SetThreads says otherwise.
func New() *Implementation {
	if fs := families(); len(fs) > 0 {
		return newWith(fs[0])
	}
	return &Implementation{name: "gonum (pure Go)"}
}

// newWith returns an Implementation on the kernel family f.
func newWith(f family) *Implementation {
	return &Implementation{name: f.name, single: f.single, double: f.double}
}

// Name says which matrix multiply runs: this package's kernels (and which), or gonum's
// pure-Go Sgemm/Dgemm on other CPUs, other architectures and under the purego build tag.
func (im *Implementation) Name() string { return im.name }

// SetThreads sets the most goroutines one product may use; n < 1 restores the default
// (GOMAXPROCS). When several trainings share the cores, give each n = 1.
func (im *Implementation) SetThreads(n int) { im.threads.Store(int64(max(n, 0))) }

// Threads reports the most goroutines one product may use now.
func (im *Implementation) Threads() int {
	if n := im.threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C in float32 with the contract of
// blas.Float32.Sgemm: A is m×k (k×m if tA transposes it) with leading dimension lda, B is
// k×n (n×k) with ldb, C is m×n with ldc, all row-major. beta = 0 sets C without reading it (a
// NaN in C does not survive); alpha = 0 or k = 0 only scales C by beta. Bad arguments panic
// with gonum's messages.
func (im *Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if im.single == nil {
		im.Implementation.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	checkArgs(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c))
	p, ok := newProduct(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	if ok {
		gemm(im.single, p, im.Threads(), &im.work32)
	}
}

// Dgemm computes C = alpha·op(A)·op(B) + beta·C in float64 with the contract of
// blas.Float64.Dgemm; see Sgemm.
func (im *Implementation) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	if im.double == nil {
		im.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	checkArgs(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c))
	p, ok := newProduct(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	if ok {
		gemm(im.double, p, im.Threads(), &im.work64)
	}
}

// newProduct scales C by beta where the product cannot simply overwrite it and returns the
// strided product that remains, or ok = false when nothing remains (m or n or k is 0, or
// alpha is 0: as in the reference BLAS, C = beta·C and A, B are not read).
func newProduct[T float32 | float64](tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) (p product[T], ok bool) {
	if m == 0 || n == 0 {
		return p, false
	}
	empty := alpha == 0 || k == 0
	if beta != 1 && (empty || beta != 0) {
		for i := range m {
			row := c[i*ldc : i*ldc+n]
			if beta == 0 {
				clear(row)
				continue
			}
			for j := range row {
				row[j] *= beta
			}
		}
	}
	if empty {
		return p, false
	}
	p = product[T]{m: m, n: n, k: k, a: a, rsa: lda, csa: 1, b: b, rsb: ldb, csb: 1,
		c: c, ldc: ldc, alpha: alpha, overwrite: beta == 0}
	if transposed(tA) {
		p.rsa, p.csa = 1, lda
	}
	if transposed(tB) {
		p.rsb, p.csb = 1, ldb
	}
	return p, true
}
