package activations

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// paramGraph is one run of x → ApplyLearned(l, x, θ…) → Σ w ⊙ y → Grad(x, θ…) on a
// TapeMachine: the cost, the gradient of x and of each θ_k, as float64.
type paramGraph struct {
	cost  float64
	y     []float64
	gx    []float64
	gpar  [][]float64
	shape [2]int
}

// paramWeight is the fixed upstream weight of element (b, j), so the gradient that reaches the
// op is not uniform.
func paramWeight(b, j int) float64 { return math.Cos(float64(3*b+7*j)) + 0.3 }

func runParamGraph(t *testing.T, l Learned, dt tensor.Dtype, xs [][]float64, theta [][]float64) paramGraph {
	t.Helper()
	rows, width := len(xs), len(xs[0])
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, dt, gorgonia.WithShape(rows, width), gorgonia.WithName("x"))
	var ths gorgonia.Nodes
	for k, v := range theta {
		ths = append(ths, gorgonia.NewVector(g, dt, gorgonia.WithShape(len(v)), gorgonia.WithName(l.Keys[k]), gorgonia.WithValue(denseOf(dt, v))))
	}
	y, err := ApplyLearned(l, x, ths...)
	if err != nil {
		t.Fatalf("%s: ApplyLearned: %v", l, err)
	}
	var flat, wf []float64
	for b, row := range xs {
		flat = append(flat, row...)
		for j := range row {
			wf = append(wf, paramWeight(b, j))
		}
	}
	wT := denseOf(dt, wf)
	wT.Reshape(rows, width)
	w := gorgonia.NewMatrix(g, dt, gorgonia.WithShape(rows, width), gorgonia.WithName("w"), gorgonia.WithValue(wT))
	cost := gorgonia.Must(gorgonia.Sum(gorgonia.Must(gorgonia.HadamardProd(y, w))))
	if _, err := gorgonia.Grad(cost, append(gorgonia.Nodes{x}, ths...)...); err != nil {
		t.Fatalf("%s: Grad: %v", l, err)
	}
	var cv, yv gorgonia.Value
	gorgonia.Read(cost, &cv)
	gorgonia.Read(y, &yv)
	xT := denseOf(dt, flat)
	xT.Reshape(rows, width)
	if err := gorgonia.Let(x, xT); err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatalf("%s %v: RunAll: %v", l, dt, err)
	}
	out := paramGraph{cost: scalarOf(cv), y: floats(t, yv), shape: [2]int{rows, width}}
	gx, err := x.Grad()
	if err != nil {
		t.Fatal(err)
	}
	out.gx = floats(t, gx)
	for _, n := range ths {
		gv, err := n.Grad()
		if err != nil {
			t.Fatalf("%s: grad of %s: %v", l, n.Name(), err)
		}
		out.gpar = append(out.gpar, floats(t, gv))
	}
	return out
}

// paramGradInputs are the points and parameter values of the graph checks: rows on both sides
// of the threshold (gradPoints, shifted slightly per unit) and, per unit, values spread
// around the initial ones.
func paramGradInputs(l Learned, width int) (xs, theta [][]float64) {
	for _, x := range gradPoints {
		row := make([]float64, width)
		for j := range row {
			row[j] = x + 0.03*float64(j)
		}
		xs = append(xs, row)
	}
	n := 1
	if l.Per == PerUnit {
		n = width
	}
	for k, v0 := range l.Initial() {
		v := make([]float64, n)
		for j := range v {
			v[j] = l.Project(k, v0+0.07*float64(j)*max(1, math.Abs(v0)))
		}
		theta = append(theta, v)
	}
	return xs, theta
}

