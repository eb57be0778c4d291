package physics

import "math"

// Read-only views of the interpolation cells of MeanFieldTable and OnsagerTable, for callers
// that evaluate many points at once with their own (vectorised) loops. The values are copies:
// the tables stay immutable. A caller that follows the layout documented here reproduces the
// methods' results up to the rounding of its own arithmetic (fused multiply-adds, say); the
// points the layout leaves out (the cores, the far fields, NaN) are for the methods.

// MeanFieldCells is the layout of a MeanFieldTable. Side 0 holds x > 0, side 1 x < 0 (the
// index is the sign bit of x). For a finite x with |x| ≥ XMin and x > −XFar, and b the float64
// bits of |x|,
//
//	key  = b >> 45 (the exponent and the top 7 mantissa bits),
//	cell = key − K0[side];  if 0 ≤ cell < len(M[side])/4 the point is tabulated, with
//	u    = (|x| − Float64frombits(b &^ (1<<45 − 1))) · 2^(7 − E),   E = (b >> 52) − 1023,
//	M(x) = Sign·(c₀ + u(c₁ + u(c₂ + u·c₃))),   (c₀, c₁, c₂, c₃) = M[side][4cell : 4cell+4],
//
// and the same with D and S for DMagnetization and SpikeCount. Untabulated points with
// |x| ≥ XMin, x < 1 and x > −XFar have M = D = S = 0 (x < 0 for h = 0). For x ≥ 1,
// M = Sign, D = 0 and S = Sign·(S1 + (x − 1)); the last cell of side 0 ends at x = 1.
type MeanFieldCells struct {
	Sign    float64      // the sign of h (1 for h = 0)
	XMin    float64      // the core radius: |x| < XMin is not tabulated
	XFar    float64      // x ≤ −XFar is not tabulated (+Inf for h = 0, where M = 0 there)
	S1      float64      // S(1) before the sign
	K0      [2]int       // the key of each side's first cell
	M, D, S [2][]float64 // per side, 4 coefficients a cell
}

// Cells returns a copy of the table's layout.
func (t *MeanFieldTable) Cells() MeanFieldCells {
	c := MeanFieldCells{Sign: t.sign, XMin: t.xMin, XFar: t.xFar, S1: t.s1}
	if t.ah == 0 {
		c.XFar = math.Inf(1)
	}
	for i, sd := range t.sides {
		c.K0[i] = sd.k0
		c.M[i], c.D[i], c.S[i] = flatCells(sd.m), flatCells(sd.d), flatCells(sd.s)
	}
	return c
}

func flatCells(cells [][4]float64) []float64 {
	out := make([]float64, 0, 4*len(cells))
	for _, c := range cells {
		out = append(out, c[:]...)
	}
	return out
}

// OnsagerCells is the layout of an OnsagerTable. For 0 < x < OnsagerTc, with s = x^(1/8)
// (three square roots), cell = min(⌊s·InvH⌋, len(M)/4 − 1) and u = s·InvH − cell,
//
//	Magnetization(x)  = c₀ + u(c₁ + u(c₂ + u·c₃)),   (c₀, c₁, c₂, c₃) = M[4cell : 4cell+4],
//	SpikeCount(x)     = the same with S,
//	DMagnetization(x) = G(s)·s/(8x),  G(s) the same with G (G = dM/ds).
//
// At s = 0 the M and S cubics give 0, and at s = Tc^(1/8) they give M = 1 and S = SpikeTc to
// within the tables' error; outside (0, Tc) the methods' exact values apply (M = S = 0 for
// x ≤ 0; M = 1, S = SpikeTc + (x − Tc) for x ≥ Tc; DMagnetization = 0 outside (0, Tc)).
type OnsagerCells struct {
	InvH    float64 // 1/h, h the grid step in s
	SpikeTc float64 // S(Tc)
	M, G, S []float64
}

// Cells returns a copy of the table's layout.
func (t *OnsagerTable) Cells() OnsagerCells {
	return OnsagerCells{InvH: t.invH, SpikeTc: t.spikeC,
		M: append([]float64(nil), t.m...), G: append([]float64(nil), t.g...), S: append([]float64(nil), t.s...)}
}
