package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write and Readme.Write leave a report.html beside the summaries (experiments/report/site),
// and the README lists it.
func TestWriteReportHTML(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{Title: "toy accuracy", Metric: "accuracy", Split: "test", Label: "acc", Higher: true, Baseline: "relu"}
	recs := recsOf("mlp", map[string][]float64{"relu": {0.5, 0.6}, "quench-tanh": {0.7, 0.8}})
	if err := Write(dir, nil, "Command: `x`", []Table{{Spec: spec, Rows: Summarize(recs, spec)}}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h3>toy accuracy — mlp 4</h3>", `<tr data-kind="derived"><td><code>quench-tanh</code>`, "baseline"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
	if err := (Readme{Title: "Toy <title>"}).Write(dir); err != nil {
		t.Fatal(err)
	}
	page, err = os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "<h1>Toy &lt;title&gt;</h1>") {
		t.Error("report.html after Readme.Write lacks the README's title")
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "[report.html](report.html)") {
		t.Error("README.md does not list report.html")
	}
}
