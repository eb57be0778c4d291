package main

import (
	"context"
	"errors"
	"io"
)

// runXOR is a placeholder until the xor command lands.
func runXOR(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	return errors.New("xor: not implemented yet")
}
