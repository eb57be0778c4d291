package site

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from this run")

// fixtureActivations stand for the registry in the golden test, so that a new registered
// activation or a change of a formula does not change the golden pages.
var fixtureActivations = []Activation{
	{Name: "quench-tanh", Kind: "derived", Doc: "spike count of Eq. 2: ∫₀^x ½(1 + tanh(a·u)) du + c", Default: "quench-tanh:a=1,c=0",
		Params: []Param{{Key: "a", Doc: "slope", Default: "1"}, {Key: "c", Doc: "offset <c>", Default: "0"}}, Learnable: []string{"a"}},
	{Name: "relu", Kind: "stock", Doc: "max(x, 0) (gorgonia.Rectify)", Default: "relu"},
	{Name: "tanh", Kind: "stock", Doc: "hyperbolic tangent", Default: "tanh"},
}

func fixturePanel(a Activation) ([]byte, error) {
	return []byte(`<svg viewBox="0 0 10 10"><text x="1" y="5">` + a.Name + `</text></svg>`), nil
}

// buildFixture copies testdata/results into a temporary folder and builds the site there.
func buildFixture(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/results")); err != nil {
		t.Fatal(err)
	}
	o := Options{Results: dir, Activations: fixtureActivations, Panel: fixturePanel, Command: "go run ./experiments site -results results"}
	if err := Build(o); err != nil {
		t.Fatal(err)
	}
	return dir, readPages(t, dir)
}

