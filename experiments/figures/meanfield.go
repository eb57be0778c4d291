package figures

import (
	"context"
	"fmt"

	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/physics"
)

// meanField is the founding paper's Figure 1: the mean-field magnetization against T/Tc.
func meanField() figure {
	return figure{
		Name: "fig1_meanfield_magnetization",
		Caption: "The paper's Figure 1: mean-field magnetization m against T/Tc (units zJ = k_B = 1, " +
			"so Tc = 1), the roots of m = tanh((m + h)/t). For h = 0: the two ordered branches ±m " +
			"below Tc and the m = 0 solution (unstable below Tc, dashed; the only one above). For " +
			"h > 0: the stable root, physics.Magnetization(t, h), which is smooth through Tc.",
		Draw: drawMeanField,
	}
}

func drawMeanField(ctx context.Context, env *env) ([]string, error) {
	p := plots.NewPlot("Mean-field magnetization (paper's Figure 1)", "T / Tc", "magnetization m")
	const n = 801
	pos := func(t float64) float64 { return physics.Magnetization(t, 0) }
	neg := func(t float64) float64 { return -physics.Magnetization(t, 0) }
	zero := func(float64) float64 { return 0 }
	if err := plots.AddLine(p, "h = 0, m > 0 branch (the paper's)", plots.Sample(pos, 0, 2, n), plots.Style{Color: 0, Width: 2}); err != nil {
		return nil, err
	}
	if err := plots.AddLine(p, "h = 0, m < 0 branch", plots.Sample(neg, 0, 2, n), plots.Style{Color: 0, Dashes: 0, Width: 1}); err != nil {
		return nil, err
	}
	if err := plots.AddLine(p, "h = 0, m = 0 (unstable below Tc)", plots.Sample(zero, 0, 1, 2), plots.Style{Color: 0, Dashes: 2, Width: 1}); err != nil {
		return nil, err
	}
	if err := plots.AddLine(p, "", plots.Sample(zero, 1, 2, 2), plots.Style{Color: 0, Width: 2}); err != nil {
		return nil, err
	}
	for i, h := range []float64{0.01, 0.05, 0.2} {
		f := func(t float64) float64 { return physics.Magnetization(t, h) }
		if err := plots.AddLine(p, fmt.Sprintf("h = %g", h), plots.Sample(f, 0, 2, n), plots.Style{Color: i + 1, Width: 1.5}); err != nil {
			return nil, err
		}
	}
	if err := plots.VLine(p, 1, -1.05, 1.05); err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = -1.1, 1.1
	p.Legend.Top, p.Legend.Left = false, false
	_, err := plots.SaveFigure(p, env.dir, "fig1_meanfield_magnetization")
	return nil, err
}
