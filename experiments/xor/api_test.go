package xor

import (
	"context"
	"slices"
	"testing"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/testutil"
	"github.com/isingact/isingact/experiments/sweep"
)

// TestRunIsTheCommand: Run with a Config gives the same runs as the command with the flags
// that set that Config (the command is a flag shell over Run).
func TestRunIsTheCommand(t *testing.T) {
	cli, api := t.TempDir(), t.TempDir()
	if _, _, err := testutil.RunCommand(context.Background(), runCommand, "-quick", "-acts", "tanh,relu", "-seeds", "2",
		"-epochs", "100", "-noisy-epochs", "3", "-workers", "2", "-out", cli); err != nil {
		t.Fatal(err)
	}
	cfg := Quick()
	var err error
	if cfg.Acts, err = command.ParseActs([]string{"tanh", "relu"}); err != nil {
		t.Fatal(err)
	}
	cfg.Seeds, cfg.Epochs, cfg.NoisyEpochs = 2, 100, 3
	if err := Run(context.Background(), cfg, sweep.Options{Dir: api, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	a, _ := testutil.ReadRuns(t, cli)
	b, _ := testutil.ReadRuns(t, api)
	if ra, rb := testutil.ResultRows(a), testutil.ResultRows(b); len(ra) == 0 || !slices.Equal(ra, rb) {
		t.Errorf("the command and Run wrote different runs: %d and %d rows", len(ra), len(rb))
	}
}
