package criticality_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/criticality"
	"github.com/isingact/isingact/experiments/sweep"
)

// The phase diagrams of tanh and ReLU on a coarse grid and a tiny trainability grid of tanh,
// from Go (the command is go run ./experiments criticality with the same settings as flags).
func Example() {
	dir, err := os.MkdirTemp("", "criticality-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	cfg := criticality.Quick()
	cfg.Parts = []string{"phase", "train"}
	if cfg.PhaseActs, err = command.ParseActs([]string{"tanh", "relu"}); err != nil {
		log.Fatal(err)
	}
	cfg.Acts = cfg.PhaseActs[:1]
	cfg.GridW, cfg.GridB, cfg.CurveB = 6, 4, 3
	cfg.Depths, cfg.Width, cfg.Steps, cfg.Subset, cfg.Eval, cfg.Batch, cfg.SWPoints = []int{2, 3}, 8, 4, 64, 64, 16, 2
	if err := criticality.Run(context.Background(), cfg, sweep.Options{Dir: dir, Workers: 2}); err != nil {
		log.Fatal(err)
	}
	for _, f := range []string{"eoc_table.md", "phase_overview.png", "trainability.csv", "runs.csv"} {
		_, err := os.Stat(filepath.Join(dir, f))
		fmt.Println(f, err == nil)
	}
	// Output:
	// eoc_table.md true
	// phase_overview.png true
	// trainability.csv true
	// runs.csv true
}
