package site

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
)

// The pages are html/template templates (assets/*.html) sharing one stylesheet and one script
// (assets/page.css, assets/page.js), both inlined in every page. Every page carries a
// Content-Security-Policy that forbids every fetch (default-src 'none'): only the inline style,
// the inline script (by its SHA-256) and data: images run, so even a plot or a string that
// slipped through could not load anything.

//go:embed assets/*.html assets/page.css assets/page.js
var assets embed.FS

// page is what every template gets: the head's title, the link to the index ("" on the index),
// the crumb after it, and the page's own data in Body.
type page struct {
	Title, Home, Crumb string
	Body               any
	Style              template.CSS
	Script             template.JS
	CSP                string
}

// figureData is a figure: its class, id suffix, inline SVG (or a note why not) and caption.
type figureData struct {
	Class, Name string
	SVG         template.HTML
	Note        string
	Caption     string
}

// renderer holds the parsed templates and the shared assets.
type renderer struct {
	t      *template.Template
	style  template.CSS
	script template.JS
	csp    string
}

func newRenderer() (*renderer, error) {
	funcs := template.FuncMap{"figure": func(class string, p Plot, caption string) figureData {
		return figureData{class, p.Name, p.SVG, p.Note, caption}
	}}
	t, err := template.New("site").Funcs(funcs).ParseFS(assets, "assets/*.html")
	if err != nil {
		return nil, fmt.Errorf("site: templates: %w", err)
	}
	css, err := assets.ReadFile("assets/page.css")
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	js, err := assets.ReadFile("assets/page.js")
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	sum := sha256.Sum256(js)
	csp := "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'"
	// The assets are ours, embedded at build time: trusted CSS and JS.
	return &renderer{t: t, style: template.CSS(css), script: template.JS(js), csp: csp}, nil
}

// render executes the named template ("index", "report", "activation") on p.
func (r *renderer) render(name string, p page) ([]byte, error) {
	p.Style, p.Script, p.CSP = r.style, r.script, r.csp
	var b bytes.Buffer
	if err := r.t.ExecuteTemplate(&b, name, p); err != nil {
		return nil, fmt.Errorf("site: %s page: %w", name, err)
	}
	return b.Bytes(), nil
}
