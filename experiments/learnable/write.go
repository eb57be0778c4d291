package learnable

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
	"github.com/isingact/isingact/internal/atomicfile"
)

// write writes summary.md (printed on o.Stdout too), summary.csv, params.csv, the plots and
// README.md into o.Dir.
func write(cfg Config, o sweep.Options, res Result, st sweep.Stats, start time.Time, load string) error {
	proto := protocol(cfg)
	runs := fmt.Sprintf("Runs: %d (%d trained now, %d already in runs.csv).", st.Total, st.Done, st.Skipped)
	md := report.Header(o.Command, start) + "\n" + proto + "\n\n" + runs + "\n\n" + markdown(cfg, res)
	var all []Comparison
	var dists []ParamDist
	for _, ds := range []string{"mnist", "xor"} {
		all, dists = append(all, res.Comparisons[ds]...), append(dists, res.Params[ds]...)
	}
	err := errors.Join(atomicfile.WriteFile(filepath.Join(o.Dir, "summary.md"), []byte(md)),
		atomicfile.WriteFile(filepath.Join(o.Dir, "summary.csv"), summaryCSV(all)),
		atomicfile.WriteFile(filepath.Join(o.Dir, "params.csv"), paramsCSV(dists)))
	if err != nil {
		return err
	}
	if o.Stdout != nil {
		fmt.Fprint(o.Stdout, md)
	}
	figs, err := drawPlots(o.Dir, res)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	var pl strings.Builder
	pl.WriteString("Tables: [summary.md](summary.md); learned parameters: [params.csv](params.csv).")
	for _, f := range figs {
		fmt.Fprintf(&pl, "\n\n![%s](%s.png)", strings.ReplaceAll(f, "_", " "), f)
	}
	rd := report.Readme{Title: "Learnable physics parameters: fixed vs learned, paired by seed", Header: report.Header(o.Command, start),
		LoadFrom: load, Protocol: proto, Notes: runs + "\n\n" + pl.String()}
	return rd.Write(o.Dir)
}

// markdown is the tables of both datasets.
func markdown(cfg Config, res Result) string {
	var b strings.Builder
	m, x := cfg.MNIST, cfg.XOR
	if m.Seeds > 0 {
		b.WriteString(comparisonMarkdown(fmt.Sprintf("MNIST test accuracy after %d epochs (MLP 784-%s-10): learnable − fixed, paired by seed",
			m.Epochs, sweep.FormatHidden(m.Hidden)), res.Comparisons["mnist"]))
		if skipped := skippedNames(cfg); len(skipped) > 0 {
			fmt.Fprintf(&b, "\nNot on MNIST (-skip-mnist): %s — XOR only (population's learned σ costs ~35× the fixed form per element).\n", strings.Join(skipped, ", "))
		}
		b.WriteString("\n" + paramMarkdown("MNIST: learned parameters after the last epoch, across units and seeds", res.Params["mnist"]) + "\n")
	}
	if x.Seeds > 0 {
		b.WriteString(comparisonMarkdown(fmt.Sprintf("XOR success rate within %d epochs (MLP 2-%s-1): learnable − fixed, paired by seed",
			x.Epochs, sweep.FormatHidden(x.Hidden)), res.Comparisons["xor"]))
		b.WriteString("\n" + paramMarkdown("XOR: learned parameters after the last epoch, across units and seeds", res.Params["xor"]))
	}
	return b.String()
}

// drawPlots draws the distributions and trajectories of both datasets; it returns the base
// names of the files.
func drawPlots(dir string, res Result) ([]string, error) {
	var out []string
	for _, ds := range []string{"mnist", "xor"} {
		base, err := distributionPlot(dir, ds, res.Params[ds])
		if err != nil {
			return nil, err
		}
		if base != "" {
			out = append(out, base)
		}
		bases, err := trajectoryPlots(dir, ds, res.Traj[ds])
		if err != nil {
			return nil, err
		}
		out = append(out, bases...)
	}
	return out, nil
}

// protocol says what the runs are and how the tables are computed.
func protocol(cfg Config) string {
	m, x := cfg.MNIST, cfg.XOR
	lrs := fmt.Sprintf("the rate the mnist comparison chose for the fixed activation (%s, column lr), %s where it has none", m.LRFrom, sweep.FormatFloat(m.LR))
	if m.LRFrom == "" {
		lrs = sweep.FormatFloat(m.LR)
	}
	subset := "all images"
	if m.Subset > 0 {
		subset = fmt.Sprintf("the first %d training images and the first min(%d, 10000) validation and test images", m.Subset, m.Subset)
	}
	return fmt.Sprintf(`Each fixed activation (%s) is compared with its learnable twin: the same spec with every learnable parameter learned per unit (learn=…,per=unit), starting from the fixed value; a field h that starts at h ≥ 0 is learned on h ≥ 0 (min.h=0: for x > 0 the mean-field forms jump where h changes sign, a jump gradient descent cannot see). Learned parameters have no weight decay and are clamped to their range after every step.

MNIST (seeds 1..%d): MLP 784-%s-10, float32, Glorot-uniform, softmax cross-entropy, %s, batch %d, %d epochs, %s; learning rate: %s, the same for both of a pair. XOR (seeds 1..%d): MLP 2-%s-1 on the four points, binary cross-entropy, %s lr %s, full batch, at most %d epochs, stopping at success (all four right).

Both members of a pair share each seed's initial weights and batch order. Tables: learnable − fixed, paired by seed. MNIST: mean difference of test accuracy with its paired t 95%% interval, paired t-test, exact sign-flip permutation test, TOST within ±%s points. XOR: difference of success rates with Tango's score interval, exact McNemar test, sign-flip test, Tango TOST within ±%s points. Holm across each table's paired p-values; verdict: better/worse when p Holm < 0.05, equivalent when p TOST < 0.05, else inconclusive. Learned parameters: per-unit values after the last epoch over every unit and seed (params.csv); trajectories: the runs' param:<name>:mean and :std rows, pooled across units and runs.`,
		command.JoinActs(cfg.Acts), m.Seeds, sweep.FormatHidden(m.Hidden), m.Opt, m.Batch, m.Epochs, subset, lrs,
		x.Seeds, sweep.FormatHidden(x.Hidden), x.Opt, sweep.FormatFloat(x.LR), x.Epochs, pct(m.Margin), pct(x.Margin))
}

// skippedNames are the names of cfg's activations that the MNIST part leaves out.
func skippedNames(cfg Config) []string {
	var out []string
	for _, p := range pairs(cfg) {
		if n := name(p.fixed); slices.Contains(cfg.MNIST.Skip, n) && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
