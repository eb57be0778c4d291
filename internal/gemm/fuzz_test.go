package gemm

import (
	"testing"

	"github.com/isingact/isingact/internal/rng"
	"gonum.org/v1/gonum/blas"
)

// fuzzCall maps fuzzer input onto a call: dimensions 1 … 300 (m, n, k mod 300, plus k = 0
// when k is a multiple of 301), both transposes from bit 0 and 1 of flags, padding of the
// leading dimensions from bits 2–3, alpha and beta from bits 4–7, operands from seed.
func fuzzCall(m, n, k uint16, flags uint8, seed uint64) call {
	tr := func(bit uint8) blas.Transpose {
		if flags&bit != 0 {
			return blas.Trans
		}
		return blas.NoTrans
	}
	kk := int(k%300) + 1
	if k%301 == 0 {
		kk = 0
	}
	pad := int(flags>>2) & 3
	alpha, beta := scalars[(flags>>4)&3], scalars[(flags>>6)&3]
	r := rng.New(seed, "gemm-fuzz")
	return newCall(r, tr(1), tr(2), int(m%300)+1, int(n%300)+1, kk, pad, alpha, beta)
}

// FuzzGemm compares Sgemm and Dgemm with gonum over the shape space. `go test` runs the seed
// corpus; explore with
//
//	go test -run '^$' -fuzz FuzzGemm -fuzztime 60s ./internal/gemm/
func FuzzGemm(f *testing.F) {
	for _, s := range []struct {
		m, n, k uint16
		flags   uint8
	}{
		{127, 127, 783, 0x10}, {783, 127, 127, 0x11}, {127, 9, 127, 0x10}, {127, 127, 9, 0x12},
		{0, 0, 0, 0xff}, {5, 16, 300, 0x5a}, {299, 299, 299, 0x33}, {6, 7, 301, 0xc3},
	} {
		f.Add(s.m, s.n, s.k, s.flags, uint64(s.m)+7)
	}
	ims := implementations()
	f.Fuzz(func(t *testing.T, m, n, k uint16, flags uint8, seed uint64) {
		c := fuzzCall(m, n, k, flags, seed)
		for _, im := range ims {
			checkCall(t, im, c)
		}
	})
}
