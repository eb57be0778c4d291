package figures

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/isingact/isingact/activations"
	"github.com/isingact/isingact/experiments/plots"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The activation gallery: F and DF of every registered activation at its default spec, read from
// the registry (activations.All), so that a newly registered activation appears without an edit
// here. Three outputs: the grid of panels (gallery), the derived activations' F on one axes
// (gallery_derived) and the ReLU-like ones, derived against stock (gallery_relu_like), where the
// founding paper's claim that the spike count (the quench integral of the magnetization,
// section 2.4) behaves like ReLU/ELU can be read off.

// Gallery geometry: every curve is sampled at gallerySamples points of [galleryXMin, galleryXMax]
// (x = 0, the critical point, is a sample); every panel shares the y range
// [galleryYMin, galleryYMax], so panels compare at a glance; a curve that leaves it (a clipped
// divergent derivative such as mf-magnetization's DF, capped at maxslope) is cut at the frame
// and its extreme is written in the panel.
const (
	galleryXMin, galleryXMax = -3.0, 3.0
	gallerySamples           = 601
	galleryYMin, galleryYMax = -1.25, 3.25
	galleryCols              = 4
	galleryPanelWidth        = 3 * vg.Inch
	galleryPanelHeight       = 2.45 * vg.Inch
	galleryHeader            = 0.8 * vg.Inch
	galleryDPI               = 120
)

// galleryReLUTail is where galleryReLULike reads the slope of the upper tail.
const galleryReLUTail = 30.0

// Colours of the gallery: F and DF in every panel, and the background tint of derived panels.
var (
	galleryFColor       = plotutil.Color(2) // blue
	galleryDFColor      = plotutil.Color(0) // red
	galleryDerivedTint  = color.RGBA{R: 0xff, G: 0xf3, B: 0xe0, A: 0xff}
	galleryDerivedTitle = color.RGBA{R: 0x9c, G: 0x3d, B: 0x00, A: 0xff}
)

// gallery is the activation gallery figure.
func gallery() figure {
	return figure{
		Name: "gallery",
		Caption: "Activation gallery: F(x) (solid) and its derivative DF(x) (dashed) of every " +
			"registered activation (activations.All: " + strings.Join(activations.Names(), ", ") +
			") at its default spec, on x ∈ [−3, 3], one panel each, titled with the canonical spec; " +
			"derived (Ising) panels are tinted and tagged. Panels share the y range [−1.25, 3.25]; " +
			"a curve cut at the frame has its extreme written in the panel. gallery_derived: the " +
			"derived activations' F on one axes. gallery_relu_like: every ReLU-like activation " +
			"(nondecreasing on [−3, 3] and DF(30) within 0.05 of 1, i.e. unbounded above with unit " +
			"slope), derived solid against stock dashed: the spike counts (quench integrals) " +
			"follow ReLU/ELU/softplus, as the paper says.",
		Draw: drawGallery,
	}
}

// galleryEntry is one registered activation at its default spec.
type galleryEntry struct {
	info activations.Info
	act  activations.Activation
}

// galleryEntries returns every registered activation at its default spec: derived ones first,
// then stock, each group in name order.
func galleryEntries() ([]galleryEntry, error) {
	var out []galleryEntry
	for _, info := range activations.All() {
		a, err := activations.Parse(info.Default)
		if err != nil {
			return nil, fmt.Errorf("gallery: %s: %w", info.Name, err)
		}
		out = append(out, galleryEntry{info, a})
	}
	slices.SortStableFunc(out, func(a, b galleryEntry) int {
		return cmp.Or(-cmp.Compare(a.info.Kind, b.info.Kind), strings.Compare(a.info.Name, b.info.Name))
	})
	return out, nil
}

// galleryReLULike reports whether a is ReLU-like: nondecreasing on the gallery range (DF ≥ −1e-9
// at every sample; the tolerance absorbs rounding in tabulated derivatives) and unbounded above
// with unit slope, |DF(30) − 1| < 0.05. ReLU, ELU, softplus and the spike counts are; GELU, swish
// and mish dip below zero and are not monotone; tanh, sigmoid and the magnetizations saturate.
func galleryReLULike(a activations.Activation) bool {
	for i := range gallerySamples {
		x := galleryXMin + (galleryXMax-galleryXMin)*float64(i)/(gallerySamples-1)
		if !(a.DF(x) >= -1e-9) {
			return false
		}
	}
	return math.Abs(a.DF(galleryReLUTail)-1) < 0.05
}

