//go:build !amd64 || purego

package gemm

// kernelName is empty: this build has no kernels of its own and uses gonum's.
const kernelName = ""

// singleKernels returns nil: no float32 kernels in this build (another architecture, or the
// purego tag).
func singleKernels() *kernels[float32] { return nil }

// doubleKernels returns nil: no float64 kernels in this build.
func doubleKernels() *kernels[float64] { return nil }
