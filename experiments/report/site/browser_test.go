package site

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The browser test opens the committed results/index.html from disk in headless Chromium
// (github.com/chromedp/chromedp), sorts a column, filters to the derived activations, opens an
// activation page and an experiment's report, and asserts on the DOM; it fails on any console
// error or uncaught exception and on any request other than file:// under results/. Without a
// Chromium it skips, unless ISINGACT_REQUIRE_BROWSER=1 (.ci/run sets it after installing
// Chromium with .ci/chromium.sh), which turns the skip into a failure.

// chromium returns the path of a Chromium or Chrome on PATH.
func chromium() (string, bool) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// browserLog collects what the page did that the test forbids.
type browserLog struct {
	mu       sync.Mutex
	requests []string
	console  []string
}

func (l *browserLog) add(list *[]string, s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	*list = append(*list, s)
}

// watch records every request and every console error, warning or exception of the tab.
func (l *browserLog) watch(ctx context.Context, wg *sync.WaitGroup) {
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	msgs := chromedp.Console(ctx)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for ev, err := range reqs {
			if err != nil {
				return
			}
			l.add(&l.requests, ev.Request.URL)
		}
	}()
	go func() {
		defer wg.Done()
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				l.add(&l.console, m.String()+" at "+m.URL)
			}
		}
	}()
}

func TestBrowser(t *testing.T) {
	exe, ok := chromium()
	if !ok {
		msg := "no Chromium on PATH (chromium, chromium-browser, google-chrome); .ci/chromium.sh installs it"
		if os.Getenv("ISINGACT_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + "; ISINGACT_REQUIRE_BROWSER=1 requires the browser test to run")
		}
		t.Skip(msg + ": browser test skipped")
	}
	root, err := filepath.Abs(filepath.Join("..", "..", "..", "results"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "index.html")); err != nil {
		t.Fatalf("%v: generate the pages with go run ./experiments site -results results", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1000), chromedp.Flag("disable-gpu", true))
	// 5 s on a quiet machine; the margin is for a loaded one (a CI runner shared with builds).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil { // start the browser and the tab before listening
		t.Fatalf("starting %s: %v", exe, err)
	}
	watchCtx, stopWatch := context.WithCancel(tab)
	var log browserLog
	var wg sync.WaitGroup
	log.watch(watchCtx, &wg)

	index := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, "index.html"))}).String()
	checkIndex(t, tab, index)
	checkSortAndFilter(t, tab)
	checkActivationPage(t, tab)
	checkReportPage(t, tab, index)
	checkSchemes(t, tab)

	stopWatch()
	wg.Wait()
	prefix := (&url.URL{Scheme: "file", Path: filepath.ToSlash(root) + "/"}).String()
	for _, u := range log.requests {
		if !strings.HasPrefix(u, prefix) && !strings.HasPrefix(u, "data:") {
			t.Errorf("request outside the report's files: %s", u)
		}
	}
	if len(log.requests) == 0 {
		t.Error("no request seen at all: the network listener is broken")
	}
	for _, m := range log.console {
		t.Errorf("console: %s", m)
	}
}

// Selectors are chromedp.CSS: a plain string is a DOM.performSearch query, which also matches
// text (the inline stylesheet's "h1 {"), and WaitVisible would wait for that text forever.

// run runs one action, failing the test with what it was for.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return run(t, ctx, js, chromedp.Evaluate[T](js))
}

