package nn

import (
	"math"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/internal/rng"
	"github.com/isingact/isingact/physics/signal"
)

// TestGainReference checks σ_w² = 1/E[φ′(√q·z)²] against nn/testdata/gainref.py (mpmath, 40
// digits, quadrature split at each kink and clip point) and sets it beside PyTorch's
// calculate_gain (torch.nn.init docs: relu √2, tanh 5/3, sigmoid 1). The tolerance is the
// accuracy of the activation's F and DF: rounding for closed forms, the tables' 1e-6 relative
// on DF for the physics-backed ones.
func TestGainReference(t *testing.T) {
	tests := []struct {
		act     string
		q, sw2  float64
		tol     float64 // relative
		pytorch float64 // PyTorch's gain; 0 where it has none
	}{
		{"relu", 1, 2, 1e-12, math.Sqrt2},
		{"relu", 0.01, 2, 1e-12, math.Sqrt2},
		{"relu", 100, 2, 1e-12, math.Sqrt2},
		{"tanh", 1, 2.1533026489027900328, 1e-10, 5.0 / 3},
		{"tanh", 0.25, 1.3939616283140793018, 1e-10, 5.0 / 3},
		{"tanh", 4, 3.9070063227829902813, 1e-10, 5.0 / 3},
		{"sigmoid", 1, 22.303386053025268829, 1e-10, 1},
		{"elu", 1, 1.4967774354352865829, 1e-10, 0},
		{"gelu", 1, 2.1936999035323951899, 1e-10, 0},
		{"swish", 1, 2.6351686598789624287, 1e-10, 0},
		{"softplus", 1, 3.4085598416231029829, 1e-10, 0},
		{"quench-tanh", 1, 2.8688344015894802485, 1e-10, 0},
		{"quench-mf", 1, 2.4364184141664996513, 2e-6, 0},
		{"quench-onsager", 1, 2.0953331030039674547, 1e-8, 0},
		{"mf-magnetization", 1, 0.80811454255336021932, 2e-6, 0},
		{"onsager-magnetization", 1, 1.4433989253719843927, 1e-7, 0},
	}
	for _, tc := range tests {
		g, err := NewGain(tc.act, tc.q, false)
		if err != nil {
			t.Fatalf("NewGain(%s, %v): %v", tc.act, tc.q, err)
		}
		if got := g.WeightVariance(); math.Abs(got/tc.sw2-1) > tc.tol {
			t.Errorf("gain of %s at q = %v: σ_w² = %.15g, want %.15g (mpmath)", tc.act, tc.q, got, tc.sw2)
		}
		if math.Abs(g.Gain()-math.Sqrt(g.WeightVariance())) > 0 {
			t.Errorf("%s: Gain() is not √σ_w²", tc.act)
		}
		if tc.pytorch != 0 {
			t.Logf("%-22s q = %-5v σ_w² = %.6f  gain %.4f  PyTorch %.4f", tc.act, tc.q, g.WeightVariance(), g.Gain(), tc.pytorch)
		}
	}
	// The differences from PyTorch, explained. ReLU: the same, He's √2 at every q.
	// tanh: PyTorch's fixed 5/3 is this gain at one q (mpmath root of E[sech⁴(√q·z)] = 9/25).
	g, err := NewGain("tanh", 1.8673162681601910981, false)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(g.Gain()-5.0/3) > 1e-9 {
		t.Errorf("tanh gain at q = 1.8673: %.12g, want PyTorch's 5/3", g.Gain())
	}
	// sigmoid: σ′ ≤ 1/4, so E[σ′²] ≤ 1/16 and the gain is ≥ 4 at every q; PyTorch's 1 is not
	// Jacobian-preserving.
	for _, q := range []float64{1e-6, 0.1, 1, 10} {
		g, err := NewGain("sigmoid", q, false)
		if err != nil || !(g.Gain() >= 4) {
			t.Errorf("sigmoid gain at q = %v: %v, %v; want ≥ 4", q, g.Gain(), err)
		}
	}
}

