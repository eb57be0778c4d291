package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestBLASInUse checks that BLASName tells the truth: Gorgonia and tensor both use the BLAS
// the build tag selects (internal/gemm over gonum by default, netlib's OpenBLAS with -tags
// openblas).
func TestBLASInUse(t *testing.T) {
	name := BLASName()
	t.Logf("BLAS: %s (own threads: %d)", name, BLASThreads())
	want := "*gemm.Implementation"
	if strings.HasPrefix(name, "OpenBLAS") {
		want = "netlib.Implementation"
	}
	for _, c := range []struct {
		pkg string
		got any
	}{
		{"gorgonia", gorgonia.WhichBLAS()},
		{"tensor", tensor.WhichBLAS()},
	} {
		if got := fmt.Sprintf("%T", c.got); got != want {
			t.Errorf("BLASName() = %q but %s uses %s, want %s", name, c.pkg, got, want)
		}
	}
}

func TestSetBLASThreads(t *testing.T) {
	for _, n := range []int{0, -1} {
		if err := SetBLASThreads(n); err == nil || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("SetBLASThreads(%d) = %v, want an nn: error", n, err)
		}
	}
	before := BLASThreads()
	if err := SetBLASThreads(1); err != nil {
		t.Fatalf("SetBLASThreads(1) = %v", err)
	}
	if got := BLASThreads(); got != 1 {
		t.Errorf("after SetBLASThreads(1), BLASThreads() = %d, want 1", got)
	}
	if before > 0 {
		if err := SetBLASThreads(before); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBLASMatMul checks a float32 and a float64 product through a Gorgonia graph (the path
// every dense layer takes: gorgonia.Mul → tensor.MatMul → the BLAS's Sgemm/Dgemm), including
// a transposed operand, against a float64 triple loop. Reference: the definition
// C_ij = Σ_k A_ik B_kj; tolerance: k·ε of the type times the largest |A||B| row sum.
func TestBLASMatMul(t *testing.T) {
	const m, k, n = 37, 53, 29
	rng := rand.New(rand.NewPCG(5, 6))
	a, b := make([]float64, m*k), make([]float64, k*n)
	for i := range a {
		a[i] = rng.NormFloat64()
	}
	for i := range b {
		b[i] = rng.NormFloat64()
	}
	want := make([]float64, m*n)
	bound := 0.0
	for i := range m {
		for j := range n {
			s, abs := 0.0, 0.0
			for l := range k {
				s += a[i*k+l] * b[l*n+j]
				abs += math.Abs(a[i*k+l] * b[l*n+j])
			}
			want[i*n+j], bound = s, max(bound, abs)
		}
	}
	// bT is B stored transposed (n×k), to exercise the transposed-operand path of Gemm.
	bT := make([]float64, n*k)
	for l := range k {
		for j := range n {
			bT[j*k+l] = b[l*n+j]
		}
	}
	for _, c := range []struct {
		dt  tensor.Dtype
		eps float64
	}{
		{tensor.Float32, 0x1p-23},
		{tensor.Float64, 0x1p-52},
	} {
		for _, transposed := range []bool{false, true} {
			g := gorgonia.NewGraph()
			an := gorgonia.NewMatrix(g, c.dt, gorgonia.WithShape(m, k), gorgonia.WithName("a"),
				gorgonia.WithValue(dense(c.dt, []int{m, k}, a)))
			var bn *gorgonia.Node
			if transposed {
				bt := gorgonia.NewMatrix(g, c.dt, gorgonia.WithShape(n, k), gorgonia.WithName("bT"),
					gorgonia.WithValue(dense(c.dt, []int{n, k}, bT)))
				bn = gorgonia.Must(gorgonia.Transpose(bt))
			} else {
				bn = gorgonia.NewMatrix(g, c.dt, gorgonia.WithShape(k, n), gorgonia.WithName("b"),
					gorgonia.WithValue(dense(c.dt, []int{k, n}, b)))
			}
			prod, err := gorgonia.Mul(an, bn)
			if err != nil {
				t.Fatal(err)
			}
			var out gorgonia.Value
			gorgonia.Read(prod, &out)
			vm := gorgonia.NewTapeMachine(g)
			if err := vm.RunAll(); err != nil {
				t.Fatal(err)
			}
			vm.Close()
			got := toFloat64(out.Data())
			tol := float64(k) * c.eps * bound
			for i := range want {
				if d := math.Abs(got[i] - want[i]); !(d <= tol) {
					t.Fatalf("%s (%v, transposed %v): C[%d] = %g, want %g (|diff| %g > tol %g)",
						BLASName(), c.dt, transposed, i, got[i], want[i], d, tol)
				}
			}
		}
	}
}

func dense(dt tensor.Dtype, shape []int, x []float64) *tensor.Dense {
	if dt == tensor.Float32 {
		f := make([]float32, len(x))
		for i, v := range x {
			f[i] = float32(v)
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(f))
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), x...)))
}

func toFloat64(data any) []float64 {
	switch d := data.(type) {
	case []float32:
		out := make([]float64, len(d))
		for i, v := range d {
			out[i] = float64(v)
		}
		return out
	case []float64:
		return d
	}
	return nil
}
