//go:build amd64 && !purego

package gemm

import "golang.org/x/sys/cpu"

// hasKernels reports whether this CPU runs the AVX2+FMA kernels (read once at start-up by
// x/sys/cpu, which also checks that the OS saves the YMM registers).
var hasKernels = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernelName names the kernels of this build.
const kernelName = "AVX2+FMA Go assembly (avo)"

// singleKernels returns the float32 register-block kernels, or nil when the CPU lacks them.
func singleKernels() *kernels[float32] {
	if !hasKernels {
		return nil
	}
	return &kernels[float32]{nr: 16, rows: [maxRows]kernelFunc[float32]{
		sgemmKernel1, sgemmKernel2, sgemmKernel3, sgemmKernel4, sgemmKernel5, sgemmKernel6,
	}}
}

// doubleKernels returns the float64 register-block kernels, or nil when the CPU lacks them.
func doubleKernels() *kernels[float64] {
	if !hasKernels {
		return nil
	}
	return &kernels[float64]{nr: 8, rows: [maxRows]kernelFunc[float64]{
		dgemmKernel1, dgemmKernel2, dgemmKernel3, dgemmKernel4, dgemmKernel5, dgemmKernel6,
	}}
}
