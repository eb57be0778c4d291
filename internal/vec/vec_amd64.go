//go:build amd64 && !purego

package vec

import "golang.org/x/sys/cpu"

// hasAVX and hasAVX2FMA report whether this CPU runs the AVX loops (Adam) and the AVX2+FMA
// loops (logistic); x/sys/cpu also checks that the OS saves the YMM registers.
var (
	hasAVX     = cpu.X86.HasAVX
	hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA
)
