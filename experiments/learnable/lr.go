package learnable

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"

	"github.com/isingact/isingact/experiments/sweep"
)

// mnistRates reads the learning rate the mnist comparison chose for each activation from its
// summary.csv (path): the lr column of the rows of model mlp with the given hidden sizes, no
// variant, metric accuracy on the test split, keyed by activation spec. A missing file gives an
// empty map (every activation then uses the configured rate); a file without the columns, or
// with a rate that is not a single positive number, is an error.
func mnistRates(path string, hidden []int) (map[string]float64, error) {
	out := map[string]float64{}
	if path == "" {
		return out, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	lines, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(lines) == 0 {
		return nil, fmt.Errorf("%s: %v", path, errors.Join(err, errors.New("no header")))
	}
	col := map[string]int{}
	for _, name := range []string{"model", "hidden", "variant", "activation", "lr", "metric", "split"} {
		i := slices.Index(lines[0], name)
		if i < 0 {
			return nil, fmt.Errorf("%s has no column %q", path, name)
		}
		col[name] = i
	}
	want := map[string]string{"model": "mlp", "hidden": sweep.FormatHidden(hidden), "variant": "", "metric": "accuracy", "split": "test"}
	for n, l := range lines[1:] {
		if !matches(l, col, want) {
			continue
		}
		lr, err := strconv.ParseFloat(l[col["lr"]], 64)
		if err != nil || !(lr > 0) {
			return nil, fmt.Errorf("%s line %d: lr %q is not one positive rate", path, n+2, l[col["lr"]])
		}
		out[l[col["activation"]]] = lr
	}
	return out, nil
}

func matches(line []string, col map[string]int, want map[string]string) bool {
	for name, v := range want {
		if line[col[name]] != v {
			return false
		}
	}
	return true
}
