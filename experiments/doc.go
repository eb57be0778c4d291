// Command experiments runs isingact's experiments:
//
//	go run ./experiments [command] [flags]
//
// With no command it runs "all", the quick preset of xor, mnist and figures; "go run
// ./experiments help" lists the commands and "go run ./experiments <command> -h" their flags.
// This package is only the command table: every experiment is an importable package whose
// Command is a flag shell over its Run function, so that
//
//	xor.Run(ctx, xor.Quick(), sweep.Options{Dir: dir, Workers: 2})
//
// does from Go what "go run ./experiments xor -quick -out dir -workers 2" does.
//
// # Packages
//
//	experiments/sweep        a run's Key and typed Settings, Rows, Records, Jobs; Run (parallel,
//	                         resumable, returns the records of its jobs); the runs.csv Store; Load
//	experiments/stats        descriptive statistics, intervals and tests
//	experiments/report       summary tables (Markdown, CSV) from records; provenance README;
//	                         the README's generated sections
//	experiments/plots        PNG+SVG plots: curves, bars, heat maps, tiles
//	experiments/command      Command, the preset/flag rule (Spec.Parse), typed flag.Values,
//	                         Training (the settings every training experiment shares)
//	experiments/xor, mnist, learnable, criticality, figures, peer
//	                         the experiments: Config, Quick/Full, Run, Command, tables, plots
//
// # Adding an experiment
//
// Create a package experiments/<name> (say experiments/sine) and write three things in it:
//
//  1. The Config: a struct of everything the experiment varies (embed command.Training for the
//     common -acts, -seeds, -epochs, -hidden, -batch, -lr, -opt and -baseline), with Quick() and
//     Full() presets, and activations held as activations.Activation values, parsed once where
//     they enter (command.ParseActs, or the command.Acts flag value).
//  2. The jobs: a function from the Config to []sweep.Job, one per run, each with a sweep.Key
//     that holds every setting that changes its result (what no Key column holds goes into
//     sweep.Settings, written to runs.csv's variant column) and a Run function that seeds its
//     generators from Key.RNGSeed() and returns tidy sweep.Rows (epoch, split, metric, value).
//     Run(ctx, cfg, o sweep.Options) normalises the Config, calls sweep.Run with the jobs, which
//     trains in parallel, resumes what runs.csv already holds and returns the records of these
//     jobs, and writes the tables.
//  3. The tables: a report.Spec per table (the metric, its split, the baseline; Section and
//     RowOf when rows are not activations), report.Summarize on the records, report.Write for
//     summary.md and summary.csv, plots from experiments/plots, and report.Readme for the
//     folder's provenance.
//
// Then give the package a Command (a command.Spec binding the flags onto the Config and
// sweep.Options; the two-pass Parse gives every command the same -quick/-full rule, an explicit
// flag winning over the preset) and list it in this package's commands(). Add the test with it:
// an Example in example_test.go that runs a tiny Config into a temporary folder and checks the
// files (go test runs it, go doc shows it), and a <name>_test.go that runs the command with tiny
// flags, checks runs.csv (testutil.ReadRuns) and the tables, and interrupts and resumes a sweep
// (testutil.CancelAfterFirstRun). experiments/xor is the smallest complete example.
package main
