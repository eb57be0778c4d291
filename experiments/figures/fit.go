package figures

import (
	"context"
	"fmt"

	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/physics"
)

// tanhFit is the founding paper's Figure 2: the mean-field magnetization with the Eq. 2 tanh
// fit, the paper's a = 6, k = 1 beside the least-squares best fit.
func tanhFit() figure {
	return figure{
		Name: "fig2_tanh_fit",
		Caption: "The paper's Figure 2: the mean-field magnetization m(T) = physics.Magnetization(T, 0) " +
			"(units zJ = k_B = 1, Tc = 1) with the paper's Eq. 2, m(T) ≈ ½ − ½·tanh(a(T − k·Tc)), " +
			"for the paper's a = 6, k = 1 and for the least-squares best a, k (physics.FitEq2 on " +
			"2001 equally spaced T in [0, 2]). The legend gives each fit's RMS error on that grid " +
			"(physics.Eq2RMS).",
		Draw: drawTanhFit,
	}
}

func drawTanhFit(ctx context.Context, env *env) ([]string, error) {
	fit, err := physics.FitEq2(physics.Eq2GridLo, physics.Eq2GridHi, physics.Eq2GridN)
	if err != nil {
		return nil, err
	}
	paperRMS, err := physics.Eq2RMS(physics.PaperEq2A, physics.PaperEq2K, physics.Eq2GridLo, physics.Eq2GridHi, physics.Eq2GridN)
	if err != nil {
		return nil, err
	}
	p := plots.NewPlot("Magnetization fitted to a tanh (paper's Figure 2)", "T / Tc", "magnetization m")
	p.Legend.Left = false
	const lo, hi, n = 0.0, 2.0, 801
	curves := []struct {
		label string
		f     func(float64) float64
		st    plots.Style
	}{
		{"mean field m(T), h = 0", func(t float64) float64 { return physics.Magnetization(t, 0) }, plots.Style{Color: 0, Width: 2.5}},
		{fmt.Sprintf("Eq. 2, paper: a = %g, k = %g (RMS %.4f)", physics.PaperEq2A, physics.PaperEq2K, paperRMS),
			func(t float64) float64 { return physics.Eq2(t, physics.PaperEq2A, physics.PaperEq2K) }, plots.Style{Color: 1, Dashes: 1, Width: 1.5}},
		{fmt.Sprintf("Eq. 2, best fit: a = %.3f, k = %.4f (RMS %.4f)", fit.A, fit.K, fit.RMS),
			func(t float64) float64 { return physics.Eq2(t, fit.A, fit.K) }, plots.Style{Color: 2, Dashes: 2, Width: 1.5}},
	}
	for _, c := range curves {
		if err := plots.AddLine(p, c.label, plots.Sample(c.f, lo, hi, n), c.st); err != nil {
			return nil, err
		}
	}
	if err := plots.VLine(p, 1, 0, 1.05); err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = -0.05, 1.3
	p.Y.Tick.Marker = plots.UnitTicks()
	_, err = plots.SaveFigure(p, env.dir, "fig2_tanh_fit")
	return nil, err
}