// TestLearnedGradientThroughGorgonia is the finite-difference check of every learnable
// parameter through a real graph (x → ApplyLearned → Σ w⊙y → Grad → TapeMachine), per layer
// and per unit, float64 and float32, on both sides of the threshold:
//   - float64: each θ_k[j]'s gradient equals the central difference of the graph's own cost
//     (θ_k[j] ± 1e-6), and the x gradient equals g·DF;
//   - float32: each θ_k[j]'s gradient equals the central difference of the float32 graph's
//     cost (steps 1e-2 and 5e-3 combined by Richardson extrapolation, since a narrower step
//     drowns in float32 rounding) and the float64 sum Σ g·∂F/∂θ at the float32 inputs to
//     float32 precision.
//
// It logs the worst relative error per activation, parameter and dtype.
func TestLearnedGradientThroughGorgonia(t *testing.T) {
	const width = 3
	for _, base := range learnSpecs {
		for _, per := range []Per{PerLayer, PerUnit} {
			l := parseLearned(t, fmt.Sprintf("%s,per=%s", base, per))
			xs, theta := paramGradInputs(l, width)
			for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32} {
				worst := checkParamGraph(t, l, dt, xs, theta)
				for k, key := range l.Keys {
					t.Logf("%-62s %-7v %-5s worst rel. error: FD %.2g, exact %.2g", l, dt, key, worst[k][0], worst[k][1])
				}
			}
		}
	}
}

// checkParamGraph runs the checks of one activation and dtype and returns, per parameter, the
// worst relative error against finite differences and against the exact float64 sums.
func checkParamGraph(t *testing.T, l Learned, dt tensor.Dtype, xs, theta [][]float64) [][2]float64 {
	t.Helper()
	r := runParamGraph(t, l, dt, xs, theta)
	step, tolFD, tolExact := 1e-6, 1e-6, 1e-11
	if dt == tensor.Float32 {
		step, tolFD, tolExact = 1e-2, 1e-3, 3e-6
		xs, theta = roundTo32(xs), roundTo32(theta)
	}
	exact := exactParamGrads(t, l, xs, theta)
	worst := make([][2]float64, len(theta))
	for k := range theta {
		for j := range theta[k] {
			h := step * max(1, math.Abs(theta[k][j]))
			fd := paramFD(t, l, dt, xs, theta, k, j, h)
			if dt == tensor.Float32 { // Richardson: cancel the O(h²) truncation of the wide step
				fd = (4*paramFD(t, l, dt, xs, theta, k, j, h/2) - fd) / 3
			}
			got := r.gpar[k][j]
			eFD := math.Abs(got-fd) / (1 + math.Abs(fd))
			eEx := math.Abs(got-exact[k][j]) / (1 + math.Abs(exact[k][j]))
			worst[k] = [2]float64{max(worst[k][0], eFD), max(worst[k][1], eEx)}
			if eFD > tolFD || eEx > tolExact {
				t.Errorf("%s %v ∂/∂%s[%d] = %.10g, finite difference %.10g, exact %.10g", l, dt, l.Keys[k], j, got, fd, exact[k][j])
			}
		}
	}
	checkParamGraphX(t, l, dt, xs, theta, r, tolExact)
	return worst
}

// paramFD is the central difference of the graph's cost in θ_k[j] with step h.
func paramFD(t *testing.T, l Learned, dt tensor.Dtype, xs, theta [][]float64, k, j int, h float64) float64 {
	plus, minus := cloneRows(theta), cloneRows(theta)
	plus[k][j] += h
	minus[k][j] -= h
	return (runParamGraph(t, l, dt, xs, plus).cost - runParamGraph(t, l, dt, xs, minus).cost) / (2 * h)
}

// exactParamGrads returns Σ_rows w·∂F/∂θ_k from the Learnable partials, in float64.
func exactParamGrads(t *testing.T, l Learned, xs, theta [][]float64) [][]float64 {
	t.Helper()
	idx := l.Index()
	out := make([][]float64, len(theta))
	for k := range theta {
		out[k] = make([]float64, len(theta[k]))
	}
	d := make([]float64, len(l.Base.LearnableParams()))
	for b, row := range xs {
		for j, x := range row {
			ev := unitEval(t, l, theta, j)
			ev.Eval(x, d)
			for k := range theta {
				out[k][min(j, len(theta[k])-1)] += paramWeight(b, j) * d[idx[k]]
			}
		}
	}
	return out
}

