// Package report turns the records of a sweep into what people read: summary tables (Markdown
// for summary.md and the terminal, CSV for summary.csv) with a statistic per row and a test
// against a baseline, the provenance README of an output folder, and the generated sections of
// the repository's README. Write and Readme.Write also write the folder's report.html (package
// report/site: the summary tables, sortable and filterable, with the folder's plots inlined),
// rendered from the files they have just written, so every command leaves a current one.
//
// Tables are built from records only (Summarize), never from a running sweep, so the same
// tables can be written from runs.csv files read back from disk (sweep.Load). A Spec says which
// metric a table compares; its Section and Label functions say how runs group into sections and
// rows (by default: a section per experiment, model, hidden sizes and settings; a row per
// activation).
package report
