package figures

import (
	"context"
	"math"

	"github.com/isingact/isingact/experiments/plots"
	"github.com/isingact/isingact/physics"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// spikeCount compares the exact mean-field spike count with ReLU, softplus and the paper's
// closed-form quench integrals.
func spikeCount() figure {
	return figure{
		Name: "fig3_spike_count",
		Caption: "Spike count (the paper's quench integral, section 2.4) against the quench q, in " +
			"units of Tc: the exact mean-field S(q) = ∫₀^q m(1 − u) du (physics.SpikeCount(q, 0)), " +
			"ReLU max(0, q), softplus(q) − ln 2, the closed forms ∫₀^q ½(1 + tanh(a·u)) du for " +
			"a = 1 (the paper's printed integral) and a = 6 (the paper's Eq. 2 fit) " +
			"(physics.QuenchTanh), and ∫₀^q σ(u) du (physics.QuenchSigmoid, markers: equal to " +
			"softplus − ln 2). Dash-dotted: the same integral of the exact 2D square-lattice " +
			"magnetization (Onsager/Yang), q and S in units of its Tc = 2.269: " +
			"physics.OnsagerSpikeCount(q·Tc)/Tc.",
		Draw: drawSpikeCount,
	}
}

func drawSpikeCount(ctx context.Context, env *env) ([]string, error) {
	p := plots.NewPlot("Spike count: quench integral of the magnetization", "quench q / Tc", "spike count S(q)")
	const a, b, n = -2.0, 3.0, 501
	curves := []struct {
		label string
		f     func(float64) float64
		st    plots.Style
	}{
		{"mean field: ∫[0,q] m(1 − u) du (exact)", func(q float64) float64 { return physics.SpikeCount(q, 0) }, plots.Style{Color: 0, Width: 2.5}},
		{"ReLU: max(0, q)", func(q float64) float64 { return math.Max(0, q) }, plots.Style{Color: 1, Dashes: 1}},
		{"softplus(q) − ln 2", func(q float64) float64 { return math.Log1p(math.Exp(q)) - math.Ln2 }, plots.Style{Color: 2}},
		{"∫[0,q] ½(1 + tanh u) du (a = 1)", func(q float64) float64 { return physics.QuenchTanh(q, 1) }, plots.Style{Color: 3, Dashes: 2}},
		{"∫[0,q] ½(1 + tanh 6u) du (a = 6)", func(q float64) float64 { return physics.QuenchTanh(q, 6) }, plots.Style{Color: 4, Dashes: 3}},
		{"2D exact (Onsager), units of its Tc", func(q float64) float64 {
			return physics.OnsagerSpikeCount(q*physics.OnsagerTc) / physics.OnsagerTc
		}, plots.Style{Color: 5, Dashes: 4}},
	}
	for _, c := range curves {
		if err := plots.AddLine(p, c.label, plots.Sample(c.f, a, b, n), c.st); err != nil {
			return nil, err
		}
	}
	var sig plotter.XYs
	for q := a; q <= b+1e-9; q += 0.25 {
		sig = append(sig, plotter.XY{X: q, Y: physics.QuenchSigmoid(q)})
	}
	if err := plots.AddPoints(p, "∫[0,q] σ(u) du (QuenchSigmoid)", sig, 2, draw.CircleGlyph{}); err != nil {
		return nil, err
	}
	if err := plots.VLine(p, 0, -0.8, 3); err != nil {
		return nil, err
	}
	p.Y.Min, p.Y.Max = -0.8, 3
	_, err := plots.SaveFigure(p, env.dir, "fig3_spike_count")
	return nil, err
}
