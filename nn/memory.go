package nn

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// MemoryEstimate is the estimated memory of training one model, in bytes unless said otherwise.
// Every figure saturates at math.MaxInt64 instead of wrapping, so absurd sizes (widths near 2⁶²)
// give an estimate that is simply too large.
type MemoryEstimate struct {
	Params      int64 // learnable values P = Σ_l (n_l + 1)·n_{l+1}
	Weights     int64 // P·s, s the dtype's size
	Gradients   int64 // 2·P·s: a gradient tensor in each of the two training graphs
	Optimizer   int64 // k·P·s: Adam's two moments (k = 2), momentum's or RMSProp's one, SGD's none
	Activations int64 // the graphs' batch tensors (see EstimateMemory)
	Live        int64 // the sum: the heap that stays reachable while training
	Total       int64 // 2·Live: the Go collector lets the heap grow to twice the live data (GOGC = 100)
}

// Per-row tensor counts of the graphs, calibrated by TestEstimateMemoryCalibration: after one
// epoch, the retained heap grows per training row by (In + 4·U)·s and per evaluation row by
// (In + 3·U)·s, with U = Σ_{l≥1} n_l the units after the input (measured on 784-256-10 MLPs:
// 1862 and 1595 values a row against 1848 and 1582 from these counts).
const (
	trainTensorsPerUnit = 4 // forward product, bias sum and activation, and their backward share
	evalTensorsPerUnit  = 3 // forward product, bias sum and activation
)

// EstimateMemory estimates, before anything is allocated, the memory that training a model of
// arch a with cfg takes (the data set itself excluded: it is shared by the runs that read it).
// With P the parameter count, s the dtype's size (4 or 8 bytes), B = cfg.BatchSize,
// E = cfg.EvalBatch (1024 when 0), n₀ = a.In and U = Σ_{l≥1} n_l:
//
//	Live  = s·[ P·(1 + 2 + k) + 2B·(n₀ + 4U) + 2E·(n₀ + 3U) ]
//	Total = 2·Live
//
// Weights, k optimiser states (Adam 2, momentum and RMSProp 1, SGD 0; a Custom optimiser is
// assumed to keep 2) and the tensors of two training graphs (the full batch and the short last
// batch of an epoch, each with its own weight gradients) and two evaluation graphs, both counted
// at full size as an upper bound. The factor 2 of Total is the Go collector's headroom. Against
// the heap that real training keeps (TestEstimateMemoryCalibration, which asserts 0.7–1.6×),
// Live came out 1.07× for a float32 784-256-10 MLP with Adam (B = 64, E = 128: 6.2 MB kept) and
// 1.15× for a float64 784-512-512-10 MLP with momentum (B = 128, E = 256: 41 MB kept). Sizes below 1, an unknown kind or dtype, or an unknown optimiser name are
// errors; sizes above the limits of Arch.Validate are not (the estimate is what refuses them).
func EstimateMemory(a Arch, cfg TrainConfig) (MemoryEstimate, error) {
	var e MemoryEstimate
	s, err := dtypeSize(a.Dtype)
	if err != nil {
		return e, err
	}
	k, err := optimizerStates(cfg)
	if err != nil {
		return e, err
	}
	if a.Kind != KindPerceptron && a.Kind != KindMLP {
		return e, fmt.Errorf("nn: unknown model kind %q (valid: %s, %s)", string(a.Kind), KindPerceptron, KindMLP)
	}
	sizes := a.Sizes()
	for i, n := range sizes {
		if n < 1 {
			return e, fmt.Errorf("nn: layer %d has width %d (want ≥ 1)", i, n)
		}
	}
	batch, eval := int64(cfg.BatchSize), int64(cfg.EvalBatch)
	if eval == 0 {
		eval = 1024
	}
	if batch < 1 || eval < 1 {
		return e, fmt.Errorf("nn: batch size %d, eval batch %d (want ≥ 1)", cfg.BatchSize, cfg.EvalBatch)
	}
	var units int64
	for l := 0; l+1 < len(sizes); l++ {
		e.Params = satAdd(e.Params, satMul(int64(sizes[l])+1, int64(sizes[l+1])))
		units = satAdd(units, int64(sizes[l+1]))
	}
	in := int64(sizes[0])
	e.Weights = satMul(e.Params, s)
	e.Gradients = satMul(2, e.Weights)
	e.Optimizer = satMul(k, e.Weights)
	perTrain := satAdd(in, satMul(trainTensorsPerUnit, units))
	perEval := satAdd(in, satMul(evalTensorsPerUnit, units))
	e.Activations = satMul(s, satAdd(satMul(2*batch, perTrain), satMul(2*eval, perEval)))
	e.Live = satAdd(satAdd(e.Weights, e.Gradients), satAdd(e.Optimizer, e.Activations))
	e.Total = satMul(2, e.Live)
	return e, nil
}

