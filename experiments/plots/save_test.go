package plots

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
)

// A rasterized heat map fills its rectangle in the SVG too: every <image> carries
// preserveAspectRatio="none" (SVG's default would letterbox a 3×2-cell raster drawn 4:1).
func TestSVGImagesStretch(t *testing.T) {
	g := Grid{Xs: []float64{0, 1, 2}, Ys: []float64{0, 1}, Zs: [][]float64{{0, 1, 2}, {1, 2, 3}}}
	cm := moreland.SmoothBlueRed()
	cm.SetMin(0)
	cm.SetMax(3)
	p := plot.New()
	p.Add(HeatMap(g, cm, true))
	base := filepath.Join(t.TempDir(), "heat")
	if err := Save(p, 8*vg.Inch, 2*vg.Inch, base); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	images := bytes.Count(svg, []byte("<image "))
	stretched := bytes.Count(svg, []byte(`<image preserveAspectRatio="none" `))
	if images == 0 || stretched != images {
		t.Errorf("%d <image> elements, %d with preserveAspectRatio=\"none\"", images, stretched)
	}
}
