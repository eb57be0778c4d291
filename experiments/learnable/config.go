package learnable

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/nn"
)

// Config is the learnable experiment's configuration: the fixed activations, each compared with
// its learnable twin (Learn), on MNIST and on XOR.
type Config struct {
	// Acts are the fixed activations; nil: every registered activation with learnable
	// parameters, at its default spec (Defaults).
	Acts  []activations.Activation
	MNIST MNIST
	XOR   XOR
}

// MNIST is the MNIST part: an MLP 784-Hidden-10, float32, Glorot-uniform, softmax
// cross-entropy, Adam, as the mnist experiment's final runs.
type MNIST struct {
	Seeds  int   // seeds 1..Seeds per activation; 0 skips the MNIST part
	Epochs int   // epochs per run
	Hidden []int // hidden layer widths
	Batch  int   // minibatch size
	Opt    string
	// LR is the learning rate of an activation that LRFrom does not list (or of every one when
	// LRFrom is ""); the learnable twin uses its fixed activation's rate.
	LR float64
	// LRFrom is the summary.csv of the mnist comparison (results/mnist/summary.csv): its row
	// for the fixed activation's spec (model mlp, the same hidden sizes) gives the rate chosen
	// there (column lr). A missing file means LR for every activation.
	LRFrom string
	Subset int      // first Subset training images, first min(Subset, 10 000) validation and test images; 0: all
	Skip   []string // activation names left out of the MNIST part (Full: population, whose learned σ is ~35× slower per element)
	Dir    string   // folder of the four MNIST files; "" finds them
	Margin float64  // TOST equivalence margin of the test accuracy (a fraction: 0.002 = 0.2 points)
}

// XOR is the XOR part: an MLP 2-Hidden-1 on the four points, full batch, Adam, stopping at
// success, as the xor experiment's MLP runs.
type XOR struct {
	Seeds  int   // seeds 1..Seeds per activation; 0 skips the XOR part
	Epochs int   // epoch budget per run
	Hidden []int // hidden layer widths
	LR     float64
	Opt    string
	Margin float64 // TOST equivalence margin of the success rate (a fraction: 0.10 = 10 points)
}

// Full is the full run (results/learnable): every learnable activation; MNIST 784-256-10, Adam,
// batch 128, 10 epochs, seeds 1..10, each activation at the rate the mnist comparison chose
// (results/mnist/summary.csv; 1e-3 where it has none), population left out (its learned σ
// costs ~35× the fixed form per element); XOR 2-4-1, Adam 0.05, full batch, 1000 epochs, seeds
// 1..100. It is also the command's default.
func Full() Config {
	return Config{
		MNIST: MNIST{Seeds: 10, Epochs: 10, Hidden: []int{256}, Batch: 128, Opt: "adam", LR: 1e-3,
			LRFrom: filepath.Join("results", "mnist", "summary.csv"), Skip: []string{"population"}, Margin: 0.002},
		XOR: XOR{Seeds: 100, Epochs: 1000, Hidden: []int{4}, LR: 0.05, Opt: "adam", Margin: 0.10},
	}
}

// Quick is a smoke run in a few minutes on two cores: MNIST on the first 2000 images, 2 epochs,
// seeds 1..2 (population still left out); XOR with 10 seeds and 300 epochs.
func Quick() Config {
	c := Full()
	c.MNIST.Seeds, c.MNIST.Epochs, c.MNIST.Subset = 2, 2, 2000
	c.XOR.Seeds, c.XOR.Epochs = 10, 300
	return c
}

// presetDir is the output folder of a preset.
func presetDir(name string) string {
	if name == "quick" {
		return filepath.Join("results", "quick", "learnable")
	}
	return filepath.Join("results", "learnable")
}

