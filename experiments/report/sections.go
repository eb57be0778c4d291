package report

import (
	"fmt"
	"strings"
)

// Markers are the comments that delimit a generated section named name in a Markdown file:
//
//	<!-- name:begin -->
//	… generated …
//	<!-- name:end -->
func Markers(name string) (begin, end string) {
	return "<!-- " + name + ":begin -->", "<!-- " + name + ":end -->"
}

// Section returns the text between the markers of section name in doc (without the newlines
// that follow the begin marker and precede the end marker).
func Section(doc, name string) (string, error) {
	begin, end := Markers(name)
	_, rest, ok := strings.Cut(doc, begin+"\n")
	if !ok {
		return "", fmt.Errorf("report: no %s marker", begin)
	}
	body, _, ok := strings.Cut(rest, end)
	if !ok {
		return "", fmt.Errorf("report: %s without %s", begin, end)
	}
	return body, nil
}

// ReplaceSection returns doc with the text between the markers of section name replaced by body
// (which should end with a newline). Missing markers are an error: a section is never appended
// silently.
func ReplaceSection(doc, name, body string) (string, error) {
	begin, end := Markers(name)
	i := strings.Index(doc, begin+"\n")
	if i < 0 {
		return "", fmt.Errorf("report: no %s marker", begin)
	}
	start := i + len(begin) + 1
	j := strings.Index(doc[start:], end)
	if j < 0 {
		return "", fmt.Errorf("report: %s without %s", begin, end)
	}
	return doc[:start] + body + doc[start+j:], nil
}
