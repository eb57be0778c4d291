package site

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/plots"
)

// An activation page shows the activation's panel of the gallery (go run ./experiments figures:
// results/figures/gallery.svg): F and DF at the default spec on the gallery's axes, drawn here
// rather than cut out of the gallery's SVG (whose layout is gonum's to change), with the same
// range, samples, colours and frame. A curve leaving the frame is cut at it, as in the gallery.
const (
	panelXMin, panelXMax = -3.0, 3.0
	panelYMin, panelYMax = -1.25, 3.25
	panelSamples         = 601
	panelWidth           = 5 * vg.Inch
	panelHeight          = 3.4 * vg.Inch
)

// Panel draws the gallery panel of a (F solid blue, DF dashed red) as SVG.
func Panel(a Activation) ([]byte, error) {
	act, err := activations.Parse(a.Default)
	if err != nil {
		return nil, fmt.Errorf("site: panel: %w", err)
	}
	p := plot.New()
	p.Title.Text = a.Default + " (" + a.Kind + "): F solid, DF dashed"
	p.X.Label.Text, p.Y.Label.Text = "x (quench, units of Tc for derived activations)", "F, DF"
	p.Add(plotter.NewGrid())
	curves := []struct {
		name   string
		f      func(float64) float64
		color  color.Color
		dashes []vg.Length
	}{
		{"F(x)", act.F, plotutil.Color(2), nil},
		{"DF(x)", act.DF, plotutil.Color(0), []vg.Length{vg.Points(4), vg.Points(2)}},
	}
	for _, c := range curves {
		l, err := plotter.NewLine(plots.Sample(c.f, panelXMin, panelXMax, panelSamples))
		if err != nil {
			return nil, fmt.Errorf("site: panel %s: %s: %w", a.Default, c.name, err)
		}
		l.Color, l.Dashes, l.Width = c.color, c.dashes, vg.Points(1.6)
		p.Add(l)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = panelXMin, panelXMax, panelYMin, panelYMax
	c := vgsvg.New(panelWidth, panelHeight)
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	p.Draw(dc)
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("site: panel %s: %w", a.Default, err)
	}
	return b.Bytes(), nil
}
