package nn

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/isingact/isingact/activations"
	"gonum.org/v1/gonum/blas"
	"gorgonia.org/gorgonia"
)

// sinkMetrics keeps benchmark results alive.
var sinkMetrics []EpochMetrics

// BenchmarkEpochMNIST times one training epoch of the reference setup — MLP 784-128-10,
// ReLU, float32, batch 128, Adam (lr 1e-3), He-uniform init, softmax cross-entropy — on the
// 50 000 training images of datasets.LoadMNIST (the 10 000 validation images held out, as in
// bench/peer), shuffled, the last partial batch of 80 kept; no evaluation. ns/op is the epoch
// (graph construction included, a few ms).
//
// Beside it, with the timer stopped, it times the matrix products alone: the same GEMMs on the
// same shapes through the BLAS that Gorgonia uses (gorgonia.WhichBLAS), per batch
//
//	forward:  Z₁ = X·W₁ (B×784·784×128),  Z₂ = H·W₂ (B×128·128×10)
//	backward: ∂W₂ = Hᵀ·∂Z₂,  ∂H = ∂Z₂·W₂ᵀ,  ∂W₁ = Xᵀ·∂Z₁
//
// — 5 GEMMs, 20.5 GFLOP an epoch; the trainer does not form ∂X, and a sixth GEMM for it would add
// 10 GFLOP. The metrics gemm-s/op and x-gemm (epoch time / GEMM time) show the framework's
// overhead over the products.
//
// One sub-benchmark per activation: relu (the reference setup), tanh, and every derived
// activation of the registry at its default parameters, so that the cost of the generic
// elementwise op shows next to Gorgonia's native ones (the GEMM metrics are measured for relu
// only). For the derived-versus-relu ratio on a noisy machine prefer BenchmarkEpochRatio.
//
//	go test -run '^$' -bench 'EpochMNIST/relu' -benchtime 1x -count 3 ./nn/
func BenchmarkEpochMNIST(b *testing.B) {
	ds := loadMNIST(b)
	train := fromSet(ds.Train)
	for _, act := range benchActivations() {
		b.Run(act, func(b *testing.B) {
			a := MLP(784, []int{128}, 10, act)
			a.Dtype = Float32
			var gemm time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tr := benchTrainer(b, a, uint64(i))
				var err error
				if sinkMetrics, err = tr.Fit(context.Background(), train, Data{}); err != nil {
					b.Fatal(err)
				}
				if act == "relu" {
					b.StopTimer()
					gemm += gemmEpoch(train.X32, train.N, 128)
					b.StartTimer()
				}
			}
			b.StopTimer()
			if act == "relu" {
				epoch := b.Elapsed().Seconds() / float64(b.N)
				g := gemm.Seconds() / float64(b.N)
				b.ReportMetric(g, "gemm-s/op")
				b.ReportMetric(epoch/g, "x-gemm")
			}
			b.ReportMetric(sinkMetrics[0].TrainAcc, "train-acc")
		})
	}
}

// benchActivations are the hidden activations of the epoch benchmarks: relu and tanh
// (Gorgonia's native ops) and every derived activation of the registry.
func benchActivations() []string {
	return append([]string{"relu", "tanh"}, activations.NamesOf(activations.Derived)...)
}

// benchTrainer returns a trainer of a fresh model of a with the reference setup (He init,
// softmax cross-entropy, Adam lr 1e-3, batch 128, one epoch), seeded with seed.
func benchTrainer(b *testing.B, a Arch, seed uint64) *Trainer {
	b.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	m, err := NewModel(a, He{}, rng)
	if err != nil {
		b.Fatal(err)
	}
	tr, err := NewTrainer(m, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "adam", LearningRate: 1e-3},
		BatchSize: 128, Epochs: 1}, rng)
	if err != nil {
		b.Fatal(err)
	}
	return tr
}

// BenchmarkEpochRatio times one epoch on the first 10 000 MNIST training images for every
// activation of BenchmarkEpochMNIST but relu, interleaved with a relu epoch in every
// iteration, and reports the fastest epoch of each (s/epoch, relu-s/epoch) and their ratio
// x_relu. On a shared, noisy machine the interleaving and the minimum make the ratio much
// steadier than separate benchmarks. The target is x_relu ≤ 1.1 for the derived
// activations. An epoch here includes building the graphs (a few ms).
//
//	go test -run '^$' -bench EpochRatio -benchtime 3x ./nn/
func BenchmarkEpochRatio(b *testing.B) {
	ds := loadMNIST(b)
	sub, err := ds.Train.First(10000)
	if err != nil {
		b.Fatal(err)
	}
	train := fromSet(sub)
	arch := func(act string) Arch {
		a := MLP(784, []int{128}, 10, act)
		a.Dtype = Float32
		return a
	}
	epoch := func(a Arch, seed uint64) time.Duration {
		tr := benchTrainer(b, a, seed)
		start := time.Now()
		var err error
		if sinkMetrics, err = tr.Fit(context.Background(), train, Data{}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	for _, act := range benchActivations()[1:] {
		b.Run(act, func(b *testing.B) {
			best := [2]time.Duration{math.MaxInt64, math.MaxInt64}
			var seed uint64
			for b.Loop() {
				seed++
				for i, a := range []Arch{arch(act), arch("relu")} {
					best[i] = min(best[i], epoch(a, seed))
				}
			}
			b.ReportMetric(best[0].Seconds(), "s/epoch")
			b.ReportMetric(best[1].Seconds(), "relu-s/epoch")
			b.ReportMetric(float64(best[0])/float64(best[1]), "x_relu")
		})
	}
}

// gemmEpoch runs the 5 GEMMs per batch of one epoch of a 784-128-10 MLP on x (n×784, float32)
// and returns their wall time.
func gemmEpoch(x []float32, n, batch int) time.Duration {
	const in, hid, out = 784, 128, 10
	impl := gorgonia.WhichBLAS()
	rng := rand.New(rand.NewPCG(1, 1))
	rnd := func(k int) []float32 {
		v := make([]float32, k)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	w1, w2 := rnd(in*hid), rnd(hid*out)
	z1, dz1, h := make([]float32, batch*hid), rnd(batch*hid), rnd(batch*hid)
	z2, dz2 := make([]float32, batch*out), rnd(batch*out)
	dw1, dw2, dh := make([]float32, in*hid), make([]float32, hid*out), make([]float32, batch*hid)
	start := time.Now()
	for lo := 0; lo < n; lo += batch {
		bs := min(batch, n-lo)
		xb := x[lo*in : (lo+bs)*in]
		// C (m×n) = op(A)·op(B): Sgemm(tA, tB, m, n, k, α, A, lda, B, ldb, β, C, ldc).
		impl.Sgemm(blas.NoTrans, blas.NoTrans, bs, hid, in, 1, xb, in, w1, hid, 0, z1, hid)
		impl.Sgemm(blas.NoTrans, blas.NoTrans, bs, out, hid, 1, h, hid, w2, out, 0, z2, out)
		impl.Sgemm(blas.Trans, blas.NoTrans, hid, out, bs, 1, h, hid, dz2, out, 0, dw2, out)
		impl.Sgemm(blas.NoTrans, blas.Trans, bs, hid, out, 1, dz2, out, w2, out, 0, dh, hid)
		impl.Sgemm(blas.Trans, blas.NoTrans, in, hid, bs, 1, xb, in, dz1, hid, 0, dw1, hid)
	}
	return time.Since(start)
}
