package peer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/isingact/isingact/internal/atomicfile"
	"github.com/isingact/isingact/nn"
)

// results is everything one benchmark measured, as written to its folder.
type results struct {
	cfg                   Config
	setup                 string
	start                 time.Time
	loadBefore, loadAfter string
	noTorch, torchInfo    string
	gemm                  []gemmTime
	runs                  []run
	rows                  []row
	tput                  []tputRound
}

// gemmTime is the time of one training step's matrix products at a thread count.
type gemmTime struct {
	threads int
	step    time.Duration
}

func (r *results) gemmText() string {
	parts := make([]string, len(r.gemm))
	for i, g := range r.gemm {
		parts[i] = fmt.Sprintf("%.3f ms (%d thread(s))", g.step.Seconds()*1e3, g.threads)
	}
	return strings.Join(parts, ", ")
}

// buildName names the build's folder: "openblas" for -tags openblas, "go" otherwise.
func buildName() string {
	if strings.HasPrefix(nn.BLASName(), "OpenBLAS") {
		return "openblas"
	}
	return "go"
}

// The files of a results folder.
const (
	summaryFile    = "summary.csv"
	infoFile       = "info.csv"
	throughputFile = "throughput.csv"
)

var summaryHeader = []string{"side", "threads", "runs", "epochs", "median_s", "min_s", "max_s", "test_acc_mean", "test_acc_sd"}

// write writes the results to dir/<build>: summary.csv, info.csv, throughput.csv (removed when
// there is no throughput measurement), summary.md and README.md.
func (r *results) write(dir string, stdout io.Writer) error {
	d := filepath.Join(dir, buildName())
	if err := os.MkdirAll(d, 0o755); err != nil {
		return fmt.Errorf("peer: %w", err)
	}
	files := map[string][]byte{summaryFile: csvBytes(summaryHeader, r.summaryRecords()), infoFile: csvBytes([]string{"key", "value"}, r.info())}
	if len(r.tput) > 0 {
		files[throughputFile] = csvBytes([]string{"round", "workers", "one_run_epochs_per_s", "runs_epochs_per_s"}, r.tputRecords())
	} else if err := os.Remove(filepath.Join(d, throughputFile)); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("peer: %w", err)
	}
	var md bytes.Buffer
	printSummary(&md, r.rows, r.runs) // the accuracy verdict was returned by measure already
	files["summary.md"] = []byte("```\n" + md.String() + "```\n")
	files["README.md"] = r.readme(md.String())
	for name, b := range files {
		if err := atomicfile.WriteFile(filepath.Join(d, name), b); err != nil {
			return fmt.Errorf("peer: %w", err)
		}
	}
	fmt.Fprintf(stdout, "peer: results written to %s\n", d)
	return nil
}

func (r *results) summaryRecords() [][]string {
	var recs [][]string
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	for _, w := range r.rows {
		recs = append(recs, []string{w.side, strconv.Itoa(w.threads), strconv.Itoa(w.Runs), strconv.Itoa(w.Epochs),
			f(w.Median), f(w.Min), f(w.Max), f(w.AccMean), f(w.AccSD)})
	}
	return recs
}

func (r *results) tputRecords() [][]string {
	var recs [][]string
	for i, t := range r.tput {
		recs = append(recs, []string{strconv.Itoa(i + 1), strconv.Itoa(t.workers),
			strconv.FormatFloat(t.one, 'g', 6, 64), strconv.FormatFloat(t.many, 'g', 6, 64)})
	}
	return recs
}

// info returns the key-value rows of info.csv: when, where and how the benchmark ran.
func (r *results) info() [][]string {
	torch := r.torchInfo
	if r.noTorch != "" {
		torch = "skipped: " + r.noTorch
	}
	kv := [][]string{
		{"date", r.start.Format(time.RFC3339)},
		{"command", "go run ./experiments " + strings.Join(commandArgs(), " ")},
		{"build", buildName()},
		{"blas", nn.BLASName()},
		{"go", runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH},
		{"cpu", cpuModel()},
		{"cpus", strconv.Itoa(runtime.NumCPU())},
		{"load_before", r.loadBefore},
		{"load_after", r.loadAfter},
		{"torch", torch},
		{"setup", r.setup},
	}
	for _, g := range r.gemm {
		kv = append(kv, []string{fmt.Sprintf("gemm_step_ms_%d", g.threads), strconv.FormatFloat(g.step.Seconds()*1e3, 'f', 4, 64)})
	}
	return kv
}

// commandArgs returns the arguments the program was started with, from the command name on
// (os.Args of `go run ./experiments peer …` start with a temporary binary's path).
func commandArgs() []string {
	for i, a := range os.Args {
		if a == "peer" {
			return os.Args[i:]
		}
	}
	return []string{"peer"}
}

// readme returns the folder's README.md: what ran, where and when, and the printed summary.
func (r *results) readme(summary string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Peer benchmark: the Go trainer and PyTorch (build %s)\n\n", buildName())
	fmt.Fprintf(&b, "Written by `experiments peer`; regenerate, do not edit. `go run ./experiments readme` builds the\nREADME's Performance section from summary.csv, info.csv and throughput.csv here.\n\n")
	for _, kv := range r.info() {
		fmt.Fprintf(&b, "- %s: %s\n", kv[0], kv[1])
	}
	fmt.Fprintf(&b, "\n```\n%s```\n", summary)
	if len(r.tput) > 0 {
		one, many := tputMedians(r.tput)
		fmt.Fprintf(&b, "\nThroughput: %d runs at once %.3f epochs/s against one 1-thread run alone %.3f epochs/s (medians of %d rounds): %.2f×.\n",
			r.tput[0].workers, many, one, len(r.tput), many/one)
	}
	return b.Bytes()
}

// csvBytes returns header and recs as CSV.
func csvBytes(header []string, recs [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	w.WriteAll(recs) // flushes; a bytes.Buffer does not fail
	return b.Bytes()
}
