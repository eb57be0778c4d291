package peer

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/isingact/isingact/datasets"
	"github.com/isingact/isingact/nn"
)

// bench is one benchmark's data and settings.
type bench struct {
	cfg         Config
	arch        nn.Arch
	train, test *datasets.Set
	dataDir     string
	valFile     string
	stdout      io.Writer
	setup       string // the printed setup line
	noTorch     string // why PyTorch cannot run ("" when it can)
}

// Sides of the benchmark, as printed and written.
const (
	sideGo    = "Go"
	sideTorch = "PyTorch"
)

// setting is one side at one thread count.
type setting struct {
	side    string
	threads int
}

// run is one run of a setting in a round.
type run struct {
	setting
	round int
	result
}

// order returns the settings of round r: for each thread count PyTorch then Go, reversed in
// every other round, so that a drift of the machine's load or clock favours no side and no
// thread count.
func (b *bench) order(r int) []setting {
	var s []setting
	for _, t := range b.cfg.Threads {
		if b.noTorch == "" {
			s = append(s, setting{sideTorch, t})
		}
		s = append(s, setting{sideGo, t})
	}
	if r%2 == 1 {
		slices.Reverse(s)
	}
	return s
}

// rounds runs the alternating rounds into res.runs and prints each run; it returns PyTorch's
// version line.
func (b *bench) rounds(ctx context.Context, res *results) (torchInfo string, err error) {
	for r := 0; r < b.cfg.Rounds; r++ {
		seed := b.cfg.Seed + uint64(r)
		for _, s := range b.order(r) {
			if err := ctx.Err(); err != nil {
				return "", fmt.Errorf("peer: %w", err)
			}
			var out result
			var err error
			if s.side == sideGo {
				out, err = trainGo(ctx, b.cfg, b.arch, seed, s.threads, b.train, b.test)
			} else {
				out, torchInfo, err = runPython(ctx, b.cfg, b.dataDir, b.valFile, seed, s.threads)
			}
			if err != nil {
				return "", fmt.Errorf("peer: round %d, %s %d thread(s): %w", r+1, s.side, s.threads, err)
			}
			res.runs = append(res.runs, run{setting: s, round: r + 1, result: out})
			fmt.Fprintf(b.stdout, "round %d  %-7s  %d thread(s)  epoch s %s  test acc %.4f\n", r+1, s.side, s.threads, formatSeconds(out.Seconds), out.TestAcc)
		}
	}
	if torchInfo != "" {
		fmt.Fprintf(b.stdout, "PyTorch: %s\n", torchInfo)
	}
	fmt.Fprintln(b.stdout)
	return torchInfo, nil
}
