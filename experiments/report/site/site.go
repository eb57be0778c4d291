package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/isingact/isingact/internal/atomicfile"
)

// ReportFile is the name of an experiment folder's HTML report.
const ReportFile = "report.html"

// Options says what Build reads and writes.
type Options struct {
	// Results is the folder of experiment folders (results/): every subfolder with a
	// summary.md or a README.md gets its report.html, and Results gets index.html and
	// activations/<name>.html.
	Results string
	// Activations are the activations with a page (nil: Registry()).
	Activations []Activation
	// Panel draws an activation's plot as SVG (nil: Panel, the gallery panel).
	Panel func(Activation) ([]byte, error)
	// Command is the command line the index names for regenerating it.
	Command string
}

// ActivationsDir is the folder of the activation pages inside Results.
const ActivationsDir = "activations"

// Build writes every folder's report.html, the index and the activation pages, each
// atomically; activation pages of activations no longer registered are removed. The output
// depends only on the files read and the registry: the same inputs give the same bytes.
func Build(o Options) error {
	if o.Activations == nil {
		o.Activations = Registry()
	}
	if o.Panel == nil {
		o.Panel = Panel
	}
	r, err := newRenderer()
	if err != nil {
		return err
	}
	cat := newCatalog(o.Activations)
	folders, sums, err := readResults(o.Results, cat)
	if err != nil {
		return err
	}
	for _, f := range folders {
		if err := writeReport(r, filepath.Join(o.Results, f.Name), f, true); err != nil {
			return err
		}
	}
	if err := writeIndex(r, o, folders, sums, cat); err != nil {
		return err
	}
	return writeActivations(r, o, folders, sums, cat)
}

// readResults reads every experiment folder of dir (sorted by name) and its summary.csv.
func readResults(dir string, cat catalog) ([]Folder, []summaryCSV, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("site: %w", err)
	}
	var folders []Folder
	var sums []summaryCSV
	for _, e := range entries {
		sub := filepath.Join(dir, e.Name())
		if !e.IsDir() || e.Name() == ActivationsDir || strings.HasPrefix(e.Name(), ".") || !isExperiment(sub) {
			continue
		}
		f, err := readFolder(sub, "", cat, "../"+ActivationsDir)
		if err != nil {
			return nil, nil, err
		}
		folders = append(folders, f)
		s, ok, err := readSummaryCSV(sub)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			sums = append(sums, s)
		}
	}
	return folders, sums, nil
}

// isExperiment reports whether dir has a summary.md or a README.md.
func isExperiment(dir string) bool {
	for _, n := range []string{"summary.md", "README.md"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return true
		}
	}
	return false
}

// WriteReport writes dir/report.html from the folder's files: its summary.md tables, its SVG
// plots inlined, title (the README's when title is ""). The experiments call it where they
// write summaries and READMEs, so every command leaves a current report. Activation rows link
// to ../activations/<name>.html when dir's parent has that folder (a results tree).
func WriteReport(dir, title string) error {
	r, err := newRenderer()
	if err != nil {
		return err
	}
	link := ""
	if _, err := os.Stat(filepath.Join(filepath.Dir(filepath.Clean(dir)), ActivationsDir)); err == nil {
		link = "../" + ActivationsDir
	}
	f, err := readFolder(dir, title, newCatalog(Registry()), link)
	if err != nil {
		return err
	}
	return writeReport(r, dir, f, link != "")
}

// writeReport renders f as dir/report.html; home links the crumb to ../index.html.
func writeReport(r *renderer, dir string, f Folder, home bool) error {
	p := page{Title: f.Title + " — isingact", Crumb: f.Name, Body: f}
	if home {
		p.Home = "../index.html"
	}
	b, err := r.render("report", p)
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, ReportFile), b)
}

// indexData is the index page.
type indexData struct {
	Command     string
	Folders     []Folder
	Activations *Table
	Rows        *Table
}

func writeIndex(r *renderer, o Options, folders []Folder, sums []summaryCSV, cat catalog) error {
	acts := &Table{ID: "activations", Head: []string{"activation", "kind", "formula and source", "default spec"}}
	for _, a := range o.Activations {
		name := Cell{Spans: []Span{{Text: a.Name, Code: true}}, Href: ActivationsDir + "/" + pageName(a.Name)}
		acts.Rows = append(acts.Rows, TableRow{Kind: a.Kind, Cells: []Cell{name, {Spans: []Span{{Text: a.Kind}}},
			{Spans: []Span{{Text: a.Doc}}}, {Spans: []Span{{Text: a.Default, Code: true}}}}})
	}
	rows := allRows(sums, cat)
	rows.ID = "rows"
	b, err := r.render("index", page{Title: "isingact results", Body: indexData{
		Command: o.Command, Folders: folders, Activations: acts, Rows: rows}})
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(o.Results, "index.html"), b)
}

func writeFile(path string, b []byte) error {
	if err := atomicfile.WriteFile(path, b); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	return nil
}

// activationData is an activation page.
type activationData struct {
	Act    Activation
	Panel  Plot
	Tables []folderTable
	Plots  []Plot
}

// folderTable is an activation's rows in one experiment's summary.csv.
type folderTable struct {
	Folder string
	Table  *Table
}

func writeActivations(r *renderer, o Options, folders []Folder, sums []summaryCSV, cat catalog) error {
	dir := filepath.Join(o.Results, ActivationsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	want := map[string]bool{}
	for _, a := range o.Activations {
		d := activationData{Act: a, Plots: activationPlots(folders, a.Name)}
		svg, err := o.Panel(a)
		if err != nil {
			return fmt.Errorf("site: %s: %w", a.Name, err)
		}
		d.Panel = Plot{Name: "gallery"}
		if d.Panel.SVG, err = inlineSVG(svg, a.Default); err != nil {
			return fmt.Errorf("site: %s: %w", a.Name, err)
		}
		for _, s := range sums {
			if t := rowsOf(s, a.Name, cat); t != nil {
				d.Tables = append(d.Tables, folderTable{s.Folder, t})
			}
		}
		b, err := r.render("activation", page{Title: a.Name + " — isingact", Home: "../index.html", Crumb: a.Name, Body: d})
		if err != nil {
			return err
		}
		want[pageName(a.Name)] = true
		if err := writeFile(filepath.Join(dir, pageName(a.Name)), b); err != nil {
			return err
		}
	}
	return removeStale(dir, want)
}

// activationPlots are the plots of the folders named after the activation ("phase_elu" for
// elu): "<prefix>_<name>.svg".
func activationPlots(folders []Folder, name string) []Plot {
	var out []Plot
	for _, f := range folders {
		for _, p := range f.Plots {
			if strings.HasSuffix(p.Name, "_"+name) {
				out = append(out, Plot{Name: f.Name + "/" + p.Name, SVG: p.SVG})
			}
		}
	}
	return out
}

// removeStale removes the .html files of dir not in want (pages of activations no longer
// registered).
func removeStale(dir string, want map[string]bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".html") && !want[n] && !e.IsDir() {
			errs = append(errs, os.Remove(filepath.Join(dir, n)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	return nil
}
