package main

import (
	"context"
	"errors"
	"io"
)

// runAll is a placeholder until the all command lands.
func runAll(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	return errors.New("all: not implemented yet")
}
