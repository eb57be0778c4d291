// Package report turns the records of a sweep into what people read: summary tables (Markdown
// for summary.md and the terminal, CSV for summary.csv) with a statistic per row and a test
// against a baseline, the provenance README of an output folder, and the generated sections of
// the repository's README.
//
// Tables are built from records only (Summarize), never from a running sweep, so the same
// tables can be written from runs.csv files read back from disk (sweep.Load). A Spec says which
// metric a table compares; its Section and Label functions say how runs group into sections and
// rows (by default: a section per experiment, model, hidden sizes and settings; a row per
// activation).
package report
