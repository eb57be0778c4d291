package gemm

import (
	"math"
	"testing"

	"github.com/isingact/isingact/internal/rng"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestGemmBetaZeroDropsNaN checks the BLAS convention that beta = 0 sets C without reading
// it: a NaN or Inf in C does not survive (gonum clears C first; so do we).
func TestGemmBetaZeroDropsNaN(t *testing.T) { forEach(t, testGemmBetaZeroDropsNaN) }

func testGemmBetaZeroDropsNaN(t *testing.T, im *Implementation) {
	r := rng.New(5, "gemm-beta0")
	for _, shape := range [][3]int{{7, 20, 9}, {12, 16, 300}, {1, 1, 1}} {
		c := newCall(r, blas.NoTrans, blas.Trans, shape[0], shape[1], shape[2], 1, 1, 0)
		for i := range c.c {
			c.c[i] = []float64{math.NaN(), math.Inf(1)}[i%2]
		}
		checkCall(t, im, c)
	}
}

// TestGemmNaNInfPropagate checks that a NaN or an Inf in A or B reaches exactly the elements
// of C it contributes to, as in gonum (B and A are drawn from N(0, 1), so no product is
// 0·Inf, which gonum would skip for a zero element of A).
func TestGemmNaNInfPropagate(t *testing.T) { forEach(t, testGemmNaNInfPropagate) }

func testGemmNaNInfPropagate(t *testing.T, im *Implementation) {
	r := rng.New(6, "gemm-nan")
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		for _, tr := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			c := newCall(r, tr, tr, 14, 21, 33, 0, 1, 1)
			c.a[3*c.lda+5] = bad // A's row 3 (column 3 when transposed)
			c.b[7*c.ldb+2] = bad
			g32, w32, g64, w64 := runBoth(im, c)
			for i := range g32 {
				for _, p := range [][2]float64{{g32[i], w32[i]}, {g64[i], w64[i]}} {
					got, want := p[0], p[1]
					if math.IsNaN(want) != math.IsNaN(got) || math.IsInf(want, 0) && got != want {
						t.Fatalf("%v with %g: C[%d] = %g, gonum %g", c, bad, i, got, want)
					}
				}
			}
		}
	}
}

// TestGemmNoProduct checks alpha = 0 and k = 0: C = beta·C, A and B not used.
func TestGemmNoProduct(t *testing.T) { forEach(t, testGemmNoProduct) }

func testGemmNoProduct(t *testing.T, im *Implementation) {
	r := rng.New(7, "gemm-empty")
	for _, beta := range scalars {
		checkCall(t, im, newCall(r, blas.NoTrans, blas.NoTrans, 9, 17, 0, 0, 1, beta))
		checkCall(t, im, newCall(r, blas.Trans, blas.NoTrans, 9, 17, 5, 2, 0, beta))
	}
	// m = 0 or n = 0: nothing to do, and the slices may be empty.
	im.Sgemm(blas.NoTrans, blas.NoTrans, 0, 5, 3, 1, nil, 3, make([]float32, 15), 5, 0, nil, 5)
	im.Dgemm(blas.NoTrans, blas.NoTrans, 4, 0, 3, 1, make([]float64, 12), 3, nil, 1, 0, nil, 1)
}

// TestGemmPanicsAsGonum checks that each bad argument panics with gonum's message.
func TestGemmPanicsAsGonum(t *testing.T) {
	s := func(n int) []float32 { return make([]float32, n) }
	d := func(n int) []float64 { return make([]float64, n) }
	type args struct {
		tA, tB        blas.Transpose
		m, n, k       int
		lda, ldb, ldc int
		la, lb, lc    int
	}
	ok := args{blas.NoTrans, blas.NoTrans, 3, 4, 5, 5, 4, 4, 15, 20, 12}
	for _, c := range []struct {
		name string
		edit func(*args)
	}{
		{"bad tA", func(a *args) { a.tA = 'X' }},
		{"bad tB", func(a *args) { a.tB = 0 }},
		{"m < 0", func(a *args) { a.m = -1 }},
		{"n < 0", func(a *args) { a.n = -1 }},
		{"k < 0", func(a *args) { a.k = -1 }},
		{"lda", func(a *args) { a.lda = 4 }},
		{"lda trans", func(a *args) { a.tA, a.lda = blas.Trans, 2 }},
		{"ldb", func(a *args) { a.ldb = 3 }},
		{"ldb trans", func(a *args) { a.tB, a.ldb = blas.Trans, 4 }},
		{"ldc", func(a *args) { a.ldc = 3 }},
		{"short a", func(a *args) { a.la = 14 }},
		{"short b", func(a *args) { a.lb = 19 }},
		{"short c", func(a *args) { a.lc = 11 }},
	} {
		a := ok
		c.edit(&a)
		for _, double := range []bool{false, true} {
			run := func(im blas.Float32, dm blas.Float64) (msg any) {
				defer func() { msg = recover() }()
				if double {
					dm.Dgemm(a.tA, a.tB, a.m, a.n, a.k, 1, d(a.la), a.lda, d(a.lb), a.ldb, 0, d(a.lc), a.ldc)
				} else {
					im.Sgemm(a.tA, a.tB, a.m, a.n, a.k, 1, s(a.la), a.lda, s(a.lb), a.ldb, 0, s(a.lc), a.ldc)
				}
				return nil
			}
			got, want := run(New(), New()), run(gonum.Implementation{}, gonum.Implementation{})
			if got != want || want == nil {
				t.Errorf("%s (float64 %v): panic %v, gonum %v", c.name, double, got, want)
			}
		}
	}
}
