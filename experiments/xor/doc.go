// Package xor is the xor experiment: perceptrons and small MLPs on the four XOR points for every
// activation over many seeds — the success rate with its Wilson interval, the epochs to
// success, the final loss — with the perceptron on AND as a control and MLPs on a noisy XOR.
//
// From Go:
//
//	err := xor.Run(ctx, xor.Quick(), sweep.Options{Dir: dir, Workers: 2})
//
// trains, appends every run to <dir>/runs.csv (resuming what is there), and writes
// summary.md, summary.csv, README.md and the plots, exactly as
//
//	go run ./experiments xor -quick -out dir -workers 2
//
// does: the command (Command) is a flag shell over Run.
package xor
