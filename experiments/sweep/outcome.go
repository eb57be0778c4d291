package sweep

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/isingact/isingact/nn"
)

// FitOutcome sorts the error of nn.Trainer.Fit for a job: divergence (nn.ErrDiverged, a loss
// that became NaN or infinite) is a result of the run — diverged is 1 and the error nil, so the
// run is written with a diverged row — while cancellation and any other failure are returned
// (the run is not written and is retried). Cancellation is never divergence.
func FitOutcome(ctx context.Context, err error) (diverged float64, _ error) {
	switch {
	case err == nil:
		return 0, nil
	case ctx.Err() != nil:
		return 0, ctx.Err()
	case errors.Is(err, nn.ErrDiverged):
		return 1, nil
	}
	return 0, err
}

// CheckDir fails early, before any training, when dir cannot be created or written; the error
// names the -out flag, which sets it on the command line.
func CheckDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-out %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("-out %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