// Defaults returns every registered activation with learnable parameters, at its default spec.
func Defaults() []activations.Activation {
	var out []activations.Activation
	for _, info := range activations.All() {
		if len(info.Learnable) == 0 {
			continue
		}
		if a, err := activations.Parse(info.Default); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// Learn returns the learnable twin of a fixed activation: the same spec with every learnable
// parameter learned per unit, starting from a's values ("quench-tanh:a=1,c=0" →
// "quench-tanh:a=1,c=0,learn=a+c,per=unit"). A field h that starts at h ≥ 0 is learned on
// h ≥ 0 (min.h=0): for x > 0 the mean-field forms jump where h changes sign, which gradient
// descent cannot see (activations, "Crossing h = 0"), and h = 0 is the m > 0 branch, the limit
// h → 0⁺.
func Learn(a activations.Activation) (activations.Activation, error) {
	keys := activations.LearnableParamsOf(a)
	if len(keys) == 0 {
		return nil, fmt.Errorf("learnable: %s has no learnable parameters", a)
	}
	if _, ok := a.(activations.Learned); ok {
		return nil, fmt.Errorf("learnable: %s already learns parameters: give the fixed activation", a)
	}
	spec := a.String() + ",learn=" + strings.Join(keys, "+") + ",per=unit"
	if l, ok := a.(activations.Learnable); ok {
		if i := slices.Index(keys, "h"); i >= 0 && l.ParamValues()[i] >= 0 {
			spec += ",min.h=0"
		}
	}
	return activations.Parse(spec)
}

// normalize fills in the defaults and checks every field; errors name the flag that sets it.
func (cfg *Config) normalize() error {
	cfg.Acts = slices.Clone(cfg.Acts)
	if cfg.Acts == nil {
		cfg.Acts = Defaults()
	}
	if len(cfg.Acts) == 0 {
		return fmt.Errorf("-acts is empty")
	}
	for _, a := range cfg.Acts {
		if _, err := Learn(a); err != nil {
			return fmt.Errorf("-acts: %w", err)
		}
	}
	if cfg.MNIST.Seeds == 0 && cfg.XOR.Seeds == 0 {
		return fmt.Errorf("-seeds and -xor-seeds are both 0: nothing to run")
	}
	if err := cfg.MNIST.check(); err != nil {
		return err
	}
	return cfg.XOR.check()
}

func (m MNIST) check() error {
	for _, v := range []struct {
		flag string
		v    int
	}{{"seeds", m.Seeds}, {"subset", m.Subset}} {
		if v.v < 0 {
			return fmt.Errorf("-%s = %d, want ≥ 0", v.flag, v.v)
		}
	}
	if m.Seeds == 0 {
		return nil
	}
	if m.Epochs < 1 || m.Batch < 1 {
		return fmt.Errorf("-epochs = %d, -batch = %d: want positive integers", m.Epochs, m.Batch)
	}
	return checkCommon("", m.Hidden, m.LR, m.Opt, m.Margin, 1)
}

func (x XOR) check() error {
	if x.Seeds < 0 {
		return fmt.Errorf("-xor-seeds = %d, want ≥ 0", x.Seeds)
	}
	if x.Seeds == 0 {
		return nil
	}
	if x.Epochs < 1 {
		return fmt.Errorf("-xor-epochs = %d, want a positive integer", x.Epochs)
	}
	return checkCommon("xor-", x.Hidden, x.LR, x.Opt, x.Margin, 1)
}

// checkCommon checks the hidden sizes, rate, optimiser and margin of a part (flag prefix pre).
func checkCommon(pre string, hidden []int, lr float64, opt string, margin, maxMargin float64) error {
	if len(hidden) == 0 || slices.ContainsFunc(hidden, func(w int) bool { return w < 1 }) {
		return fmt.Errorf("-%shidden %v: want positive widths", pre, hidden)
	}
	if !(lr > 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("-%slr %v: want a finite learning rate > 0", pre, lr)
	}
	if !slices.Contains(nn.OptimizerNames(), opt) {
		return fmt.Errorf("-%sopt %q is unknown (valid: %s)", pre, opt, strings.Join(nn.OptimizerNames(), ", "))
	}
	if !(margin > 0 && margin < maxMargin) {
		return fmt.Errorf("-%smargin %v: want a fraction in (0, %v)", pre, margin, maxMargin)
	}
	return nil
}
