package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFile: a new file and a replaced one hold exactly the data, with mode Perm, and no
// temporary file is left in the folder.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	for _, data := range []string{"first", "second, longer contents", ""} {
		if err := WriteFile(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != data {
			t.Fatalf("read %q, %v; want %q", got, err, data)
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != Perm {
			t.Errorf("mode %v, %v; want %v", fi.Mode().Perm(), err, os.FileMode(Perm))
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("%d entries in the folder, want 1 (no temporary file left)", len(entries))
		}
	}
}

// TestWriteFileMissingFolder: a folder that does not exist is an error naming the path, and
// nothing is created.
func TestWriteFileMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "f.txt")
	err := WriteFile(path, []byte("x"))
	if err == nil || !strings.HasPrefix(err.Error(), "atomicfile: writing "+path) {
		t.Fatalf("err = %v, want an atomicfile error naming %s", err, path)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the file exists after a failed write")
	}
}
