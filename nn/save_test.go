package nn

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trainedModel returns a briefly trained model of arch a and data to feed it.
func trainedModel(t *testing.T, a Arch) (*Model, Data) {
	t.Helper()
	d := blobs(40, a.In, a.Out, 9)
	tr := newRun(t, a, TrainConfig{Loss: SoftmaxCrossEntropy, Optimizer: OptimizerConfig{Name: "adam", LearningRate: 0.01},
		BatchSize: 16, Epochs: 2}, 3)
	if _, err := tr.Fit(context.Background(), d, Data{}); err != nil {
		t.Fatal(err)
	}
	return tr.Model(), d
}

// TestSaveLoadIdentical: Save → Load gives the same architecture, bit-identical weights and
// bit-identical outputs, for both kinds and dtypes; Save leaves no temporary file and replaces
// an existing file.
func TestSaveLoadIdentical(t *testing.T) {
	dir := t.TempDir()
	for i, a := range []Arch{MLP(5, []int{7, 4}, 3, "tanh"), Perceptron(5, 3, "relu"), MLP(5, []int{6}, 3, "relu")} {
		for _, dt := range []Dtype{Float32, Float64} {
			a.Dtype = dt
			m, d := trainedModel(t, a)
			path := filepath.Join(dir, "model.bin")
			if i == 0 && dt == Float32 {
				if err := os.WriteFile(path, []byte("old contents"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := m.Save(path); err != nil {
				t.Fatal(err)
			}
			m2, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := m2.Arch().String(), m.Arch().String(); got != want {
				t.Errorf("arch %q, want %q", got, want)
			}
			w1, w2 := m.Weights(), m2.Weights()
			for k := range w1 {
				for j := range w1[k] {
					if math.Float64bits(w1[k][j]) != math.Float64bits(w2[k][j]) {
						t.Fatalf("%s: weight %d[%d] %v → %v", a, k, j, w1[k][j], w2[k][j])
					}
				}
			}
			o1, err1 := m.Predict(d, 16)
			o2, err2 := m2.Predict(d, 16)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			for j := range o1 {
				if math.Float64bits(o1[j]) != math.Float64bits(o2[j]) {
					t.Fatalf("%s: output %d %v → %v", a, j, o1[j], o2[j])
				}
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("Save left %d files in the folder, want 1", len(entries))
	}
}

// TestLoadRejectsBadFiles: every kind of damage is an error with the package prefix, never a
// panic or a model.
func TestLoadRejectsBadFiles(t *testing.T) {
	m, _ := trainedModel(t, MLP(5, []int{4}, 3, "tanh"))
	good, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnmarshalModel(good); err != nil {
		t.Fatalf("good file: %v", err)
	}
	// resum recomputes the checksum so a test reaches the checks behind it.
	resum := func(b []byte) []byte {
		s := sha256.Sum256(b[:len(b)-32])
		copy(b[len(b)-32:], s[:])
		return b
	}
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	hdrLen := int(binary.LittleEndian.Uint32(good[12:]))
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"magic only", good[:8], "truncated"},
		{"cut in the header", good[:20], "truncated"},
		{"cut in the weights", good[:len(good)/2], "checksum"},
		{"last byte missing", good[:len(good)-1], "checksum"},
		{"extra byte", append(append([]byte(nil), good...), 0), "checksum"},
		{"bad magic", edit(func(b []byte) []byte { b[0] = 'X'; return b }), "bad magic"},
		{"version 3", edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], 3); return resum(b) }), "version 3"},
		{"flipped weight bit", edit(func(b []byte) []byte { b[16+hdrLen+5] ^= 0x10; return b }), "checksum"},
		{"flipped header bit", edit(func(b []byte) []byte { b[16+3] ^= 0x01; return b }), "checksum"},
		{"flipped checksum bit", edit(func(b []byte) []byte { b[len(b)-1] ^= 0x80; return b }), "checksum"},
		{"header length too big", edit(func(b []byte) []byte { binary.LittleEndian.PutUint32(b[12:], 1<<30); return resum(b) }), "header length"},
		{"unknown activation", edit(func(b []byte) []byte {
			return resum([]byte(strings.Replace(string(b), `"tanh"`, `"tanx"`, 1)))
		}), "unknown activation"},
		{"weights of another architecture", edit(func(b []byte) []byte {
			return resum([]byte(strings.Replace(string(b), `"hidden":[4]`, `"hidden":[5]`, 1)))
		}), "needs"},
		{"NaN weight", edit(func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[16+hdrLen:], math.Float64bits(math.NaN()))
			return resum(b)
		}), "NaN"},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		path := filepath.Join(dir, "m.bin")
		if err := os.WriteFile(path, tc.file, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := Load(path)
		if err == nil || m != nil || !strings.HasPrefix(err.Error(), "nn: ") || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: Load = %v, %v; want an error containing %q and the path", tc.name, m, err, tc.want)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.bin")); err == nil {
		t.Error("loading a missing file succeeded")
	}
	if err := m.Save(filepath.Join(dir, "no", "such", "dir", "m.bin")); err == nil {
		t.Error("saving into a missing folder succeeded")
	}
}

// TestFuzzLoadNoPanic flips random bytes (with and without a fixed-up checksum) and cuts the
// file at random lengths: UnmarshalModel must return an error or a valid model, never panic.
func TestFuzzLoadNoPanic(t *testing.T) {
	m, _ := trainedModel(t, MLP(5, []int{4}, 3, "tanh"))
	good, _ := m.MarshalBinary()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		b := append([]byte(nil), good...)
		switch i % 3 {
		case 0:
			b = b[:rng.IntN(len(b))]
		default:
			for k := 0; k < 1+rng.IntN(4); k++ {
				b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
			}
			if i%3 == 2 {
				s := sha256.Sum256(b[:len(b)-32])
				copy(b[len(b)-32:], s[:])
			}
		}
		if mm, err := UnmarshalModel(b); err == nil {
			if err := mm.Arch().Validate(); err != nil {
				t.Fatalf("damaged file gave an invalid model: %v", err)
			}
		}
	}
}
