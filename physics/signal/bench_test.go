package signal

import (
	"math"
	"testing"
)

var sink float64

func BenchmarkChi1(b *testing.B) {
	for _, bc := range []struct {
		name     string
		a        Activation
		sw2, sb2 float64
	}{{"tanh", tanhAct, 1.76, 0.05}, {"relu", reluAct, 1.5, 0.1}, {"elu", eluAct, 1.8, 1}} {
		th := mustNew(b, bc.a)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				chi, _, err := th.Chi1(bc.sw2, bc.sb2)
				if err != nil {
					b.Fatal(err)
				}
				sink += chi
			}
		})
	}
}

func BenchmarkEOCWeightVariance(b *testing.B) {
	for _, bc := range []struct {
		name string
		a    Activation
		sb2  float64
	}{{"tanh", tanhAct, 0.05}, {"elu", eluAct, 1}, {"relu-none", reluAct, 0.01}} {
		th := mustNew(b, bc.a)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				sw2, _ := th.EOCWeightVariance(bc.sb2)
				sink += sw2
			}
		})
	}
}

// BenchmarkPhaseDiagram60 is a 60×60 χ₁ grid over σ_w² ∈ [0.1, 5], σ_b² ∈ [0, 0.5].
func BenchmarkPhaseDiagram60(b *testing.B) {
	sw2s, sb2s := make([]float64, 60), make([]float64, 60)
	for i := range 60 {
		sw2s[i] = 0.1 + 4.9*float64(i)/59
		sb2s[i] = 0.5 * float64(i) / 59
	}
	for _, bc := range []struct {
		name string
		a    Activation
	}{{"tanh", tanhAct}, {"relu", reluAct}, {"elu", eluAct}} {
		th := mustNew(b, bc.a)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				g := th.PhaseDiagram(sw2s, sb2s)
				if !math.IsNaN(g[1][1]) {
					sink += g[1][1]
				}
			}
		})
	}
}

func BenchmarkCorrelationMap(b *testing.B) {
	th := mustNew(b, tanhAct)
	for b.Loop() {
		sink += th.CorrelationMap(0.5, 0.57, 1.76, 0.05)
	}
}

func BenchmarkStableFixedPoint(b *testing.B) {
	for _, bc := range []struct {
		name     string
		a        Activation
		sw2, sb2 float64
	}{{"tanh", tanhAct, 1.76, 0.05}, {"quench-tanh", quenchTanhAct, 2.9, 0.05}} {
		th := mustNew(b, bc.a)
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				q, err := th.StableFixedPoint(bc.sw2, bc.sb2)
				if err != nil {
					b.Fatal(err)
				}
				sink += q
			}
		})
	}
}

func BenchmarkForwardStability(b *testing.B) {
	th := mustNew(b, tanhAct)
	for b.Loop() {
		fs, err := th.ForwardStability(1.4, 0.05)
		if err != nil {
			b.Fatal(err)
		}
		sink += fs.Chi1
	}
}
