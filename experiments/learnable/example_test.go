package learnable_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/learnable"
	"github.com/isingact/isingact/experiments/sweep"
)

// Fixed against learnable quench-sigmoid on XOR only, from Go, as `go run ./experiments
// learnable -acts quench-sigmoid -seeds 0 -xor-seeds 5 -xor-epochs 100 -out <dir>` runs it: the
// runs go to <dir>/runs.csv, the comparison to summary.csv and the learned c to params.csv.
func Example() {
	dir, err := os.MkdirTemp("", "learnable-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	a, err := activations.Parse("quench-sigmoid")
	if err != nil {
		log.Fatal(err)
	}
	twin, _ := learnable.Learn(a)
	fmt.Println(twin)

	cfg := learnable.Quick()
	cfg.Acts = []activations.Activation{a}
	cfg.MNIST.Seeds = 0 // XOR only
	cfg.XOR.Seeds, cfg.XOR.Epochs = 5, 100
	if err := learnable.Run(context.Background(), cfg, sweep.Options{Dir: dir, Workers: 2}); err != nil {
		log.Fatal(err)
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
	for _, f := range []string{"summary.csv", "params.csv"} {
		_, err := os.Stat(filepath.Join(dir, f))
		fmt.Println(f, err == nil)
	}
	// Output:
	// quench-sigmoid:c=0,learn=c,per=unit
	// 10 runs
	// summary.csv true
	// params.csv true
}
