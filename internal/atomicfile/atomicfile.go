// Package atomicfile writes files atomically: readers see the old file or the new one, never
// half of one, and a crash leaves no partial file under the final name.
//
// It is the one atomic write of the module: nn saves models with it, and the experiments write
// runs.csv rewrites, summaries, READMEs and plots with it.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Perm is the mode of the files WriteFile creates (os.CreateTemp alone would make them 0600).
const Perm = 0o644

// WriteFile writes data to path atomically:
//
//	temporary file ".<name>-*" in path's folder → write → fsync → close → rename over path → fsync folder
//
// so a reader never sees a half-written file and a crash leaves either the old contents or the
// new ones (the rename is atomic on POSIX file systems within one folder). The folder must
// exist. On error the temporary file is removed and path is untouched. Errors are prefixed with
// "atomicfile" and name path.
func WriteFile(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("atomicfile: writing %s: %w", path, err)
		}
	}()
	if err = tmp.Chmod(Perm); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir fsyncs a folder so that a rename in it is durable. Best effort: some file systems
// refuse to sync a folder, and the file itself is already safe.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	errors.Join(d.Sync(), d.Close())
}
