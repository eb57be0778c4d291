//go:build !amd64 || purego

package vec

// This build has only the pure-Go loops: the vector loops below are never called.
const (
	hasAVX     = false
	hasAVX2FMA = false
)

func adamAVX2(w, grad, m, v *float32, n int, k *[8]float32) { panic("vec: no vector loops") }

func logisticAVX2(dst, x, grad *float32, n int, k *[3]float64) { panic("vec: no vector loops") }

func logisticTimesAVX2(dst, x, grad *float32, n int, k *[3]float64) { panic("vec: no vector loops") }

func logisticSlopeTimesAVX2(dst, x, grad *float32, n int, k *[3]float64) {
	panic("vec: no vector loops")
}

func cubicAVX2(dst, x, grad *float32, n int, c *float64, cells int, k *[2]float64) {
	panic("vec: no vector loops")
}

func cubicTimesAVX2(dst, x, grad *float32, n int, c *float64, cells int, k *[2]float64) {
	panic("vec: no vector loops")
}
