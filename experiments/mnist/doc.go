// Package mnist is the mnist experiment: an MLP (default 784-256-10, float32) trained on MNIST
// per activation, with a fair learning rate — the same sweep for every activation, decided on
// the validation split only — and the test accuracies compared with a baseline by Welch's
// t-test.
//
// From Go: mnist.Run(ctx, mnist.Quick(), sweep.Options{Dir: dir, Workers: 2}) does what
// go run ./experiments mnist -quick -out dir -workers 2 does.
package mnist
