package peer

import (
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/isingact/isingact/internal/rng"
	"github.com/isingact/isingact/nn"
	"gonum.org/v1/gonum/blas"
	"gorgonia.org/gorgonia"
)

// gemmShape is one float32 matrix product C = op(A)·op(B) (m×n, inner k) of a training step.
type gemmShape struct {
	tA, tB  blas.Transpose
	m, n, k int
}

// gemmShapes returns the products of one training step of an MLP with layer widths
// arch.In, arch.Hidden…, arch.Out at batch rows, as Gorgonia makes them: per layer of
// in → out the forward product Z = X·W (NN batch×out×in) and the weight gradient ∂W = Xᵀ·∂Z
// (TN in×out×batch), and for every layer but the first the input gradient ∂X = ∂Z·Wᵀ (NT
// batch×in×out). For 784-128-10 at batch 128 these are the five products of nn's
// BenchmarkGEMM.
func gemmShapes(arch nn.Arch, batch int) []gemmShape {
	widths := append(append([]int{arch.In}, arch.Hidden...), arch.Out)
	var s []gemmShape
	for l := 1; l < len(widths); l++ {
		in, out := widths[l-1], widths[l]
		s = append(s, gemmShape{blas.NoTrans, blas.NoTrans, batch, out, in}, gemmShape{blas.Trans, blas.NoTrans, in, out, batch})
		if l > 1 {
			s = append(s, gemmShape{blas.NoTrans, blas.Trans, batch, in, out})
		}
	}
	return s
}

// gemmStep returns the median wall time of one training step's products (gemmShapes) on the
// build's BLAS (gorgonia.WhichBLAS, what the trainer runs) with GOMAXPROCS and BLAS threads set
// to threads: 5 warm-up steps, then 9 samples of as many steps as fill about 20 ms each.
func gemmStep(arch nn.Arch, batch, threads int) (time.Duration, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
	if before := nn.BLASThreads(); before > 0 {
		defer nn.SetBLASThreads(before)
	}
	if err := nn.SetBLASThreads(threads); err != nil {
		return 0, fmt.Errorf("peer: %w", err)
	}
	step := gemmRunner(gemmShapes(arch, batch))
	for range 5 {
		step()
	}
	start := time.Now()
	step()
	reps := max(1, int(20*time.Millisecond/max(time.Since(start), time.Microsecond)))
	samples := make([]time.Duration, 9)
	for i := range samples {
		start := time.Now()
		for range reps {
			step()
		}
		samples[i] = time.Since(start) / time.Duration(reps)
	}
	slices.Sort(samples)
	return samples[len(samples)/2], nil
}

// gemmRunner allocates random operands for shapes and returns a function that runs the
// products once (alpha 1, beta 0, packed leading dimensions).
func gemmRunner(shapes []gemmShape) func() {
	r := rng.New(1, "peer-gemm")
	rnd := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(r.NormFloat64())
		}
		return x
	}
	type op struct {
		gemmShape
		a, b, c       []float32
		lda, ldb, ldc int
	}
	ops := make([]op, len(shapes))
	for i, s := range shapes {
		o := op{gemmShape: s, a: rnd(s.m * s.k), b: rnd(s.k * s.n), c: make([]float32, s.m*s.n), lda: s.k, ldb: s.n, ldc: s.n}
		if s.tA == blas.Trans {
			o.lda = s.m
		}
		if s.tB == blas.Trans {
			o.ldb = s.k
		}
		ops[i] = o
	}
	impl := gorgonia.WhichBLAS()
	return func() {
		for _, o := range ops {
			impl.Sgemm(o.tA, o.tB, o.m, o.n, o.k, 1, o.a, o.lda, o.b, o.ldb, 0, o.c, o.ldc)
		}
	}
}
