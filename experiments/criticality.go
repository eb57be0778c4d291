package main

import (
	"context"
	"errors"
	"io"
)

// runCriticality is a placeholder until the criticality command lands.
func runCriticality(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	return errors.New("criticality: not implemented yet")
}
