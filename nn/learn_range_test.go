package nn

import (
	"path/filepath"
	"testing"
)

// TestNarrowedRange: a range narrowed in the spec (min.h=0) bounds the trainer's projection
// (a step towards h < 0 stops at 0, float32 and float64) and survives a save and load.
func TestNarrowedRange(t *testing.T) {
	for _, dt := range []Dtype{Float64, Float32} {
		a := MLP(2, []int{3}, 2, "quench-mf:h=0,learn=h,per=unit,min.h=0")
		spec := "quench-mf:h=0,learn=h,per=unit,min.h=0"
		a.Dtype = dt
		tr := learnTrainer(t, a, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "sgd", LearningRate: 1}, BatchSize: 1, Epochs: 1}, 3)
		m := tr.Model()
		params := zeroGradParams(m)
		fillGrad(params[len(m.params)], 1) // h: one step of −1 from 0
		if err := tr.step(params); err != nil {
			t.Fatal(err)
		}
		for _, v := range m.ActivationParamValues()[0].Values {
			if v != 0 {
				t.Errorf("%s: h = %v after a step below min.h=0, want 0", dt, v)
			}
		}
		path := filepath.Join(t.TempDir(), "m.model")
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
		back, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := back.Arch().Activation, spec; got != want {
			t.Errorf("%s: loaded activation %q, want %q", dt, got, want)
		}
	}
}
