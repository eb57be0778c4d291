package boundedfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// quick runs f in a goroutine and fails the test if it has not returned within two seconds, so
// that a regression (blocking on a pipe, reading /dev/zero forever) fails instead of hanging.
func quick(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(2 * time.Second):
		t.Fatalf("%s did not return within 2 s", what)
		return nil
	}
}

// TestSizeBound: a regular file up to the bound is read whole; one byte over is refused before
// reading; a missing file is an error.
func TestSizeBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data")
	content := []byte("0123456789")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := ReadAll(path, 10)
	if err != nil || string(b) != string(content) {
		t.Errorf("ReadAll(limit 10) = %q, %v; want the content", b, err)
	}
	if _, err := ReadAll(path, 9); err == nil || !strings.Contains(err.Error(), "10 bytes, more than the 9 expected") {
		t.Errorf("ReadAll(limit 9) = %v, want a size error", err)
	}
	if _, err := ReadAll(filepath.Join(t.TempDir(), "missing"), 10); err == nil {
		t.Error("ReadAll of a missing file succeeded")
	}
}

// TestReadLimited: a source longer than the limit (as a file that grows while read) is an
// error after limit + 1 bytes, not an unbounded read.
func TestReadLimited(t *testing.T) {
	f, err := os.Open("/dev/zero")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	err = quick(t, "ReadLimited(/dev/zero)", func() error { _, err := ReadLimited(f, "/dev/zero", 0, 1<<20); return err })
	if err == nil || !strings.Contains(err.Error(), "more than the 1048576 bytes") {
		t.Errorf("ReadLimited(/dev/zero, 1 MiB) = %v, want an error", err)
	}
	b, err := ReadLimited(strings.NewReader("abc"), "string", 100, 3)
	if err != nil || string(b) != "abc" {
		t.Errorf("ReadLimited(abc, 3) = %q, %v", b, err)
	}
}
