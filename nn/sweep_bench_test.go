package nn

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// BenchmarkEpochConcurrent measures what a sweep gets from running trainings side by side:
// each iteration trains `workers` fresh models of the reference setup (MLP 784-128-10, ReLU,
// float32, batch 128, Adam) for one epoch on the first 10 000 MNIST training images at once,
// with one BLAS thread per product (as the experiments runner sets when it runs several
// workers), and reports epochs/s of wall time. The target is workers=2 ≥ 1.8× workers=1;
// compare with
//
//	go test -run '^$' -bench EpochConcurrent -benchtime 3x -count 5 ./nn/ | benchstat -col /workers -
//
// BenchmarkStreamTriad beside it shows whether the memory system, rather than the cores,
// caps the ratio. On a machine shared with other work neither says much.
func BenchmarkEpochConcurrent(b *testing.B) {
	ds := loadMNIST(b)
	sub, err := ds.Train.First(10000)
	if err != nil {
		b.Fatal(err)
	}
	train := fromSet(sub)
	before := BLASThreads()
	if err := SetBLASThreads(1); err != nil {
		b.Fatal(err)
	}
	defer SetBLASThreads(before)
	a := MLP(784, []int{128}, 10, "relu")
	a.Dtype = Float32
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var seed uint64
			var wall time.Duration
			for b.Loop() {
				trainers := make([]*Trainer, workers)
				for w := range trainers {
					seed++
					trainers[w] = benchTrainer(b, a, seed)
				}
				errs := make([]error, workers)
				start := time.Now()
				var wg sync.WaitGroup
				for w, tr := range trainers {
					wg.Go(func() { _, errs[w] = tr.Fit(context.Background(), train, Data{}) })
				}
				wg.Wait()
				wall += time.Since(start)
				for _, err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(workers*b.N)/wall.Seconds(), "epochs/s")
		})
	}
}

// BenchmarkStreamTriad is STREAM's triad a[i] = b[i] + s·c[i] over float32 arrays of 32 MiB
// each (the size of the 10 000-image MNIST subset the epoch benchmarks stream, far beyond
// the L2 caches), by 1 and 2 goroutines on halves of the arrays, and reports GB/s (12 bytes
// moved an element: two loads and a store; write-allocate traffic not counted, as in STREAM).
// If 2 goroutines get much less than twice the bandwidth of 1, concurrent trainings that
// stream their data compete for memory bandwidth rather than for cores.
//
//	go test -run '^$' -bench StreamTriad -count 5 ./nn/ | benchstat -col /goroutines -
func BenchmarkStreamTriad(b *testing.B) {
	const n = 8 << 20
	x, y, z := make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range y {
		y[i], z[i] = float32(i), float32(n-i)
	}
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("goroutines=%d", g), func(b *testing.B) {
			for b.Loop() {
				var wg sync.WaitGroup
				for part := range g {
					lo, hi := part*n/g, (part+1)*n/g
					wg.Go(func() { triad(x[lo:hi], y[lo:hi], z[lo:hi], 3) })
				}
				wg.Wait()
			}
			b.ReportMetric(12*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
		})
	}
}

func triad(a, b, c []float32, s float32) {
	b, c = b[:len(a)], c[:len(a)]
	for i := range a {
		a[i] = b[i] + s*c[i]
	}
}
