package peer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ReadmeSection returns the README's generated Performance section from the results folders
// dir/go and dir/openblas that `experiments peer -out dir` wrote: one table row per build and
// Go thread count (Go and PyTorch median epoch, Go/PyTorch at the same thread count and against
// PyTorch's best setting, test accuracies), then per build the BLAS, the GEMM time per step,
// the throughput of parallel runs, the machine, the date, the load and the command.
func ReadmeSection(dir string) (string, error) {
	var b strings.Builder
	var notes []string
	for _, build := range []string{"go", "openblas"} {
		sec, err := readBuild(filepath.Join(dir, build))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if b.Len() == 0 {
			b.WriteString("| build | threads | Go epoch | PyTorch epoch | Go / PyTorch, same threads | Go / PyTorch's best | test accuracy Go / PyTorch |\n")
			b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
		}
		sec.tableRows(&b, build)
		notes = append(notes, sec.note(build))
	}
	if b.Len() == 0 {
		return "Not measured yet: the results will come from `go run ./experiments peer -rounds 5 -workers 2` (and `-tags openblas`).\n", nil
	}
	b.WriteString("\n")
	for _, n := range notes {
		b.WriteString(n)
	}
	return b.String(), nil
}

// buildResults is one build's folder as read back.
type buildResults struct {
	rows []row
	info map[string]string
	tput []tputRound
}

func readBuild(d string) (*buildResults, error) {
	sum, err := readRecords(filepath.Join(d, summaryFile), summaryHeader)
	if err != nil {
		return nil, err
	}
	info, err := readRecords(filepath.Join(d, infoFile), []string{"key", "value"})
	if err != nil {
		return nil, err
	}
	res := &buildResults{info: map[string]string{}}
	for _, kv := range info {
		res.info[kv[0]] = kv[1]
	}
	for _, rec := range sum {
		r, err := parseRow(rec)
		if err != nil {
			return nil, fmt.Errorf("peer: %s: %w", filepath.Join(d, summaryFile), err)
		}
		res.rows = append(res.rows, r)
	}
	tput, err := readRecords(filepath.Join(d, throughputFile), []string{"round", "workers", "one_run_epochs_per_s", "runs_epochs_per_s"})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, rec := range tput {
		v, err := parseFloats(rec[1:])
		if err != nil {
			return nil, fmt.Errorf("peer: %s: %w", filepath.Join(d, throughputFile), err)
		}
		res.tput = append(res.tput, tputRound{workers: int(v[0]), one: v[1], many: v[2]})
	}
	return res, nil
}

func parseRow(rec []string) (row, error) {
	v, err := parseFloats(rec[1:])
	if err != nil {
		return row{}, err
	}
	if rec[0] != sideGo && rec[0] != sideTorch {
		return row{}, fmt.Errorf("side %q (want %s or %s)", rec[0], sideGo, sideTorch)
	}
	return row{setting: setting{rec[0], int(v[0])}, Runs: int(v[1]), Epochs: int(v[2]),
		Median: v[3], Min: v[4], Max: v[5], AccMean: v[6], AccSD: v[7]}, nil
}

func parseFloats(s []string) ([]float64, error) {
	v := make([]float64, len(s))
	for i, x := range s {
		var err error
		if v[i], err = strconv.ParseFloat(x, 64); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// readRecords reads a CSV file whose header must be want and returns its records.
func readRecords(path string, want []string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("peer: %w", err) // wraps fs.ErrNotExist for a missing file
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("peer: %s: %w", path, err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("peer: %s: header is not %s", path, strings.Join(want, ","))
	}
	return recs[1:], nil
}

// tableRows writes one table row per Go thread count.
func (r *buildResults) tableRows(b *strings.Builder, build string) {
	rt := ratiosOf(r.rows)
	torch := map[int]row{}
	for _, w := range r.rows {
		if w.side == sideTorch {
			torch[w.threads] = w
		}
	}
	ratio := func(rs []sameRatio, t int) string {
		for _, x := range rs {
			if x.threads == t {
				return fmt.Sprintf("%.2f", x.ratio)
			}
		}
		return "–"
	}
	for _, g := range r.rows {
		if g.side != sideGo {
			continue
		}
		py, acc := "–", fmt.Sprintf("%.4f / –", g.AccMean)
		if t, ok := torch[g.threads]; ok {
			py, acc = fmt.Sprintf("%.3f s", t.Median), fmt.Sprintf("%.4f / %.4f", g.AccMean, t.AccMean)
		}
		fmt.Fprintf(b, "| %s | %d | %.3f s | %s | %s | %s | %s |\n", build, g.threads, g.Median, py, ratio(rt.same, g.threads), ratio(rt.vsBest, g.threads), acc)
	}
}

// note is the paragraph under the table for one build.
func (r *buildResults) note(build string) string {
	var gemm []string
	for _, g := range r.rows {
		if ms, ok := r.info[fmt.Sprintf("gemm_step_ms_%d", g.threads)]; ok && g.side == sideGo {
			gemm = append(gemm, fmt.Sprintf("%s ms (%d thread(s))", ms, g.threads))
		}
	}
	s := fmt.Sprintf("- **%s** ([results/peer/%s](results/peer/%s/README.md)): BLAS %s; GEMM per training step %s.", build, build, build,
		r.info["blas"], strings.Join(gemm, ", "))
	if rt := ratiosOf(r.rows); rt.best.Runs > 0 {
		s += fmt.Sprintf(" PyTorch's best setting: %d thread(s), %.3f s.", rt.best.threads, rt.best.Median)
	}
	if len(r.tput) > 0 {
		one, many := tputMedians(r.tput)
		s += fmt.Sprintf(" Throughput: %d runs at once give %.2f× the epochs per second of one 1-thread run (median of %d rounds).", r.tput[0].workers, many/one, len(r.tput))
	}
	return s + fmt.Sprintf(" Measured %s on %s (%s CPUs, load average %s before, %s after), %s, %s: `%s`.\n",
		r.info["date"], r.info["cpu"], r.info["cpus"], r.info["load_before"], r.info["load_after"], r.info["go"], r.info["torch"], r.info["command"])
}
