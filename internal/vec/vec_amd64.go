//go:build amd64 && !purego

package vec

import "golang.org/x/sys/cpu"

// hasAVX reports whether this CPU runs the AVX loops (x/sys/cpu also checks that the OS
// saves the YMM registers).
var hasAVX = cpu.X86.HasAVX
