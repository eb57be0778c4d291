package learnable

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ReadmeSection returns the repository README's paragraph on the learnable experiment, written
// from the committed <dir>/summary.csv and <dir>/params.csv (results/learnable): per dataset the
// verdicts with each pair's difference and interval, then what was learned — each parameter's
// distribution across units and seeds (mean, median, 10–90% range). Nothing in it is typed by
// hand, so it changes only when the results do. Without <dir>/summary.csv (the experiment not
// yet run) it says so and gives the command.
func ReadmeSection(dir string) (string, error) {
	sum, err := readCSV(filepath.Join(dir, "summary.csv"), summaryColumns)
	if errors.Is(err, fs.ErrNotExist) {
		return "Not run yet: the committed results will come from `go run ./experiments learnable -full -workers 2`.\n", nil
	}
	if err != nil {
		return "", err
	}
	par, err := readCSV(filepath.Join(dir, "params.csv"), paramColumns)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("Each derived activation against its learnable twin (every learnable parameter learned per unit from the fixed value; h on h ≥ 0), paired by seed ([results/learnable/README.md](results/learnable/README.md)).\n")
	for _, ds := range []string{"mnist", "xor"} {
		rows := filter(sum, "dataset", ds)
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n**%s** (%s, n = %s seeds):\n\n", strings.ToUpper(ds), rows[0]["metric"], rows[0]["n"])
		for _, r := range rows {
			fmt.Fprintf(&b, "- `%s`: learnable − fixed %s points [%s, %s], **%s** (p Holm %s, p TOST %s).\n", r["fixed"],
				signed(flt(r["delta"])), pct(flt(r["ci_low"])), pct(flt(r["ci_high"])), r["verdict"], pval(flt(r["p_holm"])), pval(flt(r["p_tost"])))
		}
		if ps := filter(par, "dataset", ds); len(ps) > 0 {
			b.WriteString("\nLearned (after training, across units and seeds):\n\n")
			for _, p := range ps {
				fmt.Fprintf(&b, "- `%s` %s from %s: mean %s, median %s, 10–90%% %s to %s, range %s to %s (n = %s).\n", shortLabel(p["learned"]),
					p["param"], num(flt(p["initial"])), num(flt(p["mean"])), num(flt(p["median"])), num(flt(p["q10"])), num(flt(p["q90"])),
					num(flt(p["min"])), num(flt(p["max"])), p["n"])
			}
		}
	}
	return b.String(), nil
}

// readCSV reads a CSV file whose header must be want, as maps from column to value.
func readCSV(path string, want []string) ([]map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("learnable: %w", err) // wraps fs.ErrNotExist for a missing file
	}
	lines, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("learnable: %s: %w", path, err)
	}
	if len(lines) == 0 || !slices.Equal(lines[0], want) {
		return nil, fmt.Errorf("learnable: %s: header is not %s", path, strings.Join(want, ","))
	}
	var out []map[string]string
	for _, l := range lines[1:] {
		m := map[string]string{}
		for i, c := range want {
			m[c] = l[i]
		}
		out = append(out, m)
	}
	return out, nil
}

func filter(rows []map[string]string, col, v string) []map[string]string {
	var out []map[string]string
	for _, r := range rows {
		if r[col] == v {
			out = append(out, r)
		}
	}
	return out
}

// flt reads a number written by sweep.FormatFloat ("NaN" included); anything else is NaN.
func flt(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}
