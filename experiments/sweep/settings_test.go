package sweep

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVariantRoundTrip: the variant strings that the committed results/*/runs.csv hold (and the
// xor learning-rate sweep's) parse into Settings that write them back unchanged.
func TestVariantRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		variant string
		lr      float64
		want    Settings
	}{
		{"", 0.05, Settings{}},
		{"task=and", 0.05, Settings{Task: "and"}},
		{"task=noisy-xor;lr=0.05;init=he-normal", 0.05, Settings{Task: "noisy-xor", ByLR: true, Init: "he-normal"}},
		{"subset=600", 0.001, Settings{Subset: 600}},
		{"part=train;sw2=0.07787;sb2=0.05;steps=150;subset=9600;eval=2000", 0.01,
			Settings{Part: "train", SW2: Some(0.07787), SB2: Some(0.05), Steps: 150, Subset: 9600, Eval: 2000}},
		{"part=compare;init=eoc;sb2=0;steps=150;subset=9600;eval=2000", 0.01,
			Settings{Part: "compare", Init: "eoc", SB2: Some(0), Steps: 150, Subset: 9600, Eval: 2000}},
		{"part=compare;init=he-normal;steps=150;subset=9600;eval=2000", 0.01,
			Settings{Part: "compare", Init: "he-normal", Steps: 150, Subset: 9600, Eval: 2000}},
	} {
		s, err := ParseVariant(tc.variant, tc.lr)
		if err != nil || s != tc.want {
			t.Errorf("ParseVariant(%q) = %+v, %v; want %+v", tc.variant, s, err, tc.want)
		}
		if got := (Key{LR: tc.lr, Settings: s}).Variant(); got != tc.variant {
			t.Errorf("Variant() = %q, want %q", got, tc.variant)
		}
	}
	for _, bad := range []string{"task", "colour=red", "steps=x", "sw2=", "lr=0.1"} {
		if _, err := ParseVariant(bad, 0.05); err == nil || !strings.HasPrefix(err.Error(), "sweep: ") {
			t.Errorf("ParseVariant(%q): err = %v, want a sweep error", bad, err)
		}
	}
}

// TestLoadSeveralFiles: Load merges the complete runs of several files, a run found twice
// counting once, and a missing file holding none.
func TestLoadSeveralFiles(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	k := Key{Experiment: "x", Model: "m", Activation: "tanh", Seed: 1, LR: 0.1, Epochs: 1}
	for i, d := range dirs {
		s, err := Open(d)
		if err != nil {
			t.Fatal(err)
		}
		k2 := k
		k2.Seed = 2 + i
		for _, key := range []Key{k, k2} {
			if err := s.Append(key, []Row{{Epoch: 1, Split: "test", Metric: "accuracy", Value: float64(i)}}); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
	}
	recs, err := Load(filepath.Join(dirs[0], "runs.csv"), filepath.Join(dirs[1], "runs.csv"), filepath.Join(dirs[0], "none.csv"))
	if err != nil {
		t.Fatal(err)
	}
	seeds := map[int]float64{}
	for _, r := range recs {
		if r.Metric == "accuracy" {
			seeds[r.Key.Seed] = r.Value
		}
	}
	if len(recs) != 6 || len(seeds) != 3 || seeds[1] != 0 || seeds[3] != 1 {
		t.Errorf("Load: %d records, accuracies by seed %v; want 6 records, seeds 1 (first file), 2, 3", len(recs), seeds)
	}
	if err := os.WriteFile(filepath.Join(dirs[0], "bad.csv"), []byte("a,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(filepath.Join(dirs[0], "bad.csv")); err == nil {
		t.Error("Load of a file with another header: no error")
	}
}
