package main

import (
	"context"
	"errors"
	"io"
)

// runMNIST is a placeholder until the mnist command lands.
func runMNIST(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	return errors.New("mnist: not implemented yet")
}
