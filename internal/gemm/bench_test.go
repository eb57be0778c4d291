package gemm

import (
	"fmt"
	"testing"

	"github.com/isingact/isingact/internal/rng"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// benchShape is one product of a 784-128-10 MLP training step at batch 128 (traced through
// Gorgonia; alpha = 1, beta = 0, packed strides).
type benchShape struct {
	name    string
	tA, tB  blas.Transpose
	m, n, k int
}

var benchShapes = []benchShape{
	{"NN128x128x784", blas.NoTrans, blas.NoTrans, 128, 128, 784}, // forward, layer 1
	{"TN784x128x128", blas.Trans, blas.NoTrans, 784, 128, 128},   // ∂W₁
	{"NN128x10x128", blas.NoTrans, blas.NoTrans, 128, 10, 128},   // forward, layer 2
	{"TN128x10x128", blas.Trans, blas.NoTrans, 128, 10, 128},     // ∂W₂
	{"NT128x128x10", blas.NoTrans, blas.Trans, 128, 128, 10},     // ∂H
}

// BenchmarkSgemm times each shape with gonum's Sgemm and with this package's (one goroutine,
// then GOMAXPROCS), reporting GFLOP/s (2·m·n·k per product). Compare with
//
//	go test -run '^$' -bench Sgemm -count 6 ./internal/gemm/ | benchstat -col /impl -
func BenchmarkSgemm(b *testing.B) {
	impls := []struct {
		name string
		impl blas.Float32
	}{{"gonum", gonum.Implementation{}}}
	for _, f := range families() {
		one := newWith(f)
		one.SetThreads(1)
		impls = append(impls, struct {
			name string
			impl blas.Float32
		}{f.short, one})
	}
	impls = append(impls, struct {
		name string
		impl blas.Float32
	}{"best-par", New()})
	for _, s := range benchShapes {
		for _, im := range impls {
			b.Run(fmt.Sprintf("shape=%s/impl=%s", s.name, im.name), func(b *testing.B) {
				benchSgemm(b, im.impl, s)
			})
		}
	}
}

func benchSgemm(b *testing.B, im blas.Float32, s benchShape) {
	c := newCall(rng.New(9, "gemm-bench"), s.tA, s.tB, s.m, s.n, s.k, 0, 1, 0)
	a, bb, cc := to32(c.a), to32(c.b), to32(c.c)
	b.ResetTimer()
	for b.Loop() {
		im.Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, c.lda, bb, c.ldb, 0, cc, c.ldc)
	}
	b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkDgemm is BenchmarkSgemm in float64.
func BenchmarkDgemm(b *testing.B) {
	impls := []struct {
		name string
		impl blas.Float64
	}{{"gonum", gonum.Implementation{}}}
	for _, f := range families() {
		one := newWith(f)
		one.SetThreads(1)
		impls = append(impls, struct {
			name string
			impl blas.Float64
		}{f.short, one})
	}
	for _, s := range benchShapes {
		for _, im := range impls {
			b.Run(fmt.Sprintf("shape=%s/impl=%s", s.name, im.name), func(b *testing.B) {
				c := newCall(rng.New(9, "gemm-bench"), s.tA, s.tB, s.m, s.n, s.k, 0, 1, 0)
				for b.Loop() {
					im.impl.Dgemm(s.tA, s.tB, s.m, s.n, s.k, 1, c.a, c.lda, c.b, c.ldb, 0, c.c, c.ldc)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
