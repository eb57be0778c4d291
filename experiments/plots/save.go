package plots

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/isingact/isingact/internal/atomicfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Save writes p as base+".png" and base+".svg", w × h each, creating the folder.
func Save(p *plot.Plot, w, h vg.Length, base string) error {
	return SaveLegendRight(p, nil, nil, w, h, base)
}

// SaveLegendRight writes p (w × h) with, when legend is not nil, the legend in a column of
// its own to the right (widened to fit labels), so that many activations never hide the data;
// as base+".png" and base+".svg".
func SaveLegendRight(p *plot.Plot, legend *plot.Legend, labels []string, w, h vg.Length, base string) error {
	var lw vg.Length
	if legend != nil {
		for _, l := range labels {
			lw = max(lw, legend.ThumbnailWidth+legend.TextStyle.Width(" "+l))
		}
		lw += vg.Points(12)
	}
	drawAll := func(c vg.CanvasSizer) {
		dc := draw.New(c)
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
		p.Draw(draw.Crop(dc, 0, -lw, 0, 0))
		if legend != nil {
			legend.Draw(draw.Crop(dc, w+vg.Points(6), 0, 0, -vg.Points(24)))
		}
	}
	return Render(base, w+lw, h, 0, drawAll)
}

// writeAtomic renders w and writes it to path atomically.
func writeAtomic(path string, w io.WriterTo) error {
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return fmt.Errorf("drawing %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, buf.Bytes())
}

// mkdirFor creates the folder of base.
func mkdirFor(base string) error {
	return os.MkdirAll(filepath.Dir(base), 0o755)
}

// Finite reports whether v is neither NaN nor ±Inf (gonum/plot rejects both).
func Finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func translucent(c color.Color, alpha uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: alpha}
}

// Render draws the picture with paint twice — on a PNG canvas of w × h at dpi dots per inch (0:
// vgimg's default) and on an SVG canvas — and writes base.png and base.svg atomically, creating
// the folder.
func Render(base string, w, h vg.Length, dpi float64, paint func(vg.CanvasSizer)) error {
	if err := mkdirFor(base); err != nil {
		return err
	}
	png := vgimg.New(w, h)
	if dpi > 0 {
		png = vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(int(dpi)))
	}
	paint(png)
	svg := vgsvg.New(w, h)
	paint(svg)
	return errors.Join(writeAtomic(base+".png", vgimg.PngCanvas{Canvas: png}), writeAtomic(base+".svg", stretchImages{svg}))
}

// stretchImages writes an SVG canvas with preserveAspectRatio="none" on every <image>: gonum's
// DrawImage means "fill this rectangle", but SVG's default (xMidYMid meet) letterboxes a raster
// whose pixel aspect differs from the rectangle's, shrinking heat maps and colour bars.
type stretchImages struct{ c *vgsvg.Canvas }

func (s stretchImages) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := s.c.WriteTo(&buf); err != nil {
		return 0, err
	}
	n, err := w.Write(bytes.ReplaceAll(buf.Bytes(), []byte("<image "), []byte(`<image preserveAspectRatio="none" `)))
	return int64(n), err
}
