package gemm

import "sync"

// minParallel is the smallest product, in multiply-adds m·n·k, that is split over
// goroutines: below about 2 million (20 µs at 100 GFLOP/s) starting and joining a goroutine
// costs more than it saves. The five products of a 784-128-10 MLP step at batch 128 are
// 12.8 million (the first layer's two) and 0.16 million (the rest).
const minParallel = 1 << 21

// gemm computes p on up to threads goroutines, each with its own workspace from pool. It cuts
// C into strips: column strips of whole nr-wide panels when there are enough panels (each
// goroutine then packs only its own part of B), row strips of whole mr-row blocks otherwise.
func gemm[T float32 | float64](ks *kernels[T], p product[T], threads int, pool *sync.Pool) {
	parts := 1
	if p.m*p.n*p.k >= minParallel {
		parts = threads
	}
	panels := (p.n + ks.nr - 1) / ks.nr
	blocks := (p.m + ks.mr - 1) / ks.mr
	byCols := panels >= parts
	parts = min(parts, max(panels, blocks))
	if parts <= 1 {
		runWith(ks, p, pool)
		return
	}
	var wg sync.WaitGroup
	for i := range parts {
		q := p
		if byCols {
			j0, j1 := i*panels/parts*ks.nr, min(p.n, (i+1)*panels/parts*ks.nr)
			q.n, q.b, q.c = j1-j0, p.b[j0*p.csb:], p.c[j0:]
		} else {
			i0, i1 := i*blocks/parts*ks.mr, min(p.m, (i+1)*blocks/parts*ks.mr)
			q.m, q.a, q.c = i1-i0, p.a[i0*p.rsa:], p.c[i0*p.ldc:]
		}
		if i == parts-1 {
			runWith(ks, q, pool)
			break
		}
		wg.Go(func() { runWith(ks, q, pool) })
	}
	wg.Wait()
}

// runWith runs p serially on a workspace taken from pool and returns it there.
func runWith[T float32 | float64](ks *kernels[T], p product[T], pool *sync.Pool) {
	w, _ := pool.Get().(*workspace[T])
	if w == nil {
		w = new(workspace[T])
	}
	ks.run(p, w)
	pool.Put(w)
}