// TestGainIsHe: for ReLU the gain initialiser draws exactly He's weights (σ_w² = 2, fan-in
// based, same distribution, same stream).
func TestGainIsHe(t *testing.T) {
	for _, normal := range []bool{false, true} {
		g, err := NewGain("relu", 1, normal)
		if err != nil {
			t.Fatal(err)
		}
		const fanIn, fanOut = 300, 40
		w1, b1 := make([]float64, fanIn*fanOut), make([]float64, fanOut)
		w2, b2 := make([]float64, fanIn*fanOut), make([]float64, fanOut)
		g.Fill(w1, b1, fanIn, fanOut, rng.New(7, "gain-he"))
		He{Normal: normal}.Fill(w2, b2, fanIn, fanOut, rng.New(7, "gain-he"))
		for i := range w1 {
			if math.Abs(w1[i]-w2[i]) > 1e-14*math.Abs(w2[i]) {
				t.Fatalf("normal=%v: w[%d] = %v, He %v", normal, i, w1[i], w2[i])
			}
		}
		for i := range b1 {
			if b1[i] != 0 {
				t.Fatalf("bias %d = %v, want 0", i, b1[i])
			}
		}
	}
}

// forwardVariances draws a depth-layer MLP of the given width with init and returns the mean
// squared pre-activation of each layer for a batch of standard normal inputs.
func forwardVariances(t *testing.T, act string, init Init, width, depth, batch int, seed uint64) []float64 {
	t.Helper()
	a, err := activations.Parse(act)
	if err != nil {
		t.Fatal(err)
	}
	r := rng.New(seed, "gain-forward")
	x := make([]float64, batch*width)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	w, b := make([]float64, width*width), make([]float64, width)
	h := make([]float64, batch*width)
	qs := make([]float64, depth)
	for l := range depth {
		init.Fill(w, b, width, width, r)
		var ss float64
		for n := range batch {
			in, out := x[n*width:(n+1)*width], h[n*width:(n+1)*width]
			clear(out)
			for j, v := range in {
				row := w[j*width : (j+1)*width]
				for k := range out {
					out[k] += v * row[k]
				}
			}
			for _, v := range out {
				ss += v * v
			}
		}
		qs[l] = ss / float64(batch*width)
		for i, v := range h {
			x[i] = a.F(v)
		}
	}
	return qs
}

// TestGainForwardVariance draws 10-layer, 512-wide random MLPs with the gain initialiser
// (inputs x ~ N(0, 1), so the first layer's pre-activations have q₁ = σ_w²) and compares each
// layer's mean squared pre-activation with the length map q_{l+1} = σ_w²·E[φ(√q_l·z)²] of
// physics/signal: at this width the log-ratio wanders by about 0.1 over ten layers (finite-width
// fluctuations of the weights), so a factor 1.5 is a ~4σ bound. Then the length map itself:
// for tanh and the magnetizations it converges to a fixed point inside [0.2, 5]; for ReLU it
// keeps q exactly; for quench-mf (S(q) = q/E[φ²] falls towards 2 from above, so σ_w² = 2.436 >
// 2 leaves one unstable fixed point q_u ≈ 1.4 between collapse and growth) it starts above q_u
// and grows without bound, by a factor below σ_w²/2 = 1.22 per layer.
func TestGainForwardVariance(t *testing.T) {
	tests := []struct {
		act     string
		bounded bool // the length map stays in [0.2, 5] for 200 layers
	}{
		{"tanh", true},
		{"relu", true},
		{"mf-magnetization", true},
		{"onsager-magnetization", true},
		{"quench-mf", false},
	}
	const width, depth, batch = 512, 10, 32
	for _, tc := range tests {
		g, err := NewGain(tc.act, 1, false)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := activations.Parse(tc.act)
		th, err := signal.New(SignalActivation(a), nil)
		if err != nil {
			t.Fatal(err)
		}
		sw2 := g.WeightVariance()
		pred := []float64{sw2}
		for len(pred) < 200 {
			pred = append(pred, th.LengthMap(pred[len(pred)-1], sw2, 0))
		}
		got := forwardVariances(t, tc.act, g, width, depth, batch, 1)
		for l, q := range got {
			if r := q / pred[l]; !(r > 1/1.5 && r < 1.5) {
				t.Errorf("%s layer %d: mean h² = %.4g, length map %.4g", tc.act, l+1, q, pred[l])
			}
		}
		lo, hi := pred[0], pred[0]
		for _, q := range pred {
			lo, hi = math.Min(lo, q), math.Max(hi, q)
		}
		if inBand := lo >= 0.2 && hi <= 5; inBand != tc.bounded {
			t.Errorf("%s: length map over 200 layers in [%.3g, %.3g], want bounded in [0.2, 5]: %v", tc.act, lo, hi, tc.bounded)
		}
		t.Logf("%-22s σ_w² = %.4f  network q_l %.3g  length map at 10, 50, 200: %.3g %.3g %.3g",
			tc.act, sw2, got, pred[9], pred[49], pred[199])
	}
}

