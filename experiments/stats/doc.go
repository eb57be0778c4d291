// Package stats holds the statistics of the experiments' tables: descriptive summaries and
// intervals, and the paired comparisons of protocol v2 (issue 12).
//
// Every activation in a comparison is trained on the same seeds, so the same initial weights and
// batch order; a comparison against the baseline is therefore paired by seed. For per-seed pairs
// (x_i, y_i) the analysis works on the differences d_i = x_i − y_i:
//
//   - Paired: mean difference, its paired t interval, the two-sided paired t-test p-value, an
//     exact sign-flip permutation p-value, and TOST equivalence against ±margin.
//   - Holm: Holm's step-down adjustment of the p-values of all comparisons in one table.
//   - McNemar and TangoTOST: the same questions for paired binary outcomes (success or not).
//   - Verdict: better / worse / equivalent / inconclusive from the adjusted and TOST p-values.
//   - MinDetectable: the smallest difference a table could detect at 80% power.
//   - WilsonInterval and ClippedT: intervals that stay inside [0, 1] for rates and accuracies,
//     and say so when a sample of one has no interval.
//
// Reference values in the tests come from SciPy and statsmodels via testdata/ref.py; each table
// says which function and version produced it.
package stats