func unitEval(t *testing.T, l Learned, theta [][]float64, j int) ParamEval {
	t.Helper()
	v := make([]float64, len(theta))
	for k := range theta {
		v[k] = theta[k][min(j, len(theta[k])-1)]
	}
	ev, err := l.At(v)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// checkParamGraphX checks the graph's values and x gradient against F and w·DF at θ.
func checkParamGraphX(t *testing.T, l Learned, dt tensor.Dtype, xs, theta [][]float64, r paramGraph, tol float64) {
	t.Helper()
	d := make([]float64, len(l.Base.LearnableParams()))
	for b, row := range xs {
		for j, x := range row {
			f, df := unitEval(t, l, theta, j).Eval(x, d)
			i := b*len(row) + j
			if math.Abs(r.y[i]-f) > tol*(1+math.Abs(f)) || math.Abs(r.gx[i]-paramWeight(b, j)*df) > tol*(1+math.Abs(df)) {
				t.Errorf("%s %v at (%d, %d): y = %.10g, ∂/∂x = %.10g; want %.10g, %.10g", l, dt, b, j, r.y[i], r.gx[i], f, paramWeight(b, j)*df)
			}
		}
	}
}

func roundTo32(v [][]float64) [][]float64 {
	out := cloneRows(v)
	for _, row := range out {
		for i, x := range row {
			row[i] = float64(float32(x))
		}
	}
	return out
}

func cloneRows(v [][]float64) [][]float64 {
	out := make([][]float64, len(v))
	for i, row := range v {
		out[i] = slices.Clone(row)
	}
	return out
}

// TestApplyLearnedErrors: wrong parameter nodes and out-of-range values are errors.
func TestApplyLearnedErrors(t *testing.T) {
	l := parseLearned(t, "quench-mf:h=0.1,learn=h,per=unit")
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithShape(2, 3), gorgonia.WithName("x"))
	bad := []struct {
		name  string
		theta gorgonia.Nodes
	}{
		{"no parameter", nil},
		{"wrong width", gorgonia.Nodes{gorgonia.NewVector(g, tensor.Float64, gorgonia.WithShape(2), gorgonia.WithName("h2"))}},
		{"wrong dtype", gorgonia.Nodes{gorgonia.NewVector(g, tensor.Float32, gorgonia.WithShape(3), gorgonia.WithName("h32"))}},
	}
	for _, c := range bad {
		if _, err := ApplyLearned(l, x, c.theta...); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	v := gorgonia.NewVector(g, tensor.Float64, gorgonia.WithShape(1), gorgonia.WithName("h"))
	if _, err := ApplyLearned(l, gorgonia.NewVector(g, tensor.Float64, gorgonia.WithShape(3), gorgonia.WithName("x1")), v); err == nil {
		t.Error("per unit on a vector: no error")
	}
	op := paramOp{l: l, spec: l.String(), dims: 2}
	xv := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{-1, 0, 1, 2, 3, 4}))
	hv := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{0.1, 7, 0.2}))
	if _, err := op.Do(xv, hv); err == nil || !strings.Contains(err.Error(), "outside its range") {
		t.Errorf("h = 7: %v", err)
	}
}

// TestParamCache: the gradient ops use the forward pass's derivatives only for the forward
// pass's own inputs; on other inputs (another x, another θ) they compute their own, and both
// ways agree bitwise with an op that has no cache.
func TestParamCache(t *testing.T) {
	l := parseLearned(t, "quench-mf:h=0.1,learn=h,per=unit")
	cached := paramOp{l: l, spec: l.String(), dims: 2, cache: &paramCache{wanted: true}}
	plain := paramOp{l: l, spec: l.String(), dims: 2}
	mat := func(v ...float64) *tensor.Dense { return tensor.New(tensor.WithShape(2, 2), tensor.WithBacking(v)) }
	vec := func(v ...float64) *tensor.Dense { return tensor.New(tensor.WithShape(2), tensor.WithBacking(v)) }
	x1, x2 := mat(-0.5, 0.2, 0.7, -1.1), mat(0.3, -0.2, 1.4, 0.05)
	h1, h2 := vec(0.1, -0.2), vec(0.3, 0.2)
	g := mat(1, -2, 0.5, 3)
	if _, err := cached.Do(x1, h1); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		x, h *tensor.Dense
	}{{"forward's inputs", x1, h1}, {"other x", x2, h1}, {"other h", x1, h2}} {
		for wrt := 0; wrt < 2; wrt++ {
			got, err1 := paramDiffOp{paramOp: cached, wrt: wrt}.Do(c.x, c.h, g)
			want, err2 := paramDiffOp{paramOp: plain, wrt: wrt}.Do(c.x, c.h, g)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !bitEqualFloats(floats(t, got), floats(t, want)) {
				t.Errorf("%s, gradient %d: %v, without cache %v", c.name, wrt, got.Data(), want.Data())
			}
		}
	}
}

func bitEqualFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