// screenshot saves a full-page PNG (quality 100: PNG, below it JPEG) into the test's temporary folder (or ISINGACT_SCREENSHOTS,
// a folder to keep them in) and logs its path.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := run(t, ctx, "screenshot", chromedp.FullScreenshot(100))
	dir := os.Getenv("ISINGACT_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// checkIndex opens the index: every experiment folder with a summary and every registered
// activation are listed, and the script has shown the controls.
func checkIndex(t *testing.T, tab context.Context, index string) {
	if err := chromedp.Do(tab, chromedp.Navigate(index), chromedp.WaitVisible(chromedp.CSS("#controls"))); err != nil {
		t.Fatalf("opening %s: %v", index, err)
	}
	// Without the script the controls, which need it, stay hidden (the hidden attribute).
	hidden := eval[string](t, tab, `(() => { const c = document.getElementById("controls").cloneNode(true);
		c.hidden = true; document.body.appendChild(c); const d = getComputedStyle(c).display; c.remove(); return d })()`)
	if hidden != "none" {
		t.Errorf("hidden controls are displayed as %q", hidden)
	}
	folders := eval[[]string](t, tab, `[...document.querySelectorAll("#experiments tbody a")].map(a => a.textContent)`)
	for _, f := range []string{"criticality", "mnist", "xor"} {
		if !strings.Contains(strings.Join(folders, ","), f) {
			t.Errorf("index lists folders %v, without %s", folders, f)
		}
	}
	names := eval[[]string](t, tab, `[...document.querySelectorAll("#activations tbody tr td:first-child")].map(td => td.textContent)`)
	for _, a := range Registry() {
		if !strings.Contains(","+strings.Join(names, ",")+",", ","+a.Name+",") {
			t.Errorf("index lists activations %v, without %s", names, a.Name)
		}
	}
}

// checkSortAndFilter sorts the summary rows by delta (both ways) and filters to derived rows.
func checkSortAndFilter(t *testing.T, tab context.Context) {
	col := eval[int](t, tab, `[...document.querySelectorAll("#rows thead th")].findIndex(th => th.textContent.trim() === "delta")`)
	if col < 0 {
		t.Fatal("the summary rows have no delta column")
	}
	header := fmt.Sprintf("#rows thead th:nth-child(%d) button", col+1)
	keys := fmt.Sprintf(`[...document.querySelectorAll("#rows tbody tr")].map(r => r.cells[%d].getAttribute("data-sort")).filter(s => s !== null).map(Number)`, col)
	for _, dir := range []string{"ascending", "descending"} {
		run(t, tab, "click "+header, chromedp.Click(chromedp.CSS(header)))
		v := eval[[]float64](t, tab, keys)
		if len(v) < 10 {
			t.Fatalf("only %d numeric deltas", len(v))
		}
		for i := 1; i < len(v); i++ {
			if (dir == "ascending" && v[i] < v[i-1]) || (dir == "descending" && v[i] > v[i-1]) {
				t.Fatalf("after sorting %s, delta %g follows %g", dir, v[i], v[i-1])
			}
		}
		if got := eval[string](t, tab, fmt.Sprintf(`document.querySelector("#rows thead th:nth-child(%d)").getAttribute("aria-sort")`, col+1)); got != dir {
			t.Errorf("aria-sort = %q, want %q", got, dir)
		}
	}
	total := eval[int](t, tab, `document.querySelectorAll("#rows tbody tr").length`)
	run(t, tab, "click #derived", chromedp.Click(chromedp.CSS("#derived")))
	kinds := eval[[]string](t, tab, `[...document.querySelectorAll("table.filterable tbody tr")].filter(r => !r.hidden).map(r => r.getAttribute("data-kind") || "")`)
	if len(kinds) == 0 || len(kinds) >= total {
		t.Fatalf("derived filter shows %d rows of %d", len(kinds), total)
	}
	for _, k := range kinds {
		if k != "derived" {
			t.Fatalf("derived filter shows a %q row", k)
		}
	}
	shown := eval[string](t, tab, `document.getElementById("shown").textContent`)
	if !strings.HasSuffix(shown, "rows shown") {
		t.Errorf("row count reads %q", shown)
	}
	run(t, tab, "type in #filter", chromedp.SendKeys(chromedp.CSS("#filter"), "quench-tanh"))
	rows := eval[[]string](t, tab, `[...document.querySelectorAll("table.filterable tbody tr")].filter(r => !r.hidden).map(r => r.textContent)`)
	if len(rows) == 0 {
		t.Fatal("no row contains quench-tanh")
	}
	for _, r := range rows {
		if !strings.Contains(r, "quench-tanh") {
			t.Fatalf("text filter shows %q", r)
		}
	}
	screenshot(t, tab, "index-derived-quench-tanh.png")
}

// checkActivationPage follows the link to quench-tanh's page.
func checkActivationPage(t *testing.T, tab context.Context) {
	link := `#activations a[href="activations/quench-tanh.html"]`
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.CSS("figure.panel"))); err != nil {
		t.Fatalf("opening quench-tanh's page: %v", err)
	}
	if h1 := eval[string](t, tab, `document.querySelector("h1").textContent`); !strings.Contains(h1, "quench-tanh") || !strings.Contains(h1, "derived") {
		t.Errorf("activation page heading %q", h1)
	}
	rows := eval[int](t, tab, `document.querySelectorAll("table.data tbody tr").length`)
	exps := eval[[]string](t, tab, `[...document.querySelectorAll("h3 a")].map(a => a.textContent)`)
	if rows == 0 || len(exps) < 2 {
		t.Errorf("quench-tanh's page has %d rows from %v", rows, exps)
	}
	if paths := eval[int](t, tab, `document.querySelectorAll("figure.panel svg path").length`); paths < 3 {
		t.Errorf("the gallery panel has %d paths", paths)
	}
	screenshot(t, tab, "activation-quench-tanh.png")
}

