package figures

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/isingact/isingact/activations"
)

// TestGalleryEntriesFromRegistry checks that the gallery has exactly one entry per registered
// activation, at its default spec, derived ones first: a newly registered activation gets a panel.
func TestGalleryEntriesFromRegistry(t *testing.T) {
	entries, err := galleryEntries()
	if err != nil {
		t.Fatal(err)
	}
	names := activations.Names()
	if len(entries) != len(names) {
		t.Fatalf("%d gallery entries, %d registered activations", len(entries), len(names))
	}
	var got []string
	for i, e := range entries {
		got = append(got, e.info.Name)
		want, err := activations.Default(e.info.Name)
		if err != nil {
			t.Fatal(err)
		}
		if e.info.Default != want || e.act.String() != want {
			t.Errorf("%s: spec %q, activation %q, want the default %q", e.info.Name, e.info.Default, e.act.String(), want)
		}
		if i > 0 && e.info.Kind == activations.Derived && entries[i-1].info.Kind == activations.Stock {
			t.Errorf("derived %s comes after stock %s", e.info.Name, entries[i-1].info.Name)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, names) {
		t.Errorf("gallery names %v, registry %v", got, names)
	}
}

// TestGalleryReLULike checks the numeric ReLU-like test (nondecreasing on [−3, 3], DF(30) ≈ 1)
// against what each function is by its formula, at default and non-default parameters.
func TestGalleryReLULike(t *testing.T) {
	tests := []struct {
		spec string
		want bool
		why  string
	}{
		{"relu", true, "max(x, 0)"},
		{"elu:alpha=1", true, "monotone for α ≤ 1, slope 1 for x > 0"},
		{"softplus", true, "monotone, DF = σ(x) → 1"},
		{"quench-tanh:a=1,c=0", true, "∫ ½(1 + tanh u): DF ∈ (0, 1), → 1"},
		{"quench-tanh:a=6,c=-1", true, "same, shifted and sharper"},
		{"quench-sigmoid:c=0", true, "softplus − ln 2"},
		{"quench-mf:h=0", true, "∫ m(1 − u) du, DF = m ∈ [0, 1]"},
		{"quench-onsager", true, "∫ M_2D du, DF = M ∈ [0, 1]"},
		{"gelu", false, "x·Φ(x) dips below zero (DF < 0 near x = −0.75)"},
		{"swish", false, "x·σ(x) dips below zero"},
		{"mish", false, "dips below zero"},
		{"tanh", false, "bounded"},
		{"sigmoid", false, "bounded"},
		{"tanh-fit:a=6,theta=0", false, "bounded"},
		{"mf-magnetization:h=0,maxslope=10", false, "saturates at 1"},
		{"onsager-magnetization:maxslope=10", false, "saturates at 1"},
	}
	for _, tc := range tests {
		a, err := activations.Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := galleryReLULike(a); got != tc.want {
			t.Errorf("galleryReLULike(%s) = %v, want %v (%s)", tc.spec, got, tc.want, tc.why)
		}
	}
}

func TestGalleryTicks(t *testing.T) {
	tests := []struct {
		lo, hi, step float64
		labels       []string // the labelled ticks, in order
		n            int      // all ticks, minor ones included
	}{
		{-3, 3, 1, []string{"-3", "-2", "-1", "0", "1", "2", "3"}, 13},
		{-1.25, 3.25, 1, []string{"-1", "0", "1", "2", "3"}, 9},
		{-1, 1, 0.5, []string{"-1", "-0.5", "0", "0.5", "1"}, 9},
	}
	for _, tc := range tests {
		ticks := galleryTicks(tc.lo, tc.hi, tc.step)
		var labels []string
		for _, tk := range ticks {
			if tk.Value < tc.lo || tk.Value > tc.hi {
				t.Errorf("galleryTicks(%g, %g, %g): tick %g outside", tc.lo, tc.hi, tc.step, tk.Value)
			}
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if !slices.Equal(labels, tc.labels) || len(ticks) != tc.n {
			t.Errorf("galleryTicks(%g, %g, %g): labels %v of %d ticks, want %v of %d",
				tc.lo, tc.hi, tc.step, labels, len(ticks), tc.labels, tc.n)
		}
	}
}

// TestGalleryDraw draws the gallery and checks the files, that the grid has one titled panel per
// registered activation (the PNG's height follows the row count; each canonical spec is a title
// in the SVG), and that derived panels carry the derived title colour.
func TestGalleryDraw(t *testing.T) {
	dir := t.TempDir()
	e := &env{dir: dir, workers: 1}
	extra, err := drawGallery(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"gallery_derived.png", "gallery_derived.svg", "gallery_relu_like.png", "gallery_relu_like.svg"}
	if !slices.Equal(extra, want) {
		t.Errorf("extra files %v, want %v", extra, want)
	}
	for _, f := range append([]string{"gallery.png", "gallery.svg"}, want...) {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
	checkGallerySize(t, dir)
	checkGallerySVG(t, dir)
}

// checkGallerySize checks that gallery.png has one panel per registered activation: its size
// follows the row count.
func checkGallerySize(t *testing.T, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "gallery.png"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	n := len(activations.Names())
	rows := (n + galleryCols - 1) / galleryCols
	wantW := int(math.Round(galleryCols * galleryPanelWidth.Dots(galleryDPI)))
	wantH := int(math.Round(float64(rows)*galleryPanelHeight.Dots(galleryDPI) + galleryHeader.Dots(galleryDPI)))
	if galleryAbs(cfg.Width-wantW) > 1 || galleryAbs(cfg.Height-wantH) > 1 {
		t.Errorf("gallery.png is %d×%d, want %d×%d for %d panels in %d rows", cfg.Width, cfg.Height, wantW, wantH, n, rows)
	}
}

// checkGallerySVG checks that each canonical spec is a panel title in gallery.svg, that derived
// panels carry the derived title colour, and the ReLU-like overlay.
func checkGallerySVG(t *testing.T, dir string) {
	t.Helper()
	svg, err := os.ReadFile(filepath.Join(dir, "gallery.svg"))
	if err != nil {
		t.Fatal(err)
	}
	var nDerived int
	for _, info := range activations.All() {
		if !bytes.Contains(svg, []byte(">"+info.Default+"</text>")) {
			t.Errorf("gallery.svg has no panel titled %q", info.Default)
		}
		if info.Kind == activations.Derived {
			nDerived++
		}
	}
	// Each derived title has two lines (spec, "derived") in the derived colour.
	if got := strings.Count(string(svg), "fill:#9C3D00\">"); got != 2*nDerived {
		t.Errorf("%d text lines in the derived title colour, want %d", got, 2*nDerived)
	}

	relu, err := os.ReadFile(filepath.Join(dir, "gallery_relu_like.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range []string{"relu (stock)", "quench-tanh:a=1,c=0 (derived)", "quench-onsager:units=tc (derived)"} {
		if !bytes.Contains(relu, []byte(">"+spec+"</text>")) {
			t.Errorf("gallery_relu_like.svg lacks %q", spec)
		}
	}
	if bytes.Contains(relu, []byte(">gelu (stock)</text>")) {
		t.Error("gallery_relu_like.svg shows gelu, which is not monotone")
	}
}

func galleryAbs(i int) int { return max(i, -i) }

// TestFiguresOnlyKeepsReadme checks that -only redraws its figure and keeps, in the README, the
// sections of figures not redrawn whose PNG is still in the folder, and drops the others.
func TestFiguresOnlyKeepsReadme(t *testing.T) {
	dir := t.TempDir()
	old := "# Figures\n\nold header\n\n" +
		"## fig1_meanfield_magnetization\n\nold fig1 text\n\n" +
		"## fig3_spike_count\n\nold fig3 text\n\n" +
		"## gallery\n\nold gallery text\n"
	for name, body := range map[string]string{"README.md": old, "fig3_spike_count.png": "x"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if err := runCommand(context.Background(), &stdout, &stderr, []string{"-only", "gallery", "-out", dir}); err != nil {
		t.Fatalf("figures: %v\n%s", err, stderr.String())
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	tests := []struct {
		sub  string
		want bool
		why  string
	}{
		{"## fig3_spike_count\n\nold fig3 text\n", true, "not redrawn, PNG present: kept verbatim"},
		{"fig1_meanfield_magnetization", false, "not redrawn, PNG absent: dropped"},
		{"old gallery text", false, "redrawn: replaced"},
		{"## gallery\n", true, "redrawn"},
		{"go run ./experiments figures -only gallery -out " + dir, true, "the command of the redrawn figure"},
	}
	for _, tc := range tests {
		if got := strings.Contains(s, tc.sub); got != tc.want {
			t.Errorf("README contains %q = %v, want %v (%s)\n%s", tc.sub, got, tc.want, tc.why, s)
		}
	}
	if i, j := strings.Index(s, "## fig3"), strings.Index(s, "## gallery"); i < 0 || j < i {
		t.Errorf("sections out of figureList order:\n%s", s)
	}
}
