package figures_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/isingact/isingact/experiments/figures"
	"github.com/isingact/isingact/experiments/sweep"
)

// Two of the paper's figures from Go, with the README that lists them.
func Example() {
	dir, err := os.MkdirTemp("", "figures-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	cfg := figures.Quick()
	cfg.Only = []string{"fig1_meanfield_magnetization", "fig3_spike_count"}
	if err := figures.Run(context.Background(), cfg, sweep.Options{Dir: dir, Workers: 1}); err != nil {
		log.Fatal(err)
	}
	for _, f := range []string{"fig1_meanfield_magnetization.png", "fig3_spike_count.svg", "README.md"} {
		_, err := os.Stat(filepath.Join(dir, f))
		fmt.Println(f, err == nil)
	}
	// Output:
	// fig1_meanfield_magnetization.png true
	// fig3_spike_count.svg true
	// README.md true
}
