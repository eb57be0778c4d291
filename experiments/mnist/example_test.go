package mnist_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/mnist"
	"github.com/isingact/isingact/experiments/sweep"
)

// A tiny MNIST comparison from Go, as `go run ./experiments mnist -quick -acts relu,tanh -subset
// 300 -hidden 8 -epochs 1 -workers 2 -out <dir>` runs it (the MNIST files come from the GoMNIST
// module in the module cache).
func Example() {
	dir, err := os.MkdirTemp("", "mnist-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	cfg := mnist.Quick()
	if cfg.Acts, err = command.ParseActs([]string{"relu", "tanh"}); err != nil {
		log.Fatal(err)
	}
	cfg.Subset, cfg.Hidden, cfg.Epochs = 300, [][]int{{8}}, 1
	if err := mnist.Run(context.Background(), cfg, sweep.Options{Dir: dir, Workers: 2}); err != nil {
		log.Fatal(err)
	}
	for _, f := range []string{"runs.csv", "summary.md", "summary.csv", "mnist_test_accuracy_mlp_8.png"} {
		_, err := os.Stat(filepath.Join(dir, f))
		fmt.Println(f, err == nil)
	}
	// Output:
	// runs.csv true
	// summary.md true
	// summary.csv true
	// mnist_test_accuracy_mlp_8.png true
}
