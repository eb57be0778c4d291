// Package mnist is the mnist experiment: an MLP (default 784-256-10, float32) trained on MNIST
// per activation, with a fair learning rate — the same bracketing rule for every activation,
// decided on the validation split only (PlanSweep, Bracket) — the test accuracies compared with
// a baseline paired by seed (report.Comparison: paired t, sign-flip, Holm, TOST, verdict), a
// second table with the gain initialiser, and the sparsity of the code on the test set.
//
// The run is staged so that any process can continue it from the runs files of its folder:
// PlanSweep(cfg, LoadRecords(dir)) gives the sweep's state and the runs the current round still
// needs (SweepState.Pending); FinalKeys and GainKeys the runs after a complete sweep; Jobs turns
// keys into sweep jobs; Tables builds the summary tables from the records. Config.Stage (-stage
// sweep|final|all) runs one round, the final stage, or everything.
//
// From Go: mnist.Run(ctx, mnist.Quick(), sweep.Options{Dir: dir, Workers: 2}) does what
// go run ./experiments mnist -quick -out dir -workers 2 does.
package mnist