// readPages reads every .html file under dir, by slash path relative to dir.
func readPages(t *testing.T, dir string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		pages[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// TestGoldenSite pins the pages of the fixture (testdata/results) to testdata/golden;
// regenerate with go test ./experiments/report/site -run Golden -update after a deliberate change.
func TestGoldenSite(t *testing.T) {
	_, pages := buildFixture(t)
	want := []string{"activations/quench-tanh.html", "activations/relu.html", "activations/tanh.html",
		"crit/report.html", "figs/report.html", "index.html", "toy/report.html"}
	got := slices.Sorted(mapsKeys(pages))
	if !slices.Equal(got, want) {
		t.Fatalf("pages %v, want %v", got, want)
	}
	for _, name := range got {
		path := filepath.Join("testdata", "golden", filepath.FromSlash(name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(pages[name]), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (create with -update)", err)
		}
		if string(b) != pages[name] {
			t.Errorf("%s differs from %s (regenerate with -update if the change is meant)", name, path)
		}
	}
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestBuildDeterministic builds twice into the same folder (the second run sees the first
// one's pages) and once into another copy: the same bytes every time.
func TestBuildDeterministic(t *testing.T) {
	dir, first := buildFixture(t)
	o := Options{Results: dir, Activations: fixtureActivations, Panel: fixturePanel, Command: "go run ./experiments site -results results"}
	if err := os.WriteFile(filepath.Join(dir, "activations", "gone.html"), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Build(o); err != nil {
		t.Fatal(err)
	}
	again := readPages(t, dir)
	_, other := buildFixture(t)
	for name, b := range first {
		if again[name] != b || other[name] != b {
			t.Errorf("%s differs between builds", name)
		}
	}
	if _, ok := again["activations/gone.html"]; ok {
		t.Error("the page of an activation no longer registered was kept")
	}
}

// TestPagesEscape checks that strings from the summaries and activation specs are text, never
// markup: the fixture has a row labelled <script>alert(1)</script> and a title with <b>.
func TestPagesEscape(t *testing.T) {
	_, pages := buildFixture(t)
	for name, p := range pages {
		for _, bad := range []string{"<script>alert", "<b>bold", "alert(2)", "javascript:"} {
			if strings.Contains(p, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
		if n := strings.Count(p, "<script"); n != 1 {
			t.Errorf("%s has %d script elements, want 1 (ours)", name, n)
		}
	}
	if !strings.Contains(pages["toy/report.html"], "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("toy/report.html lacks the escaped hostile label")
	}
}

// externalRef finds a reference that would make a page fetch or link outside itself: an
// http(s) or protocol-relative URL in any attribute or CSS url(), a <link> or <script> with a
// src or href, @import. Plain-text URLs in prose are allowed (they are not links).
var externalRef = regexp.MustCompile(`(?i)(\s[a-z:-]+\s*=\s*["']?\s*(https?:)?//)|(\s[a-z:-]+\s*=\s*"[^"]*https?://)|url\(\s*['"]?\s*(https?:)?//|@import|<link\s[^>]*rel=["']?stylesheet|<script\s[^>]*src`)

func checkOffline(t *testing.T, name, page string) {
	t.Helper()
	if m := externalRef.FindString(page); m != "" {
		t.Errorf("%s: external reference %q", name, m)
	}
}

func TestPagesOffline(t *testing.T) {
	_, pages := buildFixture(t)
	for name, p := range pages {
		checkOffline(t, name, p)
	}
	if !strings.Contains(pages["figs/report.html"], "https://example.org/not-a-link") {
		t.Error("the prose URL of the fixture should stay as text (the scan allows text)")
	}
	for _, bad := range []string{`<a href="https://x">`, `<img src="//cdn/x.png">`, `style="background:url(http://x)"`,
		`<script src="x.js">`, `<link rel="stylesheet" href="x.css">`, `<svg xmlns="http://www.w3.org/2000/svg">`} {
		if externalRef.FindString(bad) == "" {
			t.Errorf("the scan misses %s", bad)
		}
	}
}

// TestCommittedPagesOffline scans the committed pages of results/ (when present).
func TestCommittedPagesOffline(t *testing.T) {
	root := filepath.Join("..", "..", "..", "results")
	if _, err := os.Stat(filepath.Join(root, "index.html")); err != nil {
		t.Skipf("no committed %s/index.html", root)
	}
	for name, p := range readPages(t, root) {
		checkOffline(t, "results/"+name, p)
	}
}

// The index of the fixture lists every folder and every activation, and the derived rows
// carry their kind.
func TestIndexContents(t *testing.T) {
	_, pages := buildFixture(t)
	idx := pages["index.html"]
	for _, want := range []string{`href="toy/report.html"`, `href="crit/report.html"`, `href="figs/report.html"`,
		`href="activations/quench-tanh.html"`, `<tr data-kind="derived">`, "p_holm", "verdict"} {
		if !strings.Contains(idx, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	qt := pages["activations/quench-tanh.html"]
	for _, want := range []string{`href="../toy/report.html"`, `href="../crit/report.html"`, "better", "eoc", "offset &lt;c&gt;"} {
		if !strings.Contains(qt, want) {
			t.Errorf("activations/quench-tanh.html lacks %s", want)
		}
	}
	if !strings.Contains(pages["activations/tanh.html"], "figs/phase_tanh") {
		t.Error("activations/tanh.html lacks figs/phase_tanh.svg, named after it")
	}
	if bytes.Contains([]byte(pages["activations/relu.html"]), []byte("../crit/report.html")) {
		t.Error("relu has no crit row but its page links crit")
	}
}

// TestCommittedSiteCurrent rebuilds the pages of the committed results/ from its summaries,
// READMEs and plots (the folder copied, pages left out, to a temporary folder) and compares them with the committed pages:
// after new results or a change here, regenerate with go run ./experiments site -results results.
func TestCommittedSiteCurrent(t *testing.T) {
	root := filepath.Join("..", "..", "..", "results")
	committed := sitePages(readPages(t, root))
	if _, ok := committed["index.html"]; !ok {
		t.Skipf("no committed %s/index.html", root)
	}
	dir := t.TempDir()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(d.Name(), ".html") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		b, err := os.ReadFile(path)
		if err == nil {
			err = os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, rel), b, 0o644)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := Build(Options{Results: dir, Command: "go run ./experiments site -results results"}); err != nil {
		t.Fatal(err)
	}
	fresh := sitePages(readPages(t, dir))
	for name, b := range fresh {
		if committed[name] != b {
			t.Errorf("results/%s is not what the committed summaries give: run go run ./experiments site -results results", name)
		}
	}
	for name := range committed {
		if _, ok := fresh[name]; !ok {
			t.Errorf("results/%s would not be written any more: run go run ./experiments site -results results", name)
		}
	}
}

// WriteReport names a plot that is not well-formed SVG instead of failing the command that
// wrote the folder.
func TestWriteReportBadPlot(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"summary.md": "| activation | n |\n| --- | --- |\n| `relu` | 3 |\n",
		"bad.svg": "<svg><g></svg>", "good.svg": `<svg viewBox="0 0 1 1"><path d="M0,0L1,1"/></svg>`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteReport(dir, "t"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bad.svg is not inlined", `<path d="M0,0L1,1"></path>`, "<code>relu</code>"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
}

// sitePages keeps the pages Build writes: index.html, activations/*.html and <folder>/report.html
// (not, say, results/quick/xor/report.html of a local quick run).
func sitePages(pages map[string]string) map[string]string {
	out := map[string]string{}
	for name, b := range pages {
		dir, file := path.Split(name)
		if name == "index.html" || (file == ReportFile || dir == ActivationsDir+"/") && strings.Count(name, "/") == 1 {
			out[name] = b
		}
	}
	return out
}
