//go:build !amd64 || purego

package gemm

// families returns no kernel families: this build (another architecture, or the purego tag)
// uses gonum's Sgemm and Dgemm.
func families() []family { return nil }
