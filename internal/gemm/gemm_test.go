package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/isingact/isingact/internal/rng"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// call is one C = alpha·op(A)·op(B) + beta·C with its operands stored in float64; the
// float32 tests round them once.
type call struct {
	tA, tB        blas.Transpose
	m, n, k       int
	lda, ldb, ldc int
	alpha, beta   float64
	a, b, c       []float64
}

func (c call) String() string {
	return fmt.Sprintf("%c%c m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%g beta=%g",
		c.tA, c.tB, c.m, c.n, c.k, c.lda, c.ldb, c.ldc, c.alpha, c.beta)
}

// newCall draws A, B and C from N(0, 1) for the given shape, with leading dimensions pad
// elements wider than packed.
func newCall(r *rand.Rand, tA, tB blas.Transpose, m, n, k, pad int, alpha, beta float64) call {
	c := call{tA: tA, tB: tB, m: m, n: n, k: k, ldc: n + pad, alpha: alpha, beta: beta}
	ra, ca := m, k
	if tA != blas.NoTrans {
		ra, ca = k, m
	}
	rb, cb := k, n
	if tB != blas.NoTrans {
		rb, cb = n, k
	}
	c.lda, c.ldb = max(1, ca+pad), max(1, cb+pad)
	fill := func(rows, ld int) []float64 {
		x := make([]float64, max(0, rows*ld))
		for i := range x {
			x[i] = r.NormFloat64()
		}
		return x
	}
	c.a, c.b, c.c = fill(ra, c.lda), fill(rb, c.ldb), fill(m, c.ldc)
	return c
}

// bound returns, for each element of C, |alpha|·Σₚ|A(i,p)|·|B(p,j)| + |beta|·|C(i,j)|: the
// scale against which a rounding error is measured.
func (c call) bound() []float64 {
	at := func(x []float64, t blas.Transpose, ld, i, j int) float64 {
		if t != blas.NoTrans {
			i, j = j, i
		}
		return math.Abs(x[i*ld+j])
	}
	out := make([]float64, len(c.c))
	for i := range c.m {
		for j := range c.n {
			s := 0.0
			for p := range c.k {
				s += at(c.a, c.tA, c.lda, i, p) * at(c.b, c.tB, c.ldb, p, j)
			}
			out[i*c.ldc+j] = math.Abs(c.alpha) * s
			if c.beta != 0 { // beta = 0 does not read C, which may hold NaN
				out[i*c.ldc+j] += math.Abs(c.beta) * math.Abs(c.c[i*c.ldc+j])
			}
		}
	}
	return out
}

func to32(x []float64) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

// runBoth runs c through gonum's reference and through im, in float32 and in float64, and
// returns (got, want) for each precision, widened to float64.
func runBoth(im *Implementation, c call) (got32, want32, got64, want64 []float64) {
	var ref gonum.Implementation
	a, b := to32(c.a), to32(c.b)
	g32, w32 := to32(c.c), to32(c.c)
	im.Sgemm(c.tA, c.tB, c.m, c.n, c.k, float32(c.alpha), a, c.lda, b, c.ldb, float32(c.beta), g32, c.ldc)
	ref.Sgemm(c.tA, c.tB, c.m, c.n, c.k, float32(c.alpha), a, c.lda, b, c.ldb, float32(c.beta), w32, c.ldc)
	g64, w64 := append([]float64(nil), c.c...), append([]float64(nil), c.c...)
	im.Dgemm(c.tA, c.tB, c.m, c.n, c.k, c.alpha, c.a, c.lda, c.b, c.ldb, c.beta, g64, c.ldc)
	ref.Dgemm(c.tA, c.tB, c.m, c.n, c.k, c.alpha, c.a, c.lda, c.b, c.ldb, c.beta, w64, c.ldc)
	widen := func(x []float32) []float64 {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = float64(v)
		}
		return y
	}
	return widen(g32), widen(w32), g64, w64
}

// checkCall compares im with gonum on c. Both compute each element as a sum of k products
// and two scalings, so each is within (k+2)·u of the exact value measured on the bound
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1: |fl(xᵀy) − xᵀy| ≤
// γ_k·|x|ᵀ|y| with γ_k = k·u/(1 − k·u); the kernel's FMAs and its k-slices only change which
// of those roundings happen). Their difference is then within 2(k+2)·u·bound, u = 2⁻²⁴ for
// float32 and 2⁻⁵³ for float64; 2.5(k+2)·u leaves room for γ_k's denominator. Elements
// outside C's n columns (the padding up to ldc) must not change at all.
func checkCall(t *testing.T, im *Implementation, c call) {
	t.Helper()
	g32, w32, g64, w64 := runBoth(im, c)
	bound := c.bound()
	for _, p := range []struct {
		name      string
		got, want []float64
		u         float64
	}{{"float32", g32, w32, 0x1p-24}, {"float64", g64, w64, 0x1p-53}} {
		tol := 2.5 * float64(c.k+2) * p.u
		for i := range p.got {
			inC := i%c.ldc < c.n
			d := math.Abs(p.got[i] - p.want[i])
			if inC && !(d <= tol*bound[i]) || !inC && math.Float64bits(p.got[i]) != math.Float64bits(p.want[i]) {
				t.Fatalf("%v %s: C[%d] = %g, gonum %g (|diff| %g > %g)", c, p.name, i, p.got[i], p.want[i], d, tol*bound[i])
			}
		}
	}
}

// implementations returns one Implementation per kernel family this CPU runs (AVX-512 and
// AVX2+FMA on a recent x86), or the gonum fallback where there is none, so that every family
// is tested on a machine that has several.
func implementations() []*Implementation {
	var ims []*Implementation
	for _, f := range families() {
		ims = append(ims, newWith(f))
	}
	if len(ims) == 0 {
		ims = append(ims, New())
	}
	return ims
}

