package activations

import (
	"fmt"
	"math"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// shippedSettings lists, besides the defaults, the parameter settings the tests exercise for
// each activation; testedSpecs adds the default of every registered name, so a new
// registry line is covered without editing this list.
var shippedSettings = []string{
	"elu:alpha=0.5", "elu:alpha=2",
	"tanh-fit:a=2,theta=0.5", "tanh-fit:a=20,theta=-0.3",
	"quench-tanh:a=6,c=-1", "quench-tanh:a=0.5,c=0.25",
	"quench-sigmoid:c=-0.5",
	"mf-magnetization:h=0.1", "mf-magnetization:h=-0.3,maxslope=100",
	"quench-mf:h=0.1", "quench-mf:h=-0.5",
	"onsager-magnetization:maxslope=100", "onsager-magnetization:maxslope=100,units=j",
	"quench-onsager:units=j",
	"population:of=onsager-magnetization,sigma=0.2",
	"population:of=relu,sigma=0.5",
	"population:of=quench-tanh:a=2;c=-1,sigma=0.3",
	"population:of=mf-magnetization:h=0.05,sigma=0.2",
	"population:of=tanh-fit,sigma=2",
}

func testedSpecs(t testing.TB) []Activation {
	var acts []Activation
	for _, s := range append(Names(), shippedSettings...) {
		a, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		acts = append(acts, a)
	}
	return acts
}

// gradPoints lie on both sides of the threshold x = 0, away from the kinks (x = 0, and the
// ends of the ordered range x = 1, and x = Tc ≈ 2.269 for the 2D Ising forms with units=j) and outside
// the clipped range of the magnetizations (dm/dx < 10 there).
var gradPoints = []float64{-2.3, -0.7, -0.15, 0.2, 0.55, 1.3, 2.9}

// runGraph builds x → Apply(a) → Sum → Grad for a vector of points of type dt, runs it on a
// TapeMachine and returns the activation values and the gradient of the sum, as float64.
func runGraph(t *testing.T, a Activation, dt tensor.Dtype, xs []float64) (y, grad []float64) {
	t.Helper()
	g := gorgonia.NewGraph()
	x := gorgonia.NewVector(g, dt, gorgonia.WithShape(len(xs)), gorgonia.WithName("x"))
	out, err := Apply(a, x)
	if err != nil {
		t.Fatalf("%s: Apply: %v", a, err)
	}
	cost, err := gorgonia.Sum(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gorgonia.Grad(cost, x); err != nil {
		t.Fatalf("%s: Grad: %v", a, err)
	}
	var yv gorgonia.Value
	gorgonia.Read(out, &yv)
	if err := gorgonia.Let(x, denseOf(dt, xs)); err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatalf("%s %v: RunAll: %v", a, dt, err)
	}
	gv, err := x.Grad()
	if err != nil {
		t.Fatalf("%s: x.Grad: %v", a, err)
	}
	return floats(t, yv), floats(t, gv)
}

func denseOf(dt tensor.Dtype, xs []float64) *tensor.Dense {
	if dt == tensor.Float32 {
		d := make([]float32, len(xs))
		for i, v := range xs {
			d[i] = float32(v)
		}
		return tensor.New(tensor.WithShape(len(xs)), tensor.WithBacking(d))
	}
	return tensor.New(tensor.WithShape(len(xs)), tensor.WithBacking(append([]float64(nil), xs...)))
}

func floats(t *testing.T, v gorgonia.Value) []float64 {
	t.Helper()
	switch d := v.Data().(type) {
	case []float64:
		return append([]float64(nil), d...)
	case []float32:
		out := make([]float64, len(d))
		for i, f := range d {
			out[i] = float64(f)
		}
		return out
	}
	t.Fatalf("value of type %T", v.Data())
	return nil
}

// TestGradientThroughGorgonia checks every registered activation (defaults and the shipped
// settings) through a real graph, Apply → Sum → Grad → TapeMachine:
//   - float64: the values equal F; the gradient equals central finite differences of the graph's
//     own output (x ± 1e-6) and DF.
//   - float32: values and gradient equal F and DF at the float32 points to float32 precision.
func TestGradientThroughGorgonia(t *testing.T) {
	const h = 1e-6
	for _, a := range testedSpecs(t) {
		t.Run(a.String(), func(t *testing.T) {
			y, grad := runGraph(t, a, tensor.Float64, gradPoints)
			plus, minus := make([]float64, len(gradPoints)), make([]float64, len(gradPoints))
			for i, x := range gradPoints {
				plus[i], minus[i] = x+h, x-h
			}
			yp, _ := runGraph(t, a, tensor.Float64, plus)
			ym, _ := runGraph(t, a, tensor.Float64, minus)
			for i, x := range gradPoints {
				if f := a.F(x); math.Abs(y[i]-f) > 1e-12*(1+math.Abs(f)) {
					t.Errorf("float64 graph value at %v = %.17g, F = %.17g", x, y[i], f)
				}
				fd := (yp[i] - ym[i]) / (2 * h)
				if math.Abs(grad[i]-fd) > 1e-6*(1+math.Abs(fd)) {
					t.Errorf("float64 gradient at %v = %.12g, finite difference %.12g", x, grad[i], fd)
				}
				if df := a.DF(x); math.Abs(grad[i]-df) > 1e-12*(1+math.Abs(df)) {
					t.Errorf("float64 gradient at %v = %.17g, DF = %.17g", x, grad[i], df)
				}
			}
			y32, grad32 := runGraph(t, a, tensor.Float32, gradPoints)
			for i, x := range gradPoints {
				x32 := float64(float32(x))
				if f := a.F(x32); math.Abs(y32[i]-f) > 1e-6*(1+math.Abs(f)) {
					t.Errorf("float32 graph value at %v = %.9g, F = %.9g", x, y32[i], f)
				}
				if df := a.DF(x32); math.Abs(grad32[i]-df) > 1e-5*(1+math.Abs(df)) {
					t.Errorf("float32 gradient at %v = %.9g, DF = %.9g", x, grad32[i], df)
				}
			}
		})
	}
}

// TestDFMatchesFiniteDifferences checks DF against central differences of F on a dense sweep
// of [−4, 4], skipping a small neighbourhood of the kinks (x = 0; x = 1, and x = Tc for the
// 2D Ising forms with units=j, where the magnetizations reach 1; θ for tanh-fit) and, for the clipped magnetizations, checking
// DF = min(finite difference, maxslope).
func TestDFMatchesFiniteDifferences(t *testing.T) {
	const h = 1e-6
	for _, a := range testedSpecs(t) {
		kinks := append(kinksOf(a), 1, 2.269185314213022)
		maxSlope := math.Inf(1)
		switch c := a.(type) {
		case MFMagnetization:
			maxSlope = c.MaxSlope
		case OnsagerMagnetization:
			maxSlope = c.MaxSlope
		}
		worst := 0.0
	points:
		for i := 0; i <= 800; i++ {
			x := -4 + float64(i)*0.01 + 0.00123
			for _, k := range kinks {
				if math.Abs(x-k) < 0.02 {
					continue points
				}
			}
			fd := (a.F(x+h) - a.F(x-h)) / (2 * h)
			want := math.Min(fd, maxSlope)
			err := math.Abs(a.DF(x)-want) / (1 + math.Abs(want))
			worst = max(worst, err)
			if err > 2e-6 {
				t.Errorf("%s: DF(%v) = %.12g, finite difference of F %.12g", a, x, a.DF(x), fd)
				break
			}
		}
		t.Logf("%-52s worst |DF − FD|/(1 + |FD|) = %.2g", a, worst)
	}
}

// TestKernel32 checks the float32 fast paths against F and DF (the documented 1e-8 relative
// plus 1e-9·(1 + |x|) absolute, before rounding to float32 adds its half ulp) on a dense sweep.
func TestKernel32(t *testing.T) {
	for _, a := range testedSpecs(t) {
		k, ok := a.(kernel32)
		if !ok {
			continue
		}
		var xs []float32
		for i := -6000; i <= 6000; i++ {
			xs = append(xs, float32(i)/500)
		}
		xs = append(xs, -90, -30, 30, 90)
		y, d, ones := make([]float32, len(xs)), make([]float32, len(xs)), make([]float32, len(xs))
		for i := range ones {
			ones[i] = 1
		}
		k.forward32(y, xs)
		k.backward32(d, xs, ones)
		for i, x32 := range xs {
			x := float64(x32)
			f, df := a.F(x), a.DF(x)
			tolF := 1e-8*math.Abs(f) + 1e-9*(1+math.Abs(x)) + 0x1p-24*math.Abs(f)
			tolDF := 1e-8*math.Abs(df) + 1e-9*(1+math.Abs(x)) + 0x1p-24*math.Abs(df)
			if math.Abs(float64(y[i])-f) > tolF || math.Abs(float64(d[i])-df) > tolDF {
				t.Errorf("%s at %v: fast (%.9g, %.9g), exact (%.9g, %.9g)", a, x, y[i], d[i], f, df)
				break
			}
		}
	}
}

// TestApplyShapes runs the generic op on a scalar, a 3-d tensor and a strided view, and checks
// that two activations of one kind with different parameters are separate nodes.
func TestApplyShapes(t *testing.T) {
	a, err := Parse("quench-tanh:a=2,c=-0.5")
	if err != nil {
		t.Fatal(err)
	}
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
		g := gorgonia.NewGraph()
		s := gorgonia.NewScalar(g, dt, gorgonia.WithName("s"))
		ys, err := Apply(a, s)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := gorgonia.Grad(ys, s)
		if err != nil {
			t.Fatal(err)
		}
		x3 := gorgonia.NewTensor(g, dt, 3, gorgonia.WithShape(2, 3, 4), gorgonia.WithName("x3"))
		y3, err := Apply(a, x3)
		if err != nil {
			t.Fatal(err)
		}
		if !y3.Shape().Eq(tensor.Shape{2, 3, 4}) {
			t.Errorf("%v: shape %v, want (2, 3, 4)", dt, y3.Shape())
		}
		// A transposed (strided) view as input.
		xt, err := gorgonia.Transpose(gorgonia.Must(gorgonia.Reshape(x3, tensor.Shape{6, 4})))
		if err != nil {
			t.Fatal(err)
		}
		yt, err := Apply(a, xt)
		if err != nil {
			t.Fatal(err)
		}
		other, err := Apply(QuenchTanh{A: 3, C: -0.5}, x3)
		if err != nil {
			t.Fatal(err)
		}
		if other == y3 {
			t.Fatalf("quench-tanh a=2 and a=3 share a node")
		}
		var sv, gv, y3v, ytv, ov gorgonia.Value
		gorgonia.Read(ys, &sv)
		gorgonia.Read(cs[0], &gv)
		gorgonia.Read(y3, &y3v)
		gorgonia.Read(yt, &ytv)
		gorgonia.Read(other, &ov)
		xs := make([]float64, 24)
		for i := range xs {
			xs[i] = float64(i)/8 - 1.4
		}
		x3v := denseOf(dt, xs)
		if err := x3v.Reshape(2, 3, 4); err != nil {
			t.Fatal(err)
		}
		var sIn gorgonia.Value = gorgonia.NewF64(0.7)
		if dt == tensor.Float32 {
			sIn = gorgonia.NewF32(0.7)
		}
		gorgonia.Let(s, sIn)
		gorgonia.Let(x3, x3v)
		m := gorgonia.NewTapeMachine(g)
		if err := m.RunAll(); err != nil {
			t.Fatalf("%v: %v", dt, err)
		}
		m.Close()
		tol := 1e-12
		if dt == tensor.Float32 {
			tol = 1e-6
		}
		s0 := float64(float32(0.7))
		if dt == tensor.Float64 {
			s0 = 0.7
		}
		check := func(what string, got, want float64) {
			if math.Abs(got-want) > tol*(1+math.Abs(want)) {
				t.Errorf("%v %s = %.12g, want %.12g", dt, what, got, want)
			}
		}
		check("scalar F", scalarOf(sv), a.F(s0))
		check("scalar grad", scalarOf(gv), a.DF(s0))
		y3f, ytf, of := floats(t, y3v), floats(t, ytv), floats(t, ov)
		for i, x := range xs {
			if dt == tensor.Float32 {
				x = float64(float32(x))
			}
			check(fmt.Sprintf("3-d F[%d]", i), y3f[i], a.F(x))
			check(fmt.Sprintf("other F[%d]", i), of[i], QuenchTanh{A: 3, C: -0.5}.F(x))
			// yt is the transpose of the 6×4 reshape: yt[j][r] = y[r][j].
			r, c := i/4, i%4
			check(fmt.Sprintf("view F[%d]", i), ytf[c*6+r], a.F(x))
		}
	}
}

