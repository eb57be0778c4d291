//go:build unix

package boundedfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRefusesNonRegular: a FIFO, a symlink to /dev/zero, /dev/zero itself and a directory are
// refused at once with one line naming the path and the kind of file.
func TestRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, kind string }{
		{fifo, "named pipe"},
		{zero, "character device"},
		{"/dev/zero", "character device"},
		{dir, "directory"},
	} {
		for name, read := range map[string]func() error{
			"ReadAll": func() error { _, err := ReadAll(tc.path, 1<<20); return err },
			"Open":    func() error { f, _, err := Open(tc.path, 1<<20); closeIf(f); return err },
		} {
			err := quick(t, name+"("+tc.path+")", read)
			if err == nil || !strings.Contains(err.Error(), tc.path) || !strings.Contains(err.Error(), tc.kind) ||
				!strings.HasPrefix(err.Error(), "boundedfile: ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s(%s) = %v, want one line naming the path and %q", name, tc.path, err, tc.kind)
			}
		}
	}
}

func closeIf(f *os.File) {
	if f != nil {
		f.Close()
	}
}
