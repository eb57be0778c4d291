//go:build amd64 && !purego

package gemm

import "golang.org/x/sys/cpu"

// families lists this build's kernel families that the CPU runs, best first (x/sys/cpu reads
// the CPU's features once at start-up and also checks that the OS saves the vector
// registers).
func families() []family {
	var fs []family
	if cpu.X86.HasAVX512F {
		fs = append(fs, family{
			name: "AVX-512 Go assembly (avo)", short: "avx512",
			single: &kernels[float32]{mr: 12, nr: 16, rows: [maxRows]kernelFunc[float32]{
				sgemmKernelZ1, sgemmKernelZ2, sgemmKernelZ3, sgemmKernelZ4, sgemmKernelZ5, sgemmKernelZ6,
				sgemmKernelZ7, sgemmKernelZ8, sgemmKernelZ9, sgemmKernelZ10, sgemmKernelZ11, sgemmKernelZ12,
			}},
			double: &kernels[float64]{mr: 12, nr: 8, rows: [maxRows]kernelFunc[float64]{
				dgemmKernelZ1, dgemmKernelZ2, dgemmKernelZ3, dgemmKernelZ4, dgemmKernelZ5, dgemmKernelZ6,
				dgemmKernelZ7, dgemmKernelZ8, dgemmKernelZ9, dgemmKernelZ10, dgemmKernelZ11, dgemmKernelZ12,
			}},
		})
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		fs = append(fs, family{
			name: "AVX2+FMA Go assembly (avo)", short: "avx2",
			single: &kernels[float32]{mr: 6, nr: 16, rows: [maxRows]kernelFunc[float32]{
				sgemmKernel1, sgemmKernel2, sgemmKernel3, sgemmKernel4, sgemmKernel5, sgemmKernel6,
			}},
			double: &kernels[float64]{mr: 6, nr: 8, rows: [maxRows]kernelFunc[float64]{
				dgemmKernel1, dgemmKernel2, dgemmKernel3, dgemmKernel4, dgemmKernel5, dgemmKernel6,
			}},
		})
	}
	return fs
}
