// Package nn builds perceptrons and multi-layer perceptrons on Gorgonia and trains them, with any
// activation of package activations.
//
// # Models
//
// An Arch describes a network: Perceptron(in, out, act) is y = f(x·W + b); MLP(in, hidden, out,
// act) applies f after every hidden layer and has a linear output layer. The activation is a
// spec string for activations.Parse ("tanh", "quench-tanh:a=6,c=0", …), the dtype Float32 or
// Float64. NewModel draws the initial weights with an Init (Glorot, He; uniform or normal; the
// edge-of-chaos EOC; Gain, the activation's own gain σ_w² = 1/E[φ′²], bound to the model's
// activation by NewModel) from a seeded *rand.Rand — Gorgonia's own initialisers seed from the
// clock.
//
// # Training
//
// A Trainer takes a TrainConfig: a Loss (SoftmaxCrossEntropy on logits, BinaryCrossEntropy on
// logits, MSE — each one fused, numerically stable Gorgonia op with an exact gradient op), an
// optimiser by name (sgd, momentum, adam, rmsprop: Gorgonia's solver updates done in one
// allocation-free pass over each parameter, with learning rate, weight decay and clipping; or
// any Optimizer), the batch size and the number of epochs.
// Data is plain row-major float32 or float64 features with class labels or target values.
//
// The trainer builds one graph and TapeMachine per batch size and reuses it: per batch it copies
// the rows into the graph's bound input tensors, runs RunAll, steps the optimiser and Resets the
// machine (without Reset the next RunAll silently does nothing). It compiles only the subgraph
// of the outputs, the loss and the weight gradients (ExactSubgraphRoots), so Gorgonia does not
// also differentiate with respect to the input batch, and it reads outputs through
// gorgonia.Read, because a TapeMachine reuses the memory of intermediate values. The last
// partial batch of an epoch and evaluation run on graphs of their own shape; every graph binds
// its weight nodes to the model's own tensors, which the optimiser updates in place, so they all
// compute with the same weights and nothing is copied. A NaN or infinite loss stops training
// with an error naming the epoch and batch; the context is checked between batches; a given
// seed gives bit-identical weights.
//
// # Learned activation parameters
//
// An activation spec with learn= ("quench-mf:h=0,learn=h,per=unit") gives each activation
// layer a learned parameter tensor per key, stepped by the optimiser after the weights (own
// state; TrainConfig.ActivationWeightDecay instead of the weights' decay) and clamped to the
// parameter's range after every step. Model.ActivationParams summarises them (mean, std, min,
// max per layer and key; ParamStat.Metrics names the runs.csv metrics param:<name>:mean, …),
// EpochMetrics.Params carries that summary after every epoch, ActivationParamValues gives the
// values themselves.
//
// # Saving
//
// Model.Save writes the architecture, the canonical activation spec, the weights and the
// learned activation parameters with a format version (2; version-1 files still load) and a
// SHA-256 checksum to one file, atomically (temporary file and rename); Load rejects a
// truncated, corrupted or wrong-version file with an error.
//
// # Example
//
//	rng := rand.New(rand.NewPCG(seed, 0))
//	arch := nn.MLP(784, []int{128}, 10, "quench-tanh")
//	arch.Dtype = nn.Float32
//	model, err := nn.NewModel(arch, nn.He{}, rng)
//	if err != nil { … }
//	tr, err := nn.NewTrainer(model, nn.TrainConfig{
//		Loss:      nn.SoftmaxCrossEntropy,
//		Optimizer: nn.OptimizerConfig{Name: "adam", LearningRate: 1e-3},
//		BatchSize: 128,
//		Epochs:    10,
//		OnEpoch: func(e nn.EpochMetrics) error {
//			fmt.Printf("epoch %d: val acc %.4f (%.1f s)\n", e.Epoch, e.ValAcc, e.Seconds)
//			return nil
//		},
//	}, rng)
//	if err != nil { … }
//	train := nn.Data{N: s.N, D: s.D, X32: s.X, Labels: s.Y} // from a datasets.Set
//	if _, err := tr.Fit(ctx, train, val); err != nil { … }
//	err = model.Save("mnist.model")
//
// A new activation needs nothing here: register it in package activations and pass its spec.
// A new initialiser is a type with String and Fill and one line in ParseInit's registry; a
// faster optimiser implements Optimizer (Step over the parameters and their gradients) and goes
// in TrainConfig.Custom.
package nn