func drawGallery(ctx context.Context, env *env) ([]string, error) {
	entries, err := galleryEntries()
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, errors.New("gallery: the registry is empty")
	}
	panels := make([]*plot.Plot, len(entries))
	for i, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if panels[i], err = galleryPanel(e, i%galleryCols == 0); err != nil {
			return nil, err
		}
	}
	dir := env.dir
	if err := gallerySaveGrid(panels, filepath.Join(dir, "gallery")); err != nil {
		return nil, err
	}
	var derived, reluLike []galleryEntry
	for _, e := range entries {
		if e.info.Kind == activations.Derived {
			derived = append(derived, e)
		}
		if galleryReLULike(e.act) {
			reluLike = append(reluLike, e)
		}
	}
	extra := []string{}
	overlays := []struct {
		name, title string
		entries     []galleryEntry
	}{
		{"gallery_derived", "Activations derived from the Ising model (default specs)", derived},
		{"gallery_relu_like", "ReLU-like activations: derived (solid) vs stock (grey, dashed)", reluLike},
	}
	for _, o := range overlays {
		if err := galleryOverlay(o.entries, o.title, filepath.Join(dir, o.name)); err != nil {
			return nil, fmt.Errorf("%s: %w", o.name, err)
		}
		extra = append(extra, o.name+".png", o.name+".svg")
	}
	return extra, nil
}

// galleryFrame is an empty panel for entry e: title (spec and kind), axes, grid, and the
// derived tint; yLabel puts the y axis label (first column).
func galleryFrame(e galleryEntry, yLabel bool) *plot.Plot {
	p := plot.New()
	p.Title.Text = e.info.Default + "\n" + e.info.Kind.String()
	p.Title.TextStyle.Font.Size = vg.Points(9.5)
	p.Title.Padding = vg.Points(3)
	p.X.Label.Text = "x"
	if yLabel {
		p.Y.Label.Text = "F, DF"
	}
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = vg.Points(9)
		ax.Tick.Label.Font.Size = vg.Points(8)
	}
	p.X.Label.Padding = vg.Points(1)
	if e.info.Kind == activations.Derived {
		p.BackgroundColor = galleryDerivedTint
		p.Title.TextStyle.Color = galleryDerivedTitle
	}
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker = galleryTicks(galleryXMin, galleryXMax, 1)
	p.Y.Tick.Marker = galleryTicks(galleryYMin, galleryYMax, 1)
	return p
}

// galleryPanel draws one activation's F and DF; yLabel puts the y axis label (first column).
// A curve leaving the frame gets a note with its extreme value.
func galleryPanel(e galleryEntry, yLabel bool) (*plot.Plot, error) {
	p := galleryFrame(e, yLabel)
	var notes []string
	var noteXYs plotter.XYs
	curves := []struct {
		name   string
		f      func(float64) float64
		color  color.Color
		dashes []vg.Length
	}{
		{"F", e.act.F, galleryFColor, nil},
		{"DF", e.act.DF, galleryDFColor, []vg.Length{vg.Points(4), vg.Points(2)}},
	}
	for _, c := range curves {
		xys := plots.Sample(c.f, galleryXMin, galleryXMax, gallerySamples)
		if len(xys) < 2 {
			return nil, fmt.Errorf("gallery: %s: %s has %d finite points on [%g, %g]",
				e.info.Default, c.name, len(xys), galleryXMin, galleryXMax)
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("gallery: %s: %s: %w", e.info.Default, c.name, err)
		}
		l.Color, l.Dashes, l.Width = c.color, c.dashes, vg.Points(1.6)
		p.Add(l)
		hi, lo := slices.MaxFunc(xys, galleryCmpY), slices.MinFunc(xys, galleryCmpY)
		if hi.Y > galleryYMax {
			notes = append(notes, fmt.Sprintf("%s max %.3g ↑", c.name, hi.Y))
			noteXYs = append(noteXYs, plotter.XY{X: galleryXMin + 0.15, Y: galleryYMax - 0.3*float64(len(notes))})
		}
		if lo.Y < galleryYMin {
			notes = append(notes, fmt.Sprintf("%s min %.3g ↓", c.name, lo.Y))
			noteXYs = append(noteXYs, plotter.XY{X: galleryXMin + 0.15, Y: galleryYMax - 0.3*float64(len(notes))})
		}
	}
	if err := galleryNotes(p, notes, noteXYs); err != nil {
		return nil, fmt.Errorf("gallery: %s: %w", e.info.Default, err)
	}
	// After every Add, which widens the axes to the data: the shared frame clips the curves.
	p.X.Min, p.X.Max = galleryXMin, galleryXMax
	p.Y.Min, p.Y.Max = galleryYMin, galleryYMax
	return p, nil
}

