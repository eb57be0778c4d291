package peer_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/isingact/isingact/experiments/peer"
	"github.com/isingact/isingact/experiments/sweep"
)

// The benchmark from Go, as go run ./experiments peer -quick runs it. It needs PyTorch (set up
// with bench/peer/setup.sh) and is run from the repository root, so this example is compiled but
// not run by go test.
func Example() {
	if err := peer.Run(context.Background(), peer.Quick(), sweep.Options{Workers: 1, Stdout: os.Stdout}); err != nil {
		log.Fatal(err)
	}
}

// The quick preset: one round on the first 10 000 training images.
func ExampleQuick() {
	c := peer.Quick()
	fmt.Println(c.Rounds, c.Limit, c.Hidden, c.Activation)
	// Output: 1 10000 [128] relu
}
