//go:build !unix

package sweep

import (
	"errors"
	"os"
)

// tryLock fails where flock(2) does not exist: the store's guarantee needs it.
func tryLock(f *os.File) (bool, error) {
	return false, errors.New("file locks need a Unix system (flock)")
}
