//go:build openblas

package nn

/*
#cgo LDFLAGS: -lopenblas
char *openblas_get_config(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);
*/
import "C"

import (
	"fmt"
	"strings"

	"gonum.org/v1/netlib/blas/netlib"
	"gorgonia.org/gorgonia"
)

// With the openblas build tag, every matrix product of Gorgonia and of gorgonia.org/tensor runs
// on OpenBLAS through gonum's cgo bindings (gonum.org/v1/netlib/blas/netlib). gorgonia.Use sets
// Gorgonia's BLAS and passes the same implementation on to tensor.Use, which is where MatMul,
// MatVecMul and Outer pick their Sgemm/Dgemm. It is process-wide state of those two packages,
// set once here before any graph runs.
//
// Build and test with (Debian: apt-get install libopenblas-dev, or bench/peer/setup.sh):
//
//	go test -tags openblas ./nn/
//	CGO_LDFLAGS=-lopenblas go test -tags openblas ./nn/   (equivalent; the -l is also below)
//
// OpenBLAS results are not bit-identical to the pure-Go BLAS (another summation order), so a
// seed gives bit-identical weights only within one build.
func init() {
	gorgonia.Use(netlib.Implementation{})
}

// BLASName names the BLAS that Gorgonia's and tensor's matrix products run on in this build:
// OpenBLAS through cgo, with OpenBLAS's own build configuration (version, kernel, threads).
func BLASName() string {
	return "OpenBLAS (cgo, gonum netlib): " + strings.TrimSpace(C.GoString(C.openblas_get_config()))
}

// SetBLASThreads sets how many threads OpenBLAS may use for one product
// (openblas_set_num_threads). OpenBLAS starts with OPENBLAS_NUM_THREADS from the environment,
// or one thread per core; when several training runs share the cores, give each process
// n = 1 (or set OPENBLAS_NUM_THREADS=1) so that the runs do not fight over them. n < 1 is an
// error.
func SetBLASThreads(n int) error {
	if n < 1 {
		return fmt.Errorf("nn: BLAS threads must be at least 1, got %d", n)
	}
	C.openblas_set_num_threads(C.int(n))
	return nil
}

// BLASThreads reports OpenBLAS's current thread count (openblas_get_num_threads).
func BLASThreads() int { return int(C.openblas_get_num_threads()) }
