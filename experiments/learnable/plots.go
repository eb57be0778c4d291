package learnable

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/isingact/isingact/experiments/plots"
)

// trajectoryPlots draws, per dataset and parameter key (h, a, theta, c, sigma), the learned
// values over the epochs: a curve per learnable activation, its mean over units and runs with a
// band of ± the pooled standard deviation across units. Files:
// <dir>/learnable_<dataset>_trajectory_<key>.{png,svg}; it returns their base names.
func trajectoryPlots(dir, dataset string, ts []Trajectory) ([]string, error) {
	byKey := map[string][]plots.Curve{}
	var keys []string
	for _, t := range ts {
		if len(t.Epochs) == 0 {
			continue
		}
		key, _, _ := strings.Cut(t.Param, ".")
		if !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
		byKey[key] = append(byKey[key], plots.Curve{Label: shortLabel(t.Learned) + " " + t.Param, X: t.Epochs, Mean: t.Mean, Std: t.Std})
	}
	var out []string
	for _, key := range keys {
		base := fmt.Sprintf("learnable_%s_trajectory_%s", dataset, key)
		title := fmt.Sprintf("%s: learned %s over training (mean ± std across units and seeds)", strings.ToUpper(dataset), key)
		if err := plots.LearningCurves(filepath.Join(dir, base), title, "epoch", key, byKey[key]); err != nil {
			return nil, fmt.Errorf("%s: %w", base, err)
		}
		out = append(out, base)
	}
	return out, nil
}

// distributionPlot draws, per dataset, a histogram of every learned parameter's final values
// across units and seeds, one tile each, with the initial value as a dashed line. File:
// <dir>/learnable_<dataset>_distribution.{png,svg}; it returns the base name ("" for none).
func distributionPlot(dir, dataset string, ds []ParamDist) (string, error) {
	var tiles []*plot.Plot
	for _, d := range ds {
		if len(d.Values) == 0 {
			continue
		}
		p := plots.NewPlot(shortLabel(d.Learned), d.Param+" after training", "units")
		p.Title.TextStyle.Font.Size = vg.Points(9)
		h, err := plotter.NewHist(plotter.Values(finite(d.Values)), 30)
		if err != nil {
			return "", fmt.Errorf("histogram of %s %s: %w", d.Learned, d.Param, err)
		}
		p.Add(h)
		if plots.Finite(d.Initial) {
			_, _, _, top := h.DataRange()
			if err := plots.VLine(p, d.Initial, 0, top); err != nil {
				return "", err
			}
		}
		tiles = append(tiles, p)
	}
	if len(tiles) == 0 {
		return "", nil
	}
	base := "learnable_" + dataset + "_distribution"
	cols := min(3, len(tiles))
	return base, plots.SaveTiles(tiles, cols, 3.6*vg.Inch, 2.8*vg.Inch, nil, filepath.Join(dir, base))
}

// shortLabel drops what every learnable spec of this experiment shares (",per=unit").
func shortLabel(spec string) string { return strings.Replace(spec, ",per=unit", "", 1) }

func finite(v []float64) []float64 {
	var out []float64
	for _, x := range v {
		if plots.Finite(x) {
			out = append(out, x)
		}
	}
	return out
}
