//go:build unix

package nn

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/isingact/isingact/internal/rng"
)

// loadQuick runs Load in a goroutine and fails the test if it has not returned within 5 s, so a
// regression (blocking on a pipe, reading /dev/zero) fails instead of hanging the test binary.
func loadQuick(t *testing.T, path string) (*Model, error) {
	t.Helper()
	type result struct {
		m   *Model
		err error
	}
	done := make(chan result, 1)
	go func() { m, err := Load(path); done <- result{m, err} }()
	select {
	case r := <-done:
		return r.m, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("Load(%s) did not return within 5 s", path)
		return nil, nil
	}
}

// TestLoadRefusesNonRegular is issue 11's case 9 for model files: a FIFO, a symlink to /dev/zero,
// /dev/zero itself and a directory fail at once with one line naming the path.
func TestLoadRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.bin")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	zero := filepath.Join(dir, "zero.bin")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, kind string }{
		{fifo, "named pipe"}, {zero, "character device"}, {"/dev/zero", "character device"}, {dir, "directory"},
	} {
		m, err := loadQuick(t, tc.path)
		if err == nil || m != nil || !strings.HasPrefix(err.Error(), "nn: ") || !strings.Contains(err.Error(), tc.path) ||
			!strings.Contains(err.Error(), tc.kind) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Load(%s) = %v, %v; want one line naming the path and %q", tc.path, m, err, tc.kind)
		}
	}
}

// TestLoadBoundFromHeader: a model file larger than 1 MiB loads; the same file with bytes
// appended, or a large file without a model header, is refused from its size before the rest is
// read.
func TestLoadBoundFromHeader(t *testing.T) {
	a := MLP(784, []int{200}, 10, "relu") // 157 010 float64 weights: 1.26 MB
	m, err := NewModel(a, Glorot{}, rng.New(1, "load-bound"))
	if err != nil {
		t.Fatal(err)
	}
	good, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := loadQuick(t, write("good.bin", good)); err != nil {
		t.Fatalf("good %d-byte file: %v", len(good), err)
	}
	for _, tc := range []struct {
		name, want string
		file       []byte
	}{
		{"appended", "its header's architecture needs", append(append([]byte(nil), good...), make([]byte, 4096)...)},
		{"no header", "hold no valid model header", make([]byte, 3<<20)},
	} {
		p := write(tc.name+".bin", tc.file)
		if m, err := loadQuick(t, p); err == nil || m != nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: Load = %v, %v; want an error containing %q and the path", tc.name, m, err, tc.want)
		}
	}
}
