package site

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// The plots are inlined as SVG, so that a report is one file. An SVG is markup, and a file in a
// results folder is input like any other: inlineSVG re-writes it from its XML tokens, keeping
// only the elements and attributes gonum/plot's vgsvg writes (shapes, text, groups, styles, and
// images as base64 data: URLs; vgsvg labels its PNGs image/jpg), escaping all text and attribute values, and dropping the XML
// declaration, comments, namespaces, scripts, event handlers, foreign elements and every
// reference that is not a data:image URL (an image without one is dropped). Images get preserveAspectRatio="none", the
// meaning of gonum's DrawImage. Coordinates are rounded to 0.01 pt (vgsvg writes
// 15 digits), which roughly halves a plot without a visible change.

// svgElements are the elements kept; any other element is dropped with its content.
var svgElements = map[string]bool{
	"svg": true, "g": true, "path": true, "text": true, "tspan": true, "rect": true, "circle": true,
	"ellipse": true, "line": true, "polyline": true, "polygon": true, "image": true, "title": true,
}

// svgAttributes are the attributes kept; numeric ones are rounded.
var svgAttributes = map[string]bool{
	"x": true, "y": true, "width": true, "height": true, "viewBox": true, "transform": true, "d": true,
	"style": true, "fill": true, "stroke": true, "stroke-width": true, "cx": true, "cy": true, "r": true,
	"rx": true, "ry": true, "x1": true, "y1": true, "x2": true, "y2": true, "points": true, "opacity": true,
	"font-family": true, "font-size": true, "text-anchor": true, "href": true,
}

var (
	longDecimal = regexp.MustCompile(`-?\d+\.\d{3,}(?:[eE][+\-]?\d+)?|-?\d+(?:\.\d+)?[eE]-\d+`)
	dataImage   = regexp.MustCompile(`^data:image/(?:png|jpe?g|gif);base64,[A-Za-z0-9+/=\s]*$`)
)

// inlineSVG returns the sanitised SVG of src for inlining in a page, labelled with label (the
// root's aria-label). The root keeps its viewBox and loses its size, so the page's CSS sizes it.
func inlineSVG(src []byte, label string) (template.HTML, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	var b strings.Builder
	skip, depth, roots := 0, 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("site: svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skip > 0 || !keepElement(t) || (depth == 1) != (t.Name.Local == "svg") {
				skip++
				continue
			}
			if depth == 1 {
				roots++
			}
			writeStart(&b, t, depth == 1, label)
		case xml.EndElement:
			depth--
			if skip > 0 {
				skip--
				continue
			}
			b.WriteString("</" + t.Name.Local + ">")
		case xml.CharData:
			switch {
			case skip > 0 || depth == 0:
			case strings.TrimSpace(string(t)) == "": // layout between elements: one newline
				if !strings.HasSuffix(b.String(), "\n") {
					b.WriteString("\n")
				}
			default:
				b.WriteString(html.EscapeString(string(t)))
			}
		}
	}
	if roots != 1 {
		return "", fmt.Errorf("site: svg: want one <svg> root, found %d", roots)
	}
	return template.HTML(b.String()), nil // sanitised above: every name is from a list, every value escaped
}

// keepElement reports whether t is kept: a listed element, and an image only with a data: URL.
func keepElement(t xml.StartElement) bool {
	if !svgElements[t.Name.Local] {
		return false
	}
	if t.Name.Local != "image" {
		return true
	}
	for _, a := range t.Attr {
		if a.Name.Local == "href" && dataImage.MatchString(a.Value) {
			return true
		}
	}
	return false
}

// writeStart writes a start tag with the kept attributes.
func writeStart(b *strings.Builder, t xml.StartElement, root bool, label string) {
	b.WriteString("<" + t.Name.Local)
	if root {
		b.WriteString(` role="img" aria-label="` + html.EscapeString(label) + `"`)
	}
	if t.Name.Local == "image" {
		// vg.Canvas.DrawImage fills its rectangle; SVG's default (xMidYMid meet) would
		// letterbox a heat map's pixels and shrink a 1-pixel-wide colour bar to a line.
		b.WriteString(` preserveAspectRatio="none"`)
	}
	for _, a := range t.Attr {
		name, v := a.Name.Local, a.Value
		switch {
		case a.Name.Space == "xmlns" || name == "xmlns" || !svgAttributes[name]:
			continue
		case root && (name == "width" || name == "height"):
			continue
		case name == "href":
			if !dataImage.MatchString(v) {
				continue
			}
		case name == "style":
			if lv := strings.ToLower(v); strings.Contains(lv, "url(") || strings.Contains(lv, "expression") || strings.Contains(lv, "@import") {
				continue
			}
		default:
			v = longDecimal.ReplaceAllStringFunc(v, round2)
		}
		b.WriteString(" " + name + `="` + html.EscapeString(v) + `"`)
	}
	b.WriteString(">")
}

// round2 rounds a decimal to 0.01 ("519.134765625" → "519.13", "1e-9" → "0").
func round2(s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
