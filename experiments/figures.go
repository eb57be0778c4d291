package main

import (
	"context"
	"errors"
	"io"
)

// runFigures is a placeholder until the figures command lands.
func runFigures(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	return errors.New("figures: not implemented yet")
}
