package vec

// The logistic loops of the float32 activations, in float64 lanes: with z = a·(x − s),
//
//	Logistic:           dst = σ(z) = 1/(1 + e^(−z))
//	LogisticTimes:      dst = g·σ(z)
//	LogisticSlopeTimes: dst = g·c·σ'(z) = g·c·σ(z)(1 − σ(z))
//
// each to a relative error below 1e-12 before the result is rounded to float32 (exp by range
// reduction and a degree-10 polynomial, evaluated as e = e^(−|z|) ∈ (0, 1] so that nothing
// overflows: σ = 1/(1 + e) for z ≥ 0, e/(1 + e) for z < 0, σ' = e/(1 + e)²). NaN gives NaN;
// ±Inf give the limits. Each does the longest prefix of dst it can — a multiple of 4 elements
// on amd64 CPUs with AVX2 and FMA, none elsewhere — and returns its length, so the caller
// finishes the rest with its own scalar loop.

// Logistic sets dst[i] = σ(a·(x[i] − s)) for i < the returned length.
func Logistic(dst, x []float32, a, s float64) int {
	n := vectorLen(len(dst))
	if n > 0 {
		x = x[:n]
		k := [3]float64{a, s, 0}
		logisticAVX2(&dst[0], &x[0], nil, n, &k)
	}
	return n
}

// LogisticTimes sets dst[i] = g[i]·σ(a·(x[i] − s)) for i < the returned length.
func LogisticTimes(dst, x, g []float32, a, s float64) int {
	n := vectorLen(len(dst))
	if n > 0 {
		x, g = x[:n], g[:n]
		k := [3]float64{a, s, 0}
		logisticTimesAVX2(&dst[0], &x[0], &g[0], n, &k)
	}
	return n
}

// LogisticSlopeTimes sets dst[i] = g[i]·c·σ'(a·(x[i] − s)) for i < the returned length.
func LogisticSlopeTimes(dst, x, g []float32, a, s, c float64) int {
	n := vectorLen(len(dst))
	if n > 0 {
		x, g = x[:n], g[:n]
		k := [3]float64{a, s, c}
		logisticSlopeTimesAVX2(&dst[0], &x[0], &g[0], n, &k)
	}
	return n
}

// vectorLen returns how many of n elements the vector loops take: n rounded down to a
// multiple of 4 where they run, else 0.
func vectorLen(n int) int {
	if !hasAVX2FMA {
		return 0
	}
	return n &^ 3
}
