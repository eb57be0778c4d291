package activations

// The loops of the generic op: plain passes over contiguous memory. Float64 tensors use the
// activation's exact F and DF, one interface call per element. Float32 tensors use the
// activation's own loops when it has them (kernel32) and F and DF through float64 otherwise.

// kernel32 is implemented by activations with a faster evaluation for float32 tensors: the
// loops live in the concrete type, so the compiler inlines the per-element code (an interface
// call per element costs more than the arithmetic of most activations), and they usually use
// the fast exp/log1p of fastmath.go. They must agree with F and DF to 1e-8 relative plus
// 1e-9·(1 + |x|) absolute before rounding to float32 (TestKernel32), far below float32
// resolution.
type kernel32 interface {
	// forward32 sets dst[i] = F(x[i]); len(x) ≥ len(dst).
	forward32(dst, x []float32)
	// backward32 sets dst[i] = g[i]·DF(x[i]); len(x), len(g) ≥ len(dst).
	backward32(dst, x, g []float32)
}

func applyF64(a Activation, dst, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = a.F(v)
	}
}

func applyDF64(a Activation, dst, x, g []float64) {
	x, g = x[:len(dst)], g[:len(dst)]
	for i, v := range x {
		dst[i] = g[i] * a.DF(v)
	}
}

func applyF32(a Activation, dst, x []float32) {
	if k, ok := a.(kernel32); ok {
		k.forward32(dst, x)
		return
	}
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(a.F(float64(v)))
	}
}

func applyDF32(a Activation, dst, x, g []float32) {
	if k, ok := a.(kernel32); ok {
		k.backward32(dst, x, g)
		return
	}
	x, g = x[:len(dst)], g[:len(dst)]
	for i, v := range x {
		dst[i] = float32(float64(g[i]) * a.DF(float64(v)))
	}
}
