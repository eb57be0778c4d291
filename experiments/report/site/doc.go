// Package site renders the results as offline HTML: a report.html in every experiment folder
// (its summary tables, sortable and filterable, and its plots inlined as SVG), and, for a results
// tree, index.html (every experiment, every registered activation, every summary row) and one
// page per registered activation (formula and doc line from the registry, its gallery panel, its
// rows from every experiment's summary.csv with whatever columns those have, and the
// experiments' plots named after it).
//
// Everything is built from the files on disk (summary.md, summary.csv, README.md, *.svg), so the
// pages of committed results regenerate without rerunning anything:
//
//	go run ./experiments site -results results
//
// The pages are self-contained and make no request: one inline stylesheet (light and dark
// schemes, print rules), one small inline script of our own (sorting by a click on a header,
// a text filter, a "derived only" toggle; the tables are complete without it), plots inlined
// after sanitising (svg.go), a Content-Security-Policy forbidding every fetch. Every string is
// escaped by html/template. The output is a function of the input files and the registry only
// (no clock, no map order), so regenerating unchanged results changes no byte.
//
// An activation's plot is its gallery panel drawn here (panel.go: the gallery's range, samples,
// colours and frame), not cut out of results/figures/gallery.svg, whose layout is gonum's.
//
// Not shown: runs.csv (per-run and per-epoch values; linked in the file list), the PNG copies of
// the plots, the other tables of a folder (criticality's eoc_table.* and trainability.*: their
// plots are shown, the files linked), the README of a folder that has a summary.md (the summary's
// header carries the same command, machine and protocol), and no learning curves beyond the
// plots the experiments draw.
package site
