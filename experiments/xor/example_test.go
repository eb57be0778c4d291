package xor_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/experiments/xor"
)

// A quick XOR sweep from Go, as `go run ./experiments xor -quick -acts tanh,relu -seeds 3
// -epochs 200 -noisy-epochs 5 -workers 2 -out <dir>` runs it: the runs go to <dir>/runs.csv
// (a second call would resume them) and the tables to <dir>/summary.md and summary.csv.
func Example() {
	dir, err := os.MkdirTemp("", "xor-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	cfg := xor.Quick()
	cfg.Acts = nil
	for _, spec := range []string{"tanh", "relu"} {
		a, err := activations.Parse(spec)
		if err != nil {
			log.Fatal(err)
		}
		cfg.Acts = append(cfg.Acts, a)
	}
	cfg.Seeds, cfg.Epochs, cfg.NoisyEpochs = 3, 200, 5
	if err := xor.Run(context.Background(), cfg, sweep.Options{Dir: dir, Workers: 2}); err != nil {
		log.Fatal(err)
	}
	for _, f := range []string{"runs.csv", "summary.md", "summary.csv"} {
		_, err := os.Stat(filepath.Join(dir, f))
		fmt.Println(f, err == nil)
	}
	recs, err := sweep.Load(filepath.Join(dir, "runs.csv"))
	if err != nil {
		log.Fatal(err)
	}
	runs := map[sweep.Key]bool{}
	for _, r := range recs {
		runs[r.Key] = true
	}
	fmt.Println(len(runs), "runs")
	// Output:
	// runs.csv true
	// summary.md true
	// summary.csv true
	// 36 runs
}
