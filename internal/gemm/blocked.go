package gemm

// maxRows bounds the row count mr of a kernel family's largest register block (6 for AVX2,
// 12 for AVX-512); kernels for 1 … mr rows cover the bottom edge of C without copying A.
const maxRows = 12

// Cache blocking. kcMax bounds the k-slice so that a B panel (kc × nr elements, 64 bytes a
// row) stays in a 32–48 KiB L1 data cache while the kernel sweeps the rows of A: 384 rows
// are 24 KiB. mcMax bounds the rows of A swept per B panel so that A's slice (mc × kc)
// stays in L2: 240·384·4 bytes = 360 KiB (720 KiB for float64). ncMax bounds the packed
// slice of B (kc × nc): 384·1024·4 bytes = 1.5 MiB.
const (
	kcMax = 384
	mcMax = 240 // a multiple of both kernel families' mr (6, 12)
	ncMax = 1024
)

// packRows is the number of register blocks down C from which a B panel is packed even when
// it could be read in place (row-major B, a full nr columns): a packed panel is contiguous,
// while one read in place strides through memory by B's leading dimension, and with a
// power-of-two stride (512 bytes for n = 128) its rows fall in a few L1 sets and evict each
// other. Packing costs a pass over the panel, repaid when the panel is reused by many blocks:
// measured on the step's shapes, packing gains about 5–10 % for ∂W₁ (784 rows) and loses
// about 10 % for the 128-row forward product with the AVX-512 kernels.
const packRows = 32

// kernelFunc is one register-block kernel: with A(i, p) = a[i·rsa + p·csa] and
// B(p, j) = b[p·rsb + j] it sets, for i < mr and j < nr,
//
//	C(i, j) = alpha·Σ_{p<k} A(i, p)·B(p, j) (+ C(i, j) unless overwrite),  C(i, j) = c[i·ldc + j].
type kernelFunc[T float32 | float64] func(k int, a *T, rsa, csa int, b *T, rsb int, c *T, ldc int, alpha T, overwrite bool)

// kernels is one element type's family of register-block kernels: rows[i-1] has i rows
// (i ≤ mr), all have nr columns.
type kernels[T float32 | float64] struct {
	mr, nr int
	rows   [maxRows]kernelFunc[T]
}

// product is C = alpha·A·B (+ C unless overwrite) on strided views: A(i, p) = a[i·rsa + p·csa],
// B(p, j) = b[p·rsb + j·csb], C(i, j) = c[i·ldc + j], for i < m, j < n, p < k. The views absorb
// the transposes: a row-major A has (rsa, csa) = (lda, 1), a transposed one (1, lda).
type product[T float32 | float64] struct {
	m, n, k   int
	a         []T
	rsa, csa  int
	b         []T
	rsb, csb  int
	c         []T
	ldc       int
	alpha     T
	overwrite bool // C's old values are dropped (beta = 0)
}

// workspace holds one goroutine's packed B slice and edge tile, reused between calls.
type workspace[T float32 | float64] struct {
	b    []T
	tile [maxRows * 16]T
}

// sliceLen returns the k-slice length: the fewest slices of at most kcMax, of equal length,
// so that no slice is a short remainder (784 = 3 × 262 rather than 2 × 384 + 16).
func sliceLen(k int) int {
	n := (k + kcMax - 1) / kcMax
	return (k + n - 1) / n
}

// run computes the product serially, one block of columns (nc) and one k-slice at a time.
func (ks *kernels[T]) run(p product[T], w *workspace[T]) {
	kc := sliceLen(p.k)
	for jc := 0; jc < p.n; jc += ncMax {
		nc := min(ncMax, p.n-jc)
		for pc := 0; pc < p.k; pc += kc {
			q := p
			q.n, q.k = nc, min(kc, p.k-pc)
			q.a = p.a[pc*p.csa:]
			q.b = p.b[pc*p.rsb+jc*p.csb:]
			q.c = p.c[jc:]
			q.overwrite = p.overwrite && pc == 0
			ks.slice(q, w)
		}
	}
}

