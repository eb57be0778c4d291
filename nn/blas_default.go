//go:build !openblas

package nn

import "fmt"

// BLASName names the BLAS that Gorgonia's and tensor's matrix products run on in this build.
//
// This is the default build: gonum's pure-Go BLAS (gonum.org/v1/gonum/blas/gonum), which is
// Gorgonia's own default, builds anywhere Go does and needs no C toolchain. Its level-3
// routines (Sgemm, Dgemm) split the product into blocks worked on by up to GOMAXPROCS
// goroutines. Build with -tags openblas (and libopenblas-dev installed, see
// bench/peer/setup.sh) for OpenBLAS through cgo.
func BLASName() string { return "gonum (pure Go)" }

// SetBLASThreads sets how many threads the BLAS may use for one product. The pure-Go BLAS has
// no thread pool of its own (it follows GOMAXPROCS), so for n ≥ 1 this does nothing and
// returns nil; n < 1 is an error in every build.
func SetBLASThreads(n int) error {
	if n < 1 {
		return fmt.Errorf("nn: BLAS threads must be at least 1, got %d", n)
	}
	return nil
}

// BLASThreads reports the BLAS's own thread count: 0 for the pure-Go BLAS, which has no
// threads of its own and runs on the Go scheduler (GOMAXPROCS).
func BLASThreads() int { return 0 }
