package nn

import (
	"context"
	"testing"
)

// BenchmarkEpochLearned times one training epoch (the reference setup of BenchmarkEpochMNIST:
// MLP 784-128-10, float32, batch 128, Adam) on the first 2000 MNIST training images for each
// learnable activation with learned parameters, beside the same activation fixed: the cost of
// evaluating F, DF and ∂F/∂θ exactly per element (a mean-field solve for h, the Gaussian
// quadrature for population's σ) instead of a fixed-parameter table.
//
//	go test -run '^$' -bench EpochLearned -benchtime 1x ./nn/
func BenchmarkEpochLearned(b *testing.B) {
	ds := loadMNIST(b)
	sub, err := ds.Train.First(2000)
	if err != nil {
		b.Fatal(err)
	}
	train := fromSet(sub)
	for _, act := range []string{
		"quench-mf:h=0", "quench-mf:h=0,learn=h,per=unit", "quench-mf:h=0,learn=h,per=layer",
		"mf-magnetization:h=0", "mf-magnetization:h=0,learn=h,per=unit",
		"quench-tanh:a=1,c=0", "quench-tanh:a=1,c=0,learn=a+c,per=unit",
		"tanh-fit:a=6", "tanh-fit:a=6,learn=a+theta,per=unit",
		"population:sigma=0.5", "population:sigma=0.5,learn=sigma,per=layer",
	} {
		b.Run(act, func(b *testing.B) {
			a := MLP(784, []int{128}, 10, act)
			a.Dtype = Float32
			for i := 0; b.Loop(); i++ {
				tr := benchTrainer(b, a, uint64(i))
				if sinkMetrics, err = tr.Fit(context.Background(), train, Data{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
