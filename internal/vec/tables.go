package vec

import "math"

// The loops of the physics tables' cubic lookups (physics.OnsagerCells, physics.MeanFieldCells),
// in float64 lanes rounded to float32 at the end. Like the other loops each does the longest
// prefix of dst it can (a multiple of 4 elements on amd64 with AVX2 and FMA, none elsewhere)
// and returns its length; the caller finishes the rest, and redoes the points a loop documents
// as not its own, with its scalar code.
//
// Results smaller in magnitude than the smallest normal float32, 2⁻¹²⁶ ≈ 1.2e-38, are written
// as 0 rather than as denormals: a denormal operand costs a microcode assist in every later x86
// floating-point operation that reads it (the next matrix product), and the slopes of the
// magnetizations fall below 2⁻¹²⁶ as they approach full order (like e^(−2/t) for mean field),
// which made their training epochs 15% slower than ReLU's.

// Root8Grid is a cubic table on a uniform grid in s = z^(1/8), z = A·x clamped to [0, XMax]:
// cell j = ⌊s·InvH⌋ (clamped to the table), u = s·InvH − j, p(z) = c₀ + u(c₁ + u(c₂ + u·c₃))
// with (c₀, c₁, c₂, c₃) = C[4j : 4j+4]. Its loops keep NaN (a NaN x gives NaN).
type Root8Grid struct {
	C    []float64 // 4 coefficients a cell
	A    float64   // the scale of x
	XMax float64   // the end of the grid in z
	InvH float64   // 1/(the step in s)
}

func (r *Root8Grid) params(b, capv float64) [5]float64 {
	return [5]float64{r.A, r.XMax, r.InvH, b, capv}
}

// Root8Cubic sets dst[i] = b·p(z) for i < the returned length.
func Root8Cubic(dst, x []float32, r *Root8Grid, b float64) int {
	n := vectorLen(len(dst))
	if n > 0 && len(r.C) >= 4 {
		k := r.params(b, 0)
		root8AVX2(&dst[0], &x[:n][0], nil, n, &r.C[0], len(r.C)/4, &k)
		return n
	}
	return 0
}

// Root8CubicRamp sets dst[i] = b·(p(z) + max(z − XMax, 0)) for i < the returned length: the
// table continued above XMax with slope 1 (a quench integral beyond full order).
func Root8CubicRamp(dst, x []float32, r *Root8Grid, b float64) int {
	n := vectorLen(len(dst))
	if n > 0 && len(r.C) >= 4 {
		k := r.params(b, 0)
		root8RampAVX2(&dst[0], &x[:n][0], nil, n, &r.C[0], len(r.C)/4, &k)
		return n
	}
	return 0
}

// Root8CubicTimes sets dst[i] = g[i]·b·p(z) for i < the returned length.
func Root8CubicTimes(dst, x, g []float32, r *Root8Grid, b float64) int {
	n := vectorLen(len(dst))
	if n > 0 && len(r.C) >= 4 {
		k := r.params(b, 0)
		root8TimesAVX2(&dst[0], &x[:n][0], &g[:n][0], n, &r.C[0], len(r.C)/4, &k)
		return n
	}
	return 0
}

// Root8SlopeTimes sets, for i < the returned length, with z = A·x[i] and s = z^(1/8),
//
//	dst[i] = g[i]·min(b·p(z)·s/z, capv)   for 0 < z < XMax,   0 otherwise (NaN for NaN),
//
// the derivative dF/dx = A·G(s)·s/(8z) of a table F(z) whose C holds G = dF/ds, for b = A/8.
func Root8SlopeTimes(dst, x, g []float32, r *Root8Grid, b, capv float64) int {
	n := vectorLen(len(dst))
	if n > 0 && len(r.C) >= 4 {
		k := r.params(b, capv)
		root8SlopeAVX2(&dst[0], &x[:n][0], &g[:n][0], n, &r.C[0], len(r.C)/4, &k)
		return n
	}
	return 0
}

// LogGrid is a cubic table on a grid uniform in log|x| (physics.MeanFieldCells): for
// xc = min(x, XHi), b the float64 bits of |xc| and side = 0 for xc > 0, 1 for xc < 0, the cell
// is j = (b >> 45) − K0[side]; if 0 ≤ j < Cells[side] the table's value is the cubic of row
// r = j (side 0) or Cells[0] + j (side 1) of C at u = (|xc| − the start of the cell)·2^(7 − E),
// E the unbiased exponent of xc, and 0 otherwise. C holds the rows of side 0, then those of
// side 1, 4 coefficients a row.
type LogGrid struct {
	C     []float64
	K0    [2]int
	Cells [2]int
	XHi   float64
}

// logK returns the constants of the log-grid loops, one 32-byte row each (the order of
// asm/tables.go's logTable), and false when the grid cannot be used.
func (l *LogGrid) logK(sc, e, capv float64) ([10][4]uint64, bool) {
	rows := l.Cells[0] + l.Cells[1]
	if rows < 1 || len(l.C) < 4*rows || l.Cells[0] < 0 || l.Cells[1] < 0 {
		return [10][4]uint64{}, false
	}
	var k [10][4]uint64
	f := math.Float64bits
	for i, v := range [...]uint64{f(l.XHi), f(sc), f(e), f(capv)} {
		k[i] = [4]uint64{v, v, v, v}
	}
	pair := func(a, b int) [4]uint64 { return [4]uint64{uint64(a), uint64(b), uint64(a), uint64(b)} }
	k[4], k[5], k[6] = pair(l.K0[0], l.K0[1]), pair(l.Cells[0], l.Cells[1]), pair(0, l.Cells[0])
	k[7] = [4]uint64{1<<63 - 1, 1<<63 - 1, 1<<63 - 1, 1<<63 - 1}
	cm := ^uint64(1<<45 - 1)
	k[8] = [4]uint64{cm, cm, cm, cm}
	k[9] = [4]uint64{2054, 2054, 2054, 2054}
	return k, true
}

// LogCubic sets dst[i] = min(sc·p + e·(x[i] − xc), capv) for i < the returned length, p the
// table's value at xc = min(x[i], XHi): an end value continued linearly with slope e above XHi.
// NaN gives NaN.
func LogCubic(dst, x []float32, l *LogGrid, sc, e, capv float64) int {
	n := vectorLen(len(dst))
	k, ok := l.logK(sc, e, capv)
	if n > 0 && ok {
		logCubicAVX2(&dst[0], &x[:n][0], nil, n, &l.C[0], &k)
		return n
	}
	return 0
}

// LogCubicTimes sets dst[i] = g[i]·(the value of LogCubic) for i < the returned length.
func LogCubicTimes(dst, x, g []float32, l *LogGrid, sc, e, capv float64) int {
	n := vectorLen(len(dst))
	k, ok := l.logK(sc, e, capv)
	if n > 0 && ok {
		logCubicTimesAVX2(&dst[0], &x[:n][0], &g[:n][0], n, &l.C[0], &k)
		return n
	}
	return 0
}