// galleryNotes writes the notes of the curves that leave the frame at their points.
func galleryNotes(p *plot.Plot, notes []string, xys plotter.XYs) error {
	if len(notes) == 0 {
		return nil
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: notes})
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font.Size = vg.Points(8)
		labels.TextStyle[i].Color = galleryDFColor
		labels.TextStyle[i].YAlign = text.YCenter
	}
	p.Add(labels)
	return nil
}

// galleryTicks labels every multiple of step in [lo, hi], with a minor tick halfway between.
func galleryTicks(lo, hi, step float64) plot.ConstantTicks {
	var ticks []plot.Tick
	for k := math.Ceil(2 * lo / step); k*step/2 <= hi; k++ {
		t := plot.Tick{Value: k * step / 2}
		if math.Mod(k, 2) == 0 {
			t.Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// gallerySaveGrid tiles the panels galleryCols to a row (plot.Align: equal data areas) under a
// header with the title and a key, and writes base.png (galleryDPI) and base.svg.
func gallerySaveGrid(panels []*plot.Plot, base string) error {
	rows := (len(panels) + galleryCols - 1) / galleryCols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, galleryCols)
		for c := range grid[r] {
			if i := r*galleryCols + c; i < len(panels) {
				grid[r][c] = panels[i]
			}
		}
	}
	w := galleryCols * galleryPanelWidth
	h := vg.Length(rows)*galleryPanelHeight + galleryHeader
	tiles := draw.Tiles{
		Rows: rows, Cols: galleryCols,
		PadX: vg.Points(10), PadY: vg.Points(10),
		PadLeft: vg.Points(6), PadRight: vg.Points(10), PadBottom: vg.Points(6), PadTop: vg.Points(2),
	}
	drawAll := func(c vg.CanvasSizer) {
		dc := draw.New(c)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
		galleryDrawHeader(draw.Crop(dc, 0, 0, h-galleryHeader, 0), len(panels))
		body := draw.Crop(dc, 0, 0, 0, -galleryHeader)
		canvases := plot.Align(grid, tiles, body)
		for r := range grid {
			for c, p := range grid[r] {
				if p != nil {
					p.Draw(canvases[r][c])
				}
			}
		}
	}
	return plots.Render(base, w, h, galleryDPI, drawAll)
}

// galleryDrawHeader writes the gallery's title on the left of c and its key (F, DF, derived,
// stock) in two columns on the right.
func galleryDrawHeader(c draw.Canvas, n int) {
	sty := plot.New().Title.TextStyle
	sty.Font.Size = vg.Points(15)
	sty.XAlign, sty.YAlign = text.XLeft, text.YTop
	left := c.Min.X + vg.Points(12)
	c.FillText(sty, vg.Point{X: left, Y: c.Max.Y - vg.Points(10)},
		fmt.Sprintf("Activation gallery: the %d registered activations at their default specs", n))
	sty.Font.Size = vg.Points(11)
	c.FillText(sty, vg.Point{X: left, Y: c.Max.Y - vg.Points(34)},
		"F(x) and its derivative DF(x) for −3 ≤ x ≤ 3; panel title = canonical spec and kind (activations.All)")

	fLine := &plotter.Line{LineStyle: draw.LineStyle{Color: galleryFColor, Width: vg.Points(1.6)}}
	dfLine := &plotter.Line{LineStyle: draw.LineStyle{Color: galleryDFColor, Width: vg.Points(1.6),
		Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}}
	keys := []struct {
		label string
		thumb plot.Thumbnailer
		dx    vg.Length // offset of the key's column from the right edge
	}{
		{"F(x)", fLine, 3.3 * vg.Inch},
		{"DF(x)", dfLine, 3.3 * vg.Inch},
		{"derived (Ising model)", gallerySwatch{galleryDerivedTint}, 1.9 * vg.Inch},
		{"stock", gallerySwatch{color.White}, 1.9 * vg.Inch},
	}
	for i := 0; i < len(keys); i += 2 {
		l := plot.NewLegend()
		l.TextStyle.Font.Size = vg.Points(11)
		l.Top, l.Left = true, true
		l.ThumbnailWidth = vg.Points(26)
		l.Padding = vg.Points(5)
		for _, k := range keys[i : i+2] {
			l.Add(k.label, k.thumb)
		}
		l.Draw(draw.Crop(c, c.Max.X-c.Min.X-keys[i].dx, 0, vg.Points(8), -vg.Points(8)))
	}
}

// gallerySwatch is a legend thumbnail: a filled box with a grey border.
type gallerySwatch struct{ fill color.Color }

func (s gallerySwatch) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	path := vg.Path{}
	path.Move(r.Min)
	path.Line(vg.Point{X: r.Max.X, Y: r.Min.Y})
	path.Line(r.Max)
	path.Line(vg.Point{X: r.Min.X, Y: r.Max.Y})
	path.Close()
	c.SetColor(s.fill)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 120}, Width: vg.Points(0.7)})
	c.Stroke(path)
}