func scalarOf(v gorgonia.Value) float64 {
	switch d := v.Data().(type) {
	case float64:
		return d
	case float32:
		return float64(d)
	}
	return math.NaN()
}

// TestOpErrors checks that the generic op reports bad inputs as errors, not panics, and
// allocates a fresh output when the preallocated one does not fit.
func TestOpErrors(t *testing.T) {
	op := newElemOp(Swish{})
	ints := tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 2}))
	if _, err := op.Do(ints); err == nil {
		t.Error("Do on an int tensor: no error")
	}
	if _, err := op.Do(); err == nil {
		t.Error("Do without input: no error")
	}
	x := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{-1, 0, 1}))
	wrong := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{9, 9}))
	out, err := op.UsePreallocDo(wrong, x)
	if err != nil {
		t.Fatal(err)
	}
	if out == wrong || !out.Shape().Eq(tensor.Shape{3}) {
		t.Errorf("UsePreallocDo with a mis-shaped prealloc returned %v", out)
	}
	right := tensor.New(tensor.WithShape(3), tensor.Of(tensor.Float64))
	if out, _ := op.UsePreallocDo(right, x); out != right {
		t.Error("UsePreallocDo did not write into a fitting prealloc")
	}
	d := elemDiffOp(op)
	g32 := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float32{1, 1, 1}))
	if _, err := d.Do(x, g32); err == nil {
		t.Error("diff op with float64 x and float32 grad: no error")
	}
	if _, err := Apply(nil, nil); err == nil {
		t.Error("Apply(nil, nil): no error")
	}
}
