package vec

// Cubic sets, for i < the returned length,
//
//	dst[i] = c₀ + s(c₁ + s(c₂ + s·c₃)),   (c₀, c₁, c₂, c₃) = c[4j : 4j+4],
//	u = (x[i] − lo)·invH,  j = ⌊u⌋ clamped to [0, len(c)/4 − 1],  s = u − j,
//
// the piecewise cubic of a table with cells of width 1/invH from lo (the layout of the
// activations' Hermite tables), evaluated in float64 and rounded to float32. For x below lo,
// above the table, NaN or ±Inf the value is the end cell's polynomial extrapolated (or NaN):
// callers replace those elements. Like the logistic loops it does the longest prefix it can (a
// multiple of 4 on amd64 with AVX2 and FMA, none elsewhere) and returns its length.
func Cubic(dst, x []float32, c []float64, lo, invH float64) int {
	n := vectorLen(len(dst))
	if n > 0 && len(c) >= 4 {
		x = x[:n]
		k := [2]float64{lo, invH}
		cubicAVX2(&dst[0], &x[0], nil, n, &c[0], len(c)/4, &k)
		return n
	}
	return 0
}

// CubicTimes sets dst[i] = g[i]·(the cubic of Cubic at x[i]) for i < the returned length.
func CubicTimes(dst, x, g []float32, c []float64, lo, invH float64) int {
	n := vectorLen(len(dst))
	if n > 0 && len(c) >= 4 {
		x, g = x[:n], g[:n]
		k := [2]float64{lo, invH}
		cubicTimesAVX2(&dst[0], &x[0], &g[0], n, &c[0], len(c)/4, &k)
		return n
	}
	return 0
}
