package command

import (
	"fmt"
	"io"
	"math"

	"github.com/isingact/isingact/nn"
)

// Hard bounds of the training flags, checked when the flags are parsed whatever the machine:
// values past them are typos or misunderstandings, and some (a width of 2⁶⁰) would overflow a
// size before any memory estimate could refuse them. Below them, CheckMemory decides.
const (
	MaxWidth  = 1 << 16 // a hidden layer's width (-hidden, -width)
	MaxLayers = 256     // hidden layers of one architecture (-hidden)
	MaxBatch  = 1 << 20 // -batch
	MaxEpochs = 1 << 20 // -epochs, -sweep-epochs
	MaxSeeds  = 1 << 16 // -seeds, -sweep-seeds
)

// CheckBound returns the one-line error of an integer flag outside lo … hi, nil inside.
func CheckBound(flag string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("-%s = %d, want %d … %d", flag, v, lo, hi)
	}
	return nil
}

// CheckMemory refuses, before anything is allocated, a command whose runs would not fit in the
// machine's memory. est is nn.EstimateMemory of its largest run, described by flags (such as
// "-hidden 4096 -batch 128"); min(workers, runs) of them train at once, beside data bytes of
// data shared by all:
//
//	need = est.Total · min(workers, runs) + data  ≤  nn.AvailableMemory()
//
// The error names the flags, the estimate and what is available. Where the available memory is
// not known (off Linux) the check is skipped and progress (when not nil) is told so.
func CheckMemory(flags string, est nn.MemoryEstimate, workers, runs int, data int64, progress io.Writer) error {
	avail, err := nn.AvailableMemory()
	if err != nil {
		if progress != nil {
			fmt.Fprintf(progress, "memory check skipped: %v\n", err)
		}
		return nil
	}
	return checkMemory(flags, est, workers, runs, data, avail)
}

// checkMemory is CheckMemory against avail bytes.
func checkMemory(flags string, est nn.MemoryEstimate, workers, runs int, data, avail int64) error {
	atOnce := max(min(workers, runs), 1)
	need := float64(est.Total)*float64(atOnce) + float64(data)
	if need <= float64(avail) {
		return nil
	}
	bytes := func(v float64) string { return nn.FormatBytes(int64(min(v, math.MaxInt64))) }
	at := fmt.Sprintf("one run needs about %s", est)
	if atOnce > 1 {
		flags += fmt.Sprintf(" -workers %d", workers)
		at = fmt.Sprintf("%d runs at once need about %s, each %s", atOnce, bytes(float64(est.Total)*float64(atOnce)), est)
	}
	if data > 0 {
		at += fmt.Sprintf(", plus %s of data: %s in all", bytes(float64(data)), bytes(need))
	}
	return fmt.Errorf("%s: %s, more than the %s of memory available; choose smaller sizes or fewer -workers",
		flags, at, bytes(float64(avail)))
}
