package nn

import (
	"fmt"
	"math"
)

// Data is a dataset as the trainer takes it: N examples of D features, row-major (example i is
// X[i*D : (i+1)*D]) in exactly one of X32 and X64, with exactly one of
//
//   - Labels: N class indices. For SoftmaxCrossEntropy, and for BCE or MSE with Out > 1, a label
//     c stands for the one-hot target row e_c; for BCE or MSE with Out = 1 the label must be 0 or
//     1 and is the target itself.
//   - Targets: N×Out row-major target values (probabilities for the cross-entropies).
//
// The features are converted to the model's dtype batch by batch, so a float32 dataset can feed
// a float64 model and the other way round. Data holds slices, not copies: don't change them
// while a trainer uses them.
type Data struct {
	N, D    int
	X32     []float32
	X64     []float64
	Labels  []int
	Targets []float64
}

// validate checks d against a model with in inputs and out outputs trained with loss l.
func (d Data) validate(in, out int, l Loss) error {
	if d.N < 1 {
		return fmt.Errorf("nn: data has N = %d examples (want ≥ 1)", d.N)
	}
	if d.D != in {
		return fmt.Errorf("nn: data has D = %d features, the model takes %d", d.D, in)
	}
	switch {
	case (d.X32 == nil) == (d.X64 == nil):
		return fmt.Errorf("nn: data needs exactly one of X32 and X64")
	case d.X32 != nil && len(d.X32) != d.N*d.D:
		return fmt.Errorf("nn: len(X32) = %d, want N·D = %d", len(d.X32), d.N*d.D)
	case d.X64 != nil && len(d.X64) != d.N*d.D:
		return fmt.Errorf("nn: len(X64) = %d, want N·D = %d", len(d.X64), d.N*d.D)
	}
	if l == "" {
		return nil // forward only: no targets needed
	}
	if l == SoftmaxCrossEntropy && out < 2 {
		return fmt.Errorf("nn: softmax cross-entropy needs at least 2 outputs, the model has %d", out)
	}
	switch {
	case (d.Labels == nil) == (d.Targets == nil):
		return fmt.Errorf("nn: data needs exactly one of Labels and Targets")
	case d.Labels != nil:
		if len(d.Labels) != d.N {
			return fmt.Errorf("nn: len(Labels) = %d, want N = %d", len(d.Labels), d.N)
		}
		hi := out
		if out == 1 {
			hi = 2
		}
		for i, c := range d.Labels {
			if c < 0 || c >= hi {
				return fmt.Errorf("nn: label %d of example %d is outside [0, %d)", c, i, hi)
			}
		}
	default:
		if len(d.Targets) != d.N*out {
			return fmt.Errorf("nn: len(Targets) = %d, want N·Out = %d", len(d.Targets), d.N*out)
		}
		for i, t := range d.Targets {
			if math.IsNaN(t) || math.IsInf(t, 0) {
				return fmt.Errorf("nn: target %d of example %d is %v", i%out, i/out, t)
			}
		}
	}
	return nil
}

// fillX copies the rows of d into dst (len(rows)×D).
func fillX[T float32 | float64](dst []T, d Data, rows []int) {
	for r, i := range rows {
		row := dst[r*d.D : (r+1)*d.D]
		if d.X32 != nil {
			for j, v := range d.X32[i*d.D : (i+1)*d.D] {
				row[j] = T(v)
			}
		} else {
			for j, v := range d.X64[i*d.D : (i+1)*d.D] {
				row[j] = T(v)
			}
		}
	}
}

// fillY writes the target rows (len(rows)×out) of d into dst.
func fillY[T float32 | float64](dst []T, d Data, rows []int, out int) {
	for r, i := range rows {
		row := dst[r*out : (r+1)*out]
		switch {
		case d.Labels != nil && out == 1:
			row[0] = T(d.Labels[i])
		case d.Labels != nil:
			clear(row)
			row[d.Labels[i]] = 1
		default:
			for j, v := range d.Targets[i*out : (i+1)*out] {
				row[j] = T(v)
			}
		}
	}
}

// countCorrect counts the examples whose outputs z (len(rows)×out) count as right for loss l:
//
//   - one output and labels: z > 0 for BCE (logit, σ(z) > ½), |z − label| < ½ for MSE;
//   - softmax cross-entropy, or several outputs and labels: argmax z = label (argmax of the
//     target row for Targets);
//   - BCE with Targets: every output on the right side, (z > 0) = (t > ½);
//   - MSE with Targets: every output within ½ of its target.
func countCorrect[T float32 | float64](z []T, d Data, rows []int, out int, l Loss) int {
	n := 0
	for r, i := range rows {
		zr := z[r*out : (r+1)*out]
		var ok bool
		switch {
		case d.Labels != nil && out == 1 && l == BinaryCrossEntropy:
			ok = (zr[0] > 0) == (d.Labels[i] == 1)
		case d.Labels != nil && out == 1:
			ok = math.Abs(float64(zr[0])-float64(d.Labels[i])) < 0.5
		case d.Labels != nil:
			ok = argmax(zr) == d.Labels[i]
		case l == SoftmaxCrossEntropy:
			ok = argmax(zr) == argmax(d.Targets[i*out:(i+1)*out])
		default:
			ok = true
			for j, v := range zr {
				t := d.Targets[i*out+j]
				if l == BinaryCrossEntropy {
					ok = ok && (v > 0) == (t > 0.5)
				} else {
					ok = ok && math.Abs(float64(v)-t) < 0.5
				}
			}
		}
		if ok {
			n++
		}
	}
	return n
}

// argmax returns the index of the first largest element (NaN never wins).
func argmax[T float32 | float64](v []T) int {
	best := 0
	for j := 1; j < len(v); j++ {
		if v[j] > v[best] {
			best = j
		}
	}
	return best
}