// galleryOverlay draws the F of each entry on one axes, derived activations solid in colour and
// stock ones dashed in grey, legend in its own column on the right, saved at base.
func galleryOverlay(entries []galleryEntry, title, base string) error {
	if len(entries) == 0 {
		return errors.New("no activations to draw")
	}
	p := plots.NewPlot(title, "x (quench, units of Tc)", "F(x)")
	p.X.Min, p.X.Max = galleryXMin, galleryXMax
	legend := plot.NewLegend()
	legend.Top, legend.Left = true, true
	var labels []string
	var nDerived, nStock int
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for _, e := range entries {
		xys := plots.Sample(e.act.F, galleryXMin, galleryXMax, gallerySamples)
		if len(xys) < 2 {
			return fmt.Errorf("%s: F has %d finite points", e.info.Default, len(xys))
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("%s: %w", e.info.Default, err)
		}
		if e.info.Kind == activations.Derived {
			l.Color = plotutil.Color(nDerived)
			l.Dashes = plotutil.Dashes(nDerived / len(plotutil.DefaultColors))
			l.Width = vg.Points(2)
			nDerived++
		} else {
			l.Color = color.Gray{Y: uint8(50 * (nStock % 3))}
			l.Dashes = galleryStockDashes[nStock%len(galleryStockDashes)]
			l.Width = vg.Points(1.8)
			nStock++
		}
		p.Add(l)
		ymin, ymax = min(ymin, slices.MinFunc(xys, galleryCmpY).Y), max(ymax, slices.MaxFunc(xys, galleryCmpY).Y)
		label := e.info.Default + " (" + e.info.Kind.String() + ")"
		legend.Add(label, l)
		labels = append(labels, label)
	}
	p.Y.Min, p.Y.Max = math.Floor(2*ymin)/2, math.Ceil(2*ymax)/2
	p.X.Tick.Marker = galleryTicks(galleryXMin, galleryXMax, 1)
	p.Y.Tick.Marker = galleryTicks(p.Y.Min, p.Y.Max, 0.5)
	return plots.SaveLegendRight(p, &legend, labels, plots.FigureWidth, plots.FigureHeight, base)
}

// galleryStockDashes are the dash patterns of the stock curves in the overlays.
var galleryStockDashes = [][]vg.Length{
	{vg.Points(7), vg.Points(3)},
	{vg.Points(2), vg.Points(2)},
	{vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)},
	{vg.Points(4), vg.Points(4)},
}

func galleryCmpY(a, b plotter.XY) int { return cmp.Compare(a.Y, b.Y) }
