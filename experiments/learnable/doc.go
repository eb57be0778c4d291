// Package learnable is the learnable-physics-parameters experiment (issue 15): does a network
// that learns its activation's physics — the field h of the mean-field forms, the slope a and
// threshold θ of the tanh fit, the constant c of the spike counts, the quench noise σ of the
// population form — train better than the same activation with the parameters fixed by hand,
// and what does it learn?
//
// Every fixed activation is paired with its learnable twin (Learn: every learnable parameter
// learned per unit, from the fixed value; h on h ≥ 0), trained on MNIST (as the mnist
// experiment's final runs, at the learning rate it chose) and on XOR (as the xor experiment's
// MLP runs), on the same seeds, so the comparison is paired: learnable − fixed with a 95%
// interval, paired and permutation tests, Holm, TOST and a verdict (Comparison). The learned
// values are read from the runs' param:<name>:… rows (sweep.ParamTracker): their distribution
// across units and seeds after training (ParamDist) and their trajectory over the epochs
// (Trajectory), tabulated and plotted. ReadmeSection writes the repository README's paragraph
// from the committed summary.csv and params.csv.
//
// A Go program runs it as the CLI does:
//
//	learnable.Run(ctx, learnable.Quick(), sweep.Options{Dir: dir, Workers: 2})
package learnable