// forEach runs test on every implementation as a subtest named after it.
func forEach(t *testing.T, test func(t *testing.T, im *Implementation)) {
	for _, im := range implementations() {
		t.Run(im.Name(), func(t *testing.T) { test(t, im) })
	}
}

// sizes are the dimensions drawn from: 1 … 300 with primes, the register-block sizes (6, 8,
// 16) and their neighbours, and the MLP's 10, 128 and 784-like k-slice boundaries.
var sizes = []int{1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 13, 15, 16, 17, 23, 31, 32, 33, 37, 47, 48,
	61, 64, 97, 101, 127, 128, 131, 193, 211, 251, 256, 257, 293, 300}

var scalars = []float64{0, 1, -0.5, 2}

// TestGemmRandom checks every transpose pair, packed and padded leading dimensions, and every
// alpha, beta ∈ {0, 1, −0.5, 2} on random shapes against gonum.
func TestGemmRandom(t *testing.T) { forEach(t, testGemmRandom) }

func testGemmRandom(t *testing.T, im *Implementation) {
	r := rng.New(1, "gemm-random")
	trans := []blas.Transpose{blas.NoTrans, blas.Trans}
	for _, tA := range trans {
		for _, tB := range trans {
			for i := range 24 {
				m, n, k := sizes[r.IntN(len(sizes))], sizes[r.IntN(len(sizes))], sizes[r.IntN(len(sizes))]
				pad := []int{0, 3}[i%2]
				alpha, beta := scalars[i%4], scalars[(i/4)%4]
				checkCall(t, im, newCall(r, tA, tB, m, n, k, pad, alpha, beta))
			}
		}
	}
}

// TestGemmMLPShapes checks the five products of a 784-128-10 MLP step at batch 128.
func TestGemmMLPShapes(t *testing.T) { forEach(t, testGemmMLPShapes) }

func testGemmMLPShapes(t *testing.T, im *Implementation) {
	r := rng.New(2, "gemm-mlp")
	for _, s := range benchShapes {
		checkCall(t, im, newCall(r, s.tA, s.tB, s.m, s.n, s.k, 0, 1, 0))
	}
}

// TestGemmConjTrans checks that ConjTrans means Trans for real matrices, as in gonum.
func TestGemmConjTrans(t *testing.T) { forEach(t, testGemmConjTrans) }

func testGemmConjTrans(t *testing.T, im *Implementation) {
	r := rng.New(3, "gemm-conj")
	checkCall(t, im, newCall(r, blas.ConjTrans, blas.ConjTrans, 19, 23, 29, 1, 1, 1))
}

// TestGemmThreadsIdentical checks that a product split over goroutines (by columns, and by
// rows when C has one panel) gives the same bits as one goroutine: each element's sum is
// formed in the same order whatever the split.
func TestGemmThreadsIdentical(t *testing.T) { forEach(t, testGemmThreadsIdentical) }

func testGemmThreadsIdentical(t *testing.T, im *Implementation) {
	r := rng.New(4, "gemm-threads")
	for _, c := range []call{
		newCall(r, blas.NoTrans, blas.NoTrans, 130, 131, 300, 0, 1, 0),
		newCall(r, blas.Trans, blas.NoTrans, 300, 10, 700, 2, -0.5, 2),
	} {
		var first []float64
		for _, threads := range []int{1, 2, 3} {
			im.SetThreads(threads)
			got, _, _, _ := runBoth(im, c)
			if first == nil {
				first = got
				continue
			}
			for i := range got {
				if got[i] != first[i] {
					t.Fatalf("%v: threads %d: C[%d] = %g, one thread %g", c, threads, i, got[i], first[i])
				}
			}
		}
	}
}

func TestThreads(t *testing.T) {
	im := New()
	im.SetThreads(3)
	if got := im.Threads(); got != 3 {
		t.Errorf("after SetThreads(3), Threads() = %d", got)
	}
	im.SetThreads(0)
	if got := im.Threads(); got < 1 {
		t.Errorf("after SetThreads(0), Threads() = %d, want GOMAXPROCS", got)
	}
}

// TestFamiliesIdentical checks that the kernel families give the same bits: each forms an
// element of C as the same sequence of fused multiply-adds over p within the same k-slices,
// and the same columns go through the edge tile (nr is 16 float32 or 8 float64 in every
// family), so a seed trains to the same weights on AVX2 and AVX-512 machines.
func TestFamiliesIdentical(t *testing.T) {
	ims := implementations()
	if len(ims) < 2 {
		t.Skipf("this CPU runs %d kernel family", len(ims))
	}
	r := rng.New(8, "gemm-families")
	trans := []blas.Transpose{blas.NoTrans, blas.Trans}
	for i := range 16 {
		m, n, k := sizes[r.IntN(len(sizes))], sizes[r.IntN(len(sizes))], sizes[r.IntN(len(sizes))]
		c := newCall(r, trans[i%2], trans[(i/2)%2], m, n, k, i%3, scalars[i%4], scalars[(i/4)%4])
		g32, _, g64, _ := runBoth(ims[0], c)
		for _, im := range ims[1:] {
			h32, _, h64, _ := runBoth(im, c)
			for j := range g32 {
				if math.Float64bits(g32[j]) != math.Float64bits(h32[j]) || math.Float64bits(g64[j]) != math.Float64bits(h64[j]) {
					t.Fatalf("%v: C[%d]: %s (%g, %g), %s (%g, %g)", c, j, ims[0].Name(), g32[j], g64[j], im.Name(), h32[j], h64[j])
				}
			}
		}
	}
}