func TestParseGain(t *testing.T) {
	tests := []struct {
		spec, want string  // want: String() of the result
		sw2        float64 // 0: unbound
	}{
		{"gain", "gain:q=1,dist=uniform", 0},
		{"gain:dist=normal", "gain:q=1,dist=normal", 0},
		{"gain:act=tanh", "gain:q=1,dist=uniform,act=tanh", 2.1533026489027900328},
		{"gain:q=4,act=tanh", "gain:q=4,dist=uniform,act=tanh", 3.9070063227829902813},
		{"gain:dist=normal,q=1,act=quench-tanh:a=1,c=0", "gain:q=1,dist=normal,act=quench-tanh:a=1,c=0", 2.8688344015894802485},
		{"gain:act=relu", "gain:q=1,dist=uniform,act=relu", 2},
	}
	for _, tc := range tests {
		in, err := ParseInit(tc.spec)
		if err != nil {
			t.Errorf("ParseInit(%q): %v", tc.spec, err)
			continue
		}
		g, ok := in.(Gain)
		if !ok || g.String() != tc.want || math.Abs(g.WeightVariance()-tc.sw2) > 1e-9*tc.sw2 {
			t.Errorf("ParseInit(%q) = %v (σ_w² %v), want %s (σ_w² %v)", tc.spec, in, g.WeightVariance(), tc.want, tc.sw2)
			continue
		}
		back, err := ParseInit(g.String())
		if err != nil || back.String() != g.String() {
			t.Errorf("ParseInit(%q) = %v, %v: no round trip", g.String(), back, err)
		}
	}
	for _, bad := range []string{"gain:q=0", "gain:q=-1", "gain:q=abc", "gain:q=NaN", "gain:dist=cauchy", "gain:z=1",
		"gain:q=1,q=2", "gain:act=", "gain:act=nonsense", "gain:q", "gain:act=tanh-fit:a=0"} {
		if in, err := ParseInit(bad); err == nil || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("ParseInit(%q) = %v, %v; want an error prefixed nn:", bad, in, err)
		}
	}
	if _, err := ParseInit("nonsense"); err == nil || !strings.Contains(err.Error(), "gain[:q=") {
		t.Errorf("ParseInit(nonsense): %v, want the gain spec listed", err)
	}
}

// TestNewModelBindsGain: a bare "gain" takes the model's activation (the same weights as
// gain:act=<it>), an explicit act wins (gain:act=relu on a tanh model draws He's weights), and
// an unbound Gain refuses to Fill.
func TestNewModelBindsGain(t *testing.T) {
	arch := MLP(20, []int{30, 30}, 5, "tanh")
	weights := func(spec string) []float64 {
		in, err := ParseInit(spec)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewModel(arch, in, rng.New(3, "bind"))
		if err != nil {
			t.Fatalf("NewModel(%s): %v", spec, err)
		}
		var w []float64
		for _, p := range m.params {
			w = append(w, p.Data().([]float64)...)
		}
		return w
	}
	same := func(a, b []float64) bool {
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-14*math.Abs(b[i]) {
				return false
			}
		}
		return len(a) == len(b)
	}
	if !same(weights("gain"), weights("gain:act=tanh")) {
		t.Error("bare gain on a tanh model differs from gain:act=tanh")
	}
	if same(weights("gain"), weights("he-uniform")) || !same(weights("gain:act=relu"), weights("he-uniform")) {
		t.Error("gain:act=relu should draw He's weights and tanh's gain should not")
	}
	defer func() {
		if recover() == nil {
			t.Error("Fill of an unbound Gain did not panic")
		}
	}()
	Gain{q: 1}.Fill(make([]float64, 4), make([]float64, 2), 2, 2, rng.New(1, "x"))
}