// slice computes one k-slice of the product (k ≤ kcMax, n ≤ ncMax): B's panels that are not
// read in place are packed first, then each panel is swept down the rows of A, mcMax rows at
// a time.
func (ks *kernels[T]) slice(p product[T], w *workspace[T]) {
	nr := ks.nr
	panels := (p.n + nr - 1) / nr
	if need := panels * p.k * nr; len(w.b) < need {
		w.b = make([]T, need)
	}
	inPlace := func(j0 int) bool { return p.csb == 1 && p.n-j0 >= nr && p.m < packRows*ks.mr }
	for q := range panels {
		if j0 := q * nr; !inPlace(j0) {
			packPanel(w.b[q*p.k*nr:(q+1)*p.k*nr], p.b[j0*p.csb:], p.rsb, p.csb, p.k, min(nr, p.n-j0), nr)
		}
	}
	for ic := 0; ic < p.m; ic += mcMax {
		mc := min(mcMax, p.m-ic)
		for q := range panels {
			j0 := q * nr
			b, rsb := w.b[q*p.k*nr:], nr
			if inPlace(j0) {
				b, rsb = p.b[j0:], p.rsb
			}
			ks.panel(p, ic, mc, j0, b, rsb, w)
		}
	}
}

// panel sweeps one B panel (columns j0 … j0+nr, in b with row stride rsb) down rows
// ic … ic+mc of A, ks.mr rows per kernel call and fewer at the bottom edge.
func (ks *kernels[T]) panel(p product[T], ic, mc, j0 int, b []T, rsb int, w *workspace[T]) {
	nr := ks.nr
	cols := min(nr, p.n-j0)
	for i := ic; i < ic+mc; i += ks.mr {
		mr := min(ks.mr, ic+mc-i)
		a := &p.a[i*p.rsa]
		if cols == nr {
			ks.rows[mr-1](p.k, a, p.rsa, p.csa, &b[0], rsb, &p.c[i*p.ldc+j0], p.ldc, p.alpha, p.overwrite)
			continue
		}
		// Right edge: the kernel writes a full-width tile, of which cols columns go to C.
		ks.rows[mr-1](p.k, a, p.rsa, p.csa, &b[0], rsb, &w.tile[0], nr, p.alpha, true)
		for r := range mr {
			c := p.c[(i+r)*p.ldc+j0 : (i+r)*p.ldc+j0+cols]
			t := w.tile[r*nr : r*nr+cols]
			if p.overwrite {
				copy(c, t)
				continue
			}
			for j, v := range t {
				c[j] += v
			}
		}
	}
}

// packRows64 copies k rows of 64 bytes (16 float32 or 8 float64; B(p, ·) = b[p·rsb:]) into
// dst, one fixed-size array copy a row, which compiles to a few vector moves where the copy
// builtin would call memmove. It reports false for other row widths.
func packRows64[T float32 | float64](dst, b []T, rsb, k, nr int) bool {
	switch d := any(dst).(type) {
	case []float32:
		if nr != 16 {
			return false
		}
		s := any(b).([]float32)
		for p := range k {
			*(*[16]float32)(d[p*16:]) = *(*[16]float32)(s[p*rsb:])
		}
	case []float64:
		if nr != 8 {
			return false
		}
		s := any(b).([]float64)
		for p := range k {
			*(*[8]float64)(d[p*8:]) = *(*[8]float64)(s[p*rsb:])
		}
	}
	return true
}

// packPanel copies the k × cols block B(p, j) = b[p·rsb + j·csb] into dst as k rows of nr
// contiguous elements, zero beyond cols.
func packPanel[T float32 | float64](dst, b []T, rsb, csb, k, cols, nr int) {
	if csb == 1 && cols == nr && packRows64(dst, b, rsb, k, nr) {
		return
	}
	if csb == 1 {
		for p := range k {
			row := dst[p*nr : p*nr+nr]
			copy(row, b[p*rsb:p*rsb+cols])
			clear(row[cols:])
		}
		return
	}
	if cols < nr {
		clear(dst[:k*nr])
	}
	for j := range cols {
		for p, v := range b[j*csb : j*csb+k] { // B transposed: rsb = 1
			dst[p*nr+j] = v
		}
	}
}
