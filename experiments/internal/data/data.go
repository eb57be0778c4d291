// Package data prepares the experiments' data sets for nn: a datasets.Set as nn.Data, and MNIST
// loaded once, cut to the sizes of a run, and converted for every run of a sweep.
package data

import (
	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/nn"
)

// FromSet is s as nn.Data (float32 inputs, class labels), sharing its slices.
func FromSet(s *datasets.Set) nn.Data {
	return nn.Data{N: s.N, D: s.D, X32: s.X, Labels: s.Y}
}

// MNISTBytes bounds the memory LoadMNIST's data takes while a sweep runs (for the memory check
// before loading): the 70 000 images as float32 with their labels, once as loaded and once more
// as cut to the sizes of a run, plus the decompressed bytes of the files while loading.
const MNISTBytes = 2*(datasets.MNISTTrainN+datasets.MNISTTestN)*(datasets.MNISTPixels*4+8) +
	(datasets.MNISTTrainN+datasets.MNISTTestN)*datasets.MNISTPixels

// MNIST is the MNIST data of a sweep, converted once for every run.
type MNIST struct {
	Train, Val, Test nn.Data
	Dir              string // where the files were found
}

// LoadMNIST loads MNIST from dir ("" finds it, see datasets.FindMNIST) with the fixed
// validation split (datasets.MNISTSplitSeed) and keeps the first train training images and the
// first eval validation and test images; 0 keeps all of them.
func LoadMNIST(dir string, train, eval int) (*MNIST, error) {
	m, err := datasets.LoadMNIST(dir, datasets.MNISTSplitSeed)
	if err != nil {
		return nil, err
	}
	tr, val, test := m.Train, m.Val, m.Test
	if train > 0 {
		if tr, err = tr.First(train); err != nil {
			return nil, err
		}
	}
	if eval > 0 {
		if val, err = val.First(eval); err != nil {
			return nil, err
		}
		if test, err = test.First(eval); err != nil {
			return nil, err
		}
	}
	return &MNIST{Train: FromSet(tr), Val: FromSet(val), Test: FromSet(test), Dir: m.Dir}, nil
}
