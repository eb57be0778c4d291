//go:build unix

package datasets

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMNISTNonRegularFiles is issue 11's case 9: a -mnist-dir where one of the four files is a
// FIFO, a symlink to /dev/zero or a directory must fail at once with one line naming the path,
// not hang on the pipe or read /dev/zero until memory runs out. The other three files are
// symlinks to the real ones (a symlink to a regular file is fine).
func TestMNISTNonRegularFiles(t *testing.T) {
	src, err := FindMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, kind string
		make       func(path string) error
	}{
		{"fifo", "named pipe", func(p string) error { return syscall.Mkfifo(p, 0o600) }},
		{"symlink to /dev/zero", "character device", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"directory", "directory", func(p string) error { return os.Mkdir(p, 0o700) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range MNISTFiles() {
				if f == MNISTTrainImages {
					continue
				}
				if err := os.Symlink(filepath.Join(src, f.Name), filepath.Join(dir, f.Name)); err != nil {
					t.Fatal(err)
				}
			}
			bad := filepath.Join(dir, MNISTTrainImages.Name)
			if err := tc.make(bad); err != nil {
				t.Skipf("cannot make a %s here: %v", tc.name, err)
			}
			done := make(chan error, 1)
			go func() { _, err := LoadMNIST(dir, 1); done <- err }()
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("LoadMNIST did not return within 5 s")
			}
			if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), tc.kind) ||
				!strings.HasPrefix(err.Error(), "datasets: ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("LoadMNIST = %v, want one line naming %s as a %s", err, bad, tc.kind)
			}
		})
	}
}
