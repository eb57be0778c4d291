//go:build !amd64 || purego

package vec

// hasAVX is false: this build has only the pure-Go loops.
const hasAVX = false

func adamAVX2(w, grad, m, v *float32, n int, k *[8]float32) { panic("vec: no AVX loops in this build") }
