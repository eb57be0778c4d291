package nn

import (
	"context"
	"math"
	"runtime"
	"sync"
	"testing"
	"time"
)

// BenchmarkScaling measures what running two pieces of work side by side gives over one alone,
// as a sweep runs its trainings (the target: two runs at once ≥ 1.8× the throughput of
// one 1-thread run). Each iteration times one unit of work alone (GOMAXPROCS 1) and then two
// units at once (GOMAXPROCS 2, one goroutine each), interleaved so that a drift in the machine's
// load hits both, and it reports the fastest of each (s/alone, s/pair) and
//
//	x2 = 2·(s/alone)/(s/pair)   (2: perfect scaling; 1: none)
//
// for three kinds of work, which together say where a shortfall comes from:
//
//   - work=compute: a register-only loop (8 independent multiply-add chains, no memory
//     traffic). Below about 1.9 the two CPUs do not run independently: SMT siblings of one
//     physical core, a host that does not give both vCPUs at once, or a clock that drops when
//     both are busy.
//   - work=triad: STREAM's triad a[i] = b[i] + s·c[i] over three 16 MiB float32 arrays per unit
//     (beyond the L2 caches). Below 2 with compute near 2: the units compete for cache and
//     memory bandwidth.
//   - work=epoch: one epoch of the reference training (MLP 784-128-10, ReLU, float32, batch
//     128, Adam) on the first 10 000 MNIST images, with one BLAS thread, as sweep.Run sets it.
//
// On a machine shared with other work none of this means much. On a quiet one:
//
//	go test -run '^$' -bench Scaling -benchtime 5x -count 3 ./nn/
func BenchmarkScaling(b *testing.B) {
	b.Run("work=compute", func(b *testing.B) {
		benchPair(b, func(i int) func() { return func() { sinkPair[i%2] = spin(20_000_000) } })
	})
	b.Run("work=triad", func(b *testing.B) {
		benchPair(b, func(int) func() {
			const n = 4 << 20
			x, y, z := make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range y {
				y[i], z[i] = float32(i), float32(n-i)
			}
			return func() {
				for range 8 {
					triad(x, y, z, 3)
				}
			}
		})
	})
	b.Run("work=epoch", func(b *testing.B) {
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
		var seed uint64
		benchPair(b, func(int) func() {
			seed++
			tr := benchTrainer(b, a, seed)
			return func() {
				if _, err := tr.Fit(context.Background(), train, Data{}); err != nil {
					b.Error(err)
				}
			}
		})
	})
}

// benchPair runs the iterations of BenchmarkScaling: unit(i) prepares the i-th unit of work
// (untimed) and returns the function that does it.
func benchPair(b *testing.B, unit func(i int) func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	best := [2]time.Duration{math.MaxInt64, math.MaxInt64}
	n := 0
	for b.Loop() {
		for k := 1; k <= 2; k++ {
			b.StopTimer()
			work := make([]func(), k)
			for i := range work {
				n++
				work[i] = unit(n)
			}
			runtime.GOMAXPROCS(k)
			runtime.GC()
			b.StartTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for _, w := range work {
				wg.Go(w)
			}
			wg.Wait()
			best[k-1] = min(best[k-1], time.Since(start))
		}
	}
	b.ReportMetric(best[0].Seconds(), "s/alone")
	b.ReportMetric(best[1].Seconds(), "s/pair")
	b.ReportMetric(2*float64(best[0])/float64(best[1]), "x2")
}

// sinkPair keeps spin's results alive, one slot for each of two units at once.
var sinkPair [2]float64

// spin runs n rounds of 8 independent multiply-add chains in registers and returns their sum.
func spin(n int) float64 {
	var c [8]float64
	for i := range c {
		c[i] = float64(i)
	}
	for range n {
		for i := range c {
			c[i] = c[i]*0.9999999 + 1e-7
		}
	}
	s := 0.0
	for _, v := range c {
		s += v
	}
	return s
}

func triad(a, b, c []float32, s float32) {
	b, c = b[:len(a)], c[:len(a)]
	for i := range a {
		a[i] = b[i] + s*c[i]
	}
}
