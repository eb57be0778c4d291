// Package boundedfile opens the files the project reads (MNIST, model files, runs.csv) with two
// checks that plain os.ReadFile lacks: the path must name a regular file (after following
// symbolic links), and no more than a stated number of bytes is ever read. A named pipe, a
// device such as /dev/zero (directly or through a symlink) or a directory is refused at once
// with a one-line error naming the path, instead of hanging on the pipe or reading without end
// until memory runs out.
package boundedfile

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Open opens path for reading if it is a regular file of at most limit bytes, and returns the
// open file and its size. The type is checked before opening (so a named pipe is never opened,
// which would block until a writer comes) and again on the opened descriptor (opened with
// O_NONBLOCK, so a pipe swapped in between cannot block either); the two must be the same file.
// The caller closes the file.
func Open(path string, limit int64) (*os.File, int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, fmt.Errorf("boundedfile: %w", err)
	}
	if err := checkRegular(path, st, limit); err != nil {
		return nil, 0, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, fmt.Errorf("boundedfile: %w", err)
	}
	fst, err := f.Stat()
	if err == nil && !os.SameFile(st, fst) {
		err = fmt.Errorf("boundedfile: %s changed while it was opened", path)
	}
	if err == nil {
		err = checkRegular(path, fst, limit)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, fst.Size(), nil
}

// ReadAll reads the whole regular file at path, of at most limit bytes: Open, then a read through
// io.LimitReader(f, limit + 1) into a buffer sized once from the file's size. A file that grew
// past limit while it was read is an error, as is anything Open refuses.
func ReadAll(path string, limit int64) ([]byte, error) {
	f, size, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadLimited(f, path, size, limit)
}

// ReadLimited reads r to its end through io.LimitReader(r, limit + 1), preallocating sizeHint
// bytes (at most limit), and fails when more than limit bytes arrive. path names the source in the
// error.
func ReadLimited(r io.Reader, path string, sizeHint, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	// One byte more than the hint, so that ReadFrom sees EOF without growing the buffer.
	buf.Grow(int(min(max(sizeHint, 0), limit) + 1))
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, fmt.Errorf("boundedfile: reading %s: %w", path, err)
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("boundedfile: %s holds more than the %d bytes expected (it grew while read?)", path, limit)
	}
	return buf.Bytes(), nil
}

// checkRegular refuses anything but a regular file of at most limit bytes.
func checkRegular(path string, st fs.FileInfo, limit int64) error {
	if kind := describe(st.Mode()); kind != "" {
		return fmt.Errorf("boundedfile: %s is %s, not a regular file", path, kind)
	}
	if st.Size() > limit {
		return fmt.Errorf("boundedfile: %s is %d bytes, more than the %d expected", path, st.Size(), limit)
	}
	return nil
}

// describe names a file type that is not regular ("" for a regular file).
func describe(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "an irregular file (mode " + m.String() + ")"
}