// checkReportPage opens the xor report from the index and sorts one of its tables.
func checkReportPage(t *testing.T, tab context.Context, index string) {
	if err := chromedp.Do(tab, chromedp.Navigate(index), chromedp.WaitVisible(chromedp.CSS("#controls")),
		chromedp.Click(chromedp.CSS(`#experiments a[href="xor/report.html"]`)), chromedp.WaitVisible(chromedp.CSS("section.tbl table"))); err != nil {
		t.Fatalf("opening the xor report: %v", err)
	}
	if n := eval[int](t, tab, `document.querySelectorAll("figure svg").length`); n == 0 {
		t.Error("the xor report has no inline plot")
	}
	first := `section.tbl table thead th:nth-child(3) button`
	run(t, tab, "sort the first xor table", chromedp.Click(chromedp.CSS(first)))
	v := eval[[]float64](t, tab, `[...document.querySelector("section.tbl table").tBodies[0].rows].map(r => Number(r.cells[2].getAttribute("data-sort")))`)
	for i := 1; i < len(v); i++ {
		if v[i] < v[i-1] {
			t.Fatalf("xor table not ascending after a click: %v", v)
		}
	}
}

// checkSchemes emulates a dark colour scheme (the page turns dark, its plots keep their white
// ground) and print media (the filter controls are hidden), on the report open in tab.
func checkSchemes(t *testing.T, tab context.Context) {
	media := func(m, scheme string) {
		p := emulation.SetEmulatedMediaParams{Media: m, Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
		if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, p); err != nil {
			t.Fatalf("emulating %s %s: %v", m, scheme, err)
		}
	}
	background := `getComputedStyle(document.body).backgroundColor`
	media("", "light")
	if bg := eval[string](t, tab, background); bg != "rgb(255, 255, 255)" {
		t.Errorf("light scheme: body background %s", bg)
	}
	media("", "dark")
	if bg := eval[string](t, tab, background); bg != "rgb(21, 24, 28)" {
		t.Errorf("dark scheme: body background %s, want rgb(21, 24, 28)", bg)
	}
	if bg := eval[string](t, tab, `getComputedStyle(document.querySelector("figure svg")).backgroundColor`); bg != "rgb(255, 255, 255)" {
		t.Errorf("dark scheme: plot background %s, want white", bg)
	}
	screenshot(t, tab, "xor-report-dark.png")
	media("print", "dark")
	if d := eval[string](t, tab, `getComputedStyle(document.getElementById("controls")).display`); d != "none" {
		t.Errorf("print: the controls are displayed (%s)", d)
	}
	if bg := eval[string](t, tab, background); bg != "rgb(255, 255, 255)" {
		t.Errorf("print: body background %s, want white", bg)
	}
	media("", "")
}
