package nn

import (
	"fmt"
	"strings"
	"testing"

	"github.com/isingact/isingact/internal/rng"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gorgonia.org/gorgonia"
)

// gemmShapes are the five products of a training step of the 784-128-10 MLP at batch 128
// (traced through Gorgonia; alpha = 1, beta = 0, packed strides), as in gemmEpoch.
var gemmShapes = []struct {
	name    string
	tA, tB  blas.Transpose
	m, n, k int
}{
	{"NN128x128x784", blas.NoTrans, blas.NoTrans, 128, 128, 784}, // Z₁ = X·W₁
	{"TN784x128x128", blas.Trans, blas.NoTrans, 784, 128, 128},   // ∂W₁ = Xᵀ·∂Z₁
	{"NN128x10x128", blas.NoTrans, blas.NoTrans, 128, 10, 128},   // Z₂ = H·W₂
	{"TN128x10x128", blas.Trans, blas.NoTrans, 128, 10, 128},     // ∂W₂ = Hᵀ·∂Z₂
	{"NT128x128x10", blas.NoTrans, blas.Trans, 128, 128, 10},     // ∂H = ∂Z₂·W₂ᵀ
}

// BenchmarkGEMM times each of a step's five products on one thread with gonum's pure-Go Sgemm
// (impl=gonum) and with this build's BLAS (impl=kernel by default, impl=openblas with -tags
// openblas), and reports GFLOP/s (2·m·n·k a product). To compare the three:
//
//	go test -run '^$' -bench GEMM -count 6 ./nn/ > go.txt
//	CGO_LDFLAGS=-lopenblas go test -tags openblas -run '^$' -bench GEMM -count 6 ./nn/ > openblas.txt
//	benchstat -col /impl go.txt openblas.txt
func BenchmarkGEMM(b *testing.B) {
	build := "kernel"
	if strings.HasPrefix(BLASName(), "OpenBLAS") {
		build = "openblas"
	}
	before := BLASThreads()
	if err := SetBLASThreads(1); err != nil {
		b.Fatal(err)
	}
	defer SetBLASThreads(before)
	impls := []struct {
		name string
		impl blas.Float32
	}{{"gonum", gonum.Implementation{}}, {build, gorgonia.WhichBLAS()}}
	for _, s := range gemmShapes {
		for _, im := range impls {
			b.Run(fmt.Sprintf("shape=%s/impl=%s", s.name, im.name), func(b *testing.B) {
				r := rng.New(1, "bench-gemm")
				rnd := func(n int) []float32 {
					x := make([]float32, n)
					for i := range x {
						x[i] = float32(r.NormFloat64())
					}
					return x
				}
				lda, ldb := s.k, s.n
				if s.tA != blas.NoTrans {
					lda = s.m
				}
				if s.tB != blas.NoTrans {
					ldb = s.k
				}
				a, bb, c := rnd(s.m*s.k), rnd(s.k*s.n), make([]float32, s.m*s.n)
				for b.Loop() {
					im.impl.Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