// String describes the estimate in MiB (or GiB, TiB).
func (e MemoryEstimate) String() string {
	return fmt.Sprintf("%s (%d parameters: weights %s, gradients %s, optimiser %s, activations %s; ×2 for the collector)",
		FormatBytes(e.Total), e.Params, FormatBytes(e.Weights), FormatBytes(e.Gradients), FormatBytes(e.Optimizer), FormatBytes(e.Activations))
}

// FormatBytes writes a byte count with a binary unit: "512 B", "1.5 MiB", "4.0 TiB"; the
// saturated value math.MaxInt64 prints as "≥ 8 EiB".
func FormatBytes(b int64) string {
	if b == math.MaxInt64 {
		return "≥ 8 EiB"
	}
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	v, i := float64(b), 0
	for v >= 1024 && i+1 < len(units) {
		v, i = v/1024, i+1
	}
	if i == 0 {
		return fmt.Sprintf("%d B", b)
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}

func dtypeSize(d Dtype) (int64, error) {
	switch d {
	case Float32:
		return 4, nil
	case Float64:
		return 8, nil
	}
	return 0, fmt.Errorf("nn: unknown dtype %q (valid: %s, %s)", string(d), Float32, Float64)
}

// optimizerStates is the number of parameter-sized state tensors of cfg's optimiser.
func optimizerStates(cfg TrainConfig) (int64, error) {
	if cfg.Custom != nil {
		return 2, nil
	}
	switch cfg.Optimizer.Name {
	case "sgd":
		return 0, nil
	case "momentum", "rmsprop":
		return 1, nil
	case "adam":
		return 2, nil
	}
	return 0, fmt.Errorf("nn: unknown optimiser %q (valid: %s)", cfg.Optimizer.Name, strings.Join(OptimizerNames(), ", "))
}

// satMul is a·b for a, b ≥ 0, or math.MaxInt64 when the product does not fit.
func satMul(a, b int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(lo)
}

// satAdd is a + b for a, b ≥ 0, or math.MaxInt64 when the sum does not fit.
func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// AvailableMemory returns the memory, in bytes, that a new allocation can get without swapping:
// on Linux MemAvailable from /proc/meminfo (the kernel's estimate, page cache that can be
// dropped included), lowered to the room left under the cgroup v2 limit
// (/sys/fs/cgroup/memory.max − memory.current) when the process runs under one. Elsewhere, or
// when /proc/meminfo cannot be read, it returns an error: the caller then skips the memory
// check (and says so) rather than guessing.
func AvailableMemory() (int64, error) {
	if runtime.GOOS != "linux" {
		return 0, fmt.Errorf("nn: available memory is not known on %s (only Linux's /proc/meminfo is read)", runtime.GOOS)
	}
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, fmt.Errorf("nn: available memory: %w", err)
	}
	defer f.Close()
	avail, err := parseMeminfo(io.LimitReader(f, 1<<20))
	if err != nil {
		return 0, err
	}
	if room, ok := cgroupRoom("/sys/fs/cgroup"); ok {
		avail = min(avail, room)
	}
	return avail, nil
}

// parseMeminfo reads the MemAvailable line ("MemAvailable:   12345678 kB") of /proc/meminfo.
func parseMeminfo(r io.Reader) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "MemAvailable:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil || kb < 0 {
				return 0, fmt.Errorf("nn: /proc/meminfo: bad MemAvailable %q", f[1])
			}
			return satMul(kb, 1024), nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("nn: /proc/meminfo: %w", err)
	}
	return 0, errors.New("nn: /proc/meminfo has no MemAvailable line (Linux older than 3.14?)")
}

// cgroupRoom returns memory.max − memory.current of the cgroup v2 folder dir, and false when
// there is no limit ("max") or the files cannot be read.
func cgroupRoom(dir string) (int64, bool) {
	read := func(name string) (int64, bool) {
		b, err := os.ReadFile(dir + "/" + name)
		if err != nil {
			return 0, false
		}
		v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		return v, err == nil
	}
	limit, ok := read("memory.max")
	if !ok {
		return 0, false
	}
	used, ok := read("memory.current")
	if !ok {
		return 0, false
	}
	return max(limit-used, 0), true
}
