package report

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/isingact/isingact/experiments/sweep"
)

// TestPipelineFromRunsCSV is issue 12's recomputation check end to end: the 16 × 10 fixture of
// experiments/stats (testdata/pipeline.csv, act00 the baseline) written as runs.csv through
// the sweep store — seeds in shuffled order, so the pairing must go by seed — read back with
// sweep.Load, summarised and written as summary.csv, whose p_paired, p_holm, p_tost and verdict
// columns must agree to 1e-6 with SciPy 1.10.1 / statsmodels 0.13.5 (ttest_rel,
// multipletests(method="holm"), ttost_paired at ±0.002), the values of stats'
// TestPipelineRecomputation computed by experiments/stats/testdata/ref.py.
func TestPipelineFromRunsCSV(t *testing.T) {
	want := map[string]struct {
		p, holm, tost float64
		verdict       string
	}{
		"act01": {0.8460366784445774, 1.0, 0.00018758039899228544, "equivalent"},
		"act02": {0.31738026699700234, 1.0, 0.00829684524739533, "equivalent"},
		"act03": {6.002045627823663e-05, 0.0007802659316170762, 0.9552964066146553, "better"},
		"act04": {8.483785599508038e-06, 0.00011877299839311253, 0.9994840277470405, "worse"},
		"act05": {0.6642809096505915, 1.0, 0.0004671168790966548, "equivalent"},
		"act06": {0.04232698886435342, 0.33861591091482734, 0.02284991322254813, "equivalent"},
		"act07": {0.6323913011667117, 1.0, 0.00036646386005041644, "equivalent"},
		"act08": {0.004922307066880614, 0.049223070668806136, 0.2188307113146561, "better"},
		"act09": {0.0001365517250022281, 0.001638620700026737, 0.9304696285529457, "worse"},
		"act10": {0.4650647809546834, 1.0, 0.001921797930192267, "equivalent"},
		"act11": {0.37859174234828974, 1.0, 0.01513286071870344, "equivalent"},
		"act12": {0.0004379736458461118, 0.00481771010430723, 0.7501451584130814, "worse"},
		"act13": {4.1923644277680036e-07, 6.288546641652005e-06, 0.9999945173046101, "better"},
		"act14": {0.19978127302399337, 1.0, 0.00014484868452676225, "equivalent"},
		"act15": {0.011799213765836106, 0.10619292389252495, 0.2606020991727338, "inconclusive"},
	}
	dir := t.TempDir()
	writeFixtureRuns(t, filepath.Join("..", "stats", "testdata", "pipeline.csv"), dir)
	recs, err := sweep.Load(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Metric: "accuracy", Split: "test", Higher: true, Baseline: "act00", Margin: 0.002}
	if err := Write(dir, nil, "", []Table{{spec, Summarize(recs, spec)}}); err != nil {
		t.Fatal(err)
	}
	got := readSummary(t, filepath.Join(dir, "summary.csv"))
	if len(got) != 16 {
		t.Fatalf("summary.csv has %d rows, want 16", len(got))
	}
	for _, row := range got {
		act := row["activation"]
		if act == "act00" {
			if row["verdict"] != "baseline" {
				t.Errorf("act00: verdict %q, want baseline", row["verdict"])
			}
			continue
		}
		w := want[act]
		for _, c := range []struct {
			col  string
			want float64
		}{{"p_paired", w.p}, {"p_holm", w.holm}, {"p_tost", w.tost}} {
			v, err := strconv.ParseFloat(row[c.col], 64)
			if err != nil || !near(v, c.want, 1e-6) {
				t.Errorf("%s: %s = %s, want %.17g", act, c.col, row[c.col], c.want)
			}
		}
		if row["verdict"] != w.verdict || row["n_pairs"] != "10" || row["margin"] != "0.002" {
			t.Errorf("%s: verdict %q n_pairs %q margin %q, want %s, 10, 0.002", act, row["verdict"], row["n_pairs"], row["margin"], w.verdict)
		}
	}
}

// writeFixtureRuns writes the activation,seed,value fixture as runs.csv in dir: one run per
// line (its test accuracy at epoch 1), the seeds of each activation in reverse order for the
// odd activations.
func writeFixtureRuns(t *testing.T, fixture, dir string) {
	t.Helper()
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sweep.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	body := lines[1:]
	for i := range body {
		l := body[i]
		if n := len(l[0]); l[0][n-1]%2 == 1 { // act01, act03, …: this activation's seeds backwards
			base := i - (i % 10)
			l = body[base+9-(i%10)]
		}
		seed, err1 := strconv.Atoi(l[1])
		v, err2 := strconv.ParseFloat(l[2], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("fixture line %q", l)
		}
		k := sweep.Key{Experiment: "fixture", Model: "mlp", Activation: l[0], Seed: seed, LR: 0.001, Hidden: "8", Epochs: 1}
		if err := st.Append(k, []sweep.Row{{Epoch: 1, Split: "test", Metric: "accuracy", Value: v}}); err != nil {
			t.Fatal(err)
		}
	}
}

// readSummary reads summary.csv as one map column → value per line.
func readSummary(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, l := range lines[1:] {
		m := map[string]string{}
		for i, c := range lines[0] {
			m[c] = l[i]
		}
		out = append(out, m)
	}
	return out
}
