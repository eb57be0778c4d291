package sweep

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/isingact/isingact/internal/boundedfile"
)

// Lock is an exclusive advisory lock (flock(2), LOCK_EX) on a lock file in an output folder,
// held from LockFile until Release. The lock file records its holder — "pid <n>", "command
// <command line>" and, for the folder lock, "experiment <name>" — so that a second command can
// say who holds it. flock locks belong to the open file: the kernel drops them when the holder
// exits, even by kill -9, so a lock file left behind never blocks anyone; it is never deleted
// (deleting it would let two processes lock two different files of one name).
type Lock struct {
	f    *os.File
	path string
}

// Holder is what a lock file says about the command holding (or last holding) it.
type Holder struct {
	PID        int
	Command    string
	Experiment string // the folder lock's experiment ("" in a runs-file lock)
}

// lockPoll is how often a waiting LockFile tries again.
const lockPoll = 50 * time.Millisecond

// maxLockFile bounds what is read of a lock file (a few lines).
const maxLockFile = 64 << 10

// LockFile takes the exclusive lock of path (created when missing) for holder h and writes h
// into it. When another process holds it, LockFile fails at once with an error naming that
// holder's pid and command line — or, with wait, tries again every 50 ms until it gets it or ctx
// ends, telling progress (when not nil) once that it waits. A lock file whose previous holder
// recorded a different experiment is refused (see checkOwner).
func LockFile(ctx context.Context, path string, h Holder, wait bool, progress io.Writer) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sweep: lock file: %w", err)
	}
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("sweep: locking %s: %w", path, err)
		}
		if ok {
			break
		}
		holder := describeHolder(awaitHolder(path))
		if !wait {
			f.Close()
			return nil, fmt.Errorf("sweep: %s is in use by %s; wait for it to finish, rerun with -wait, or choose another -out",
				filepath.Dir(path), holder)
		}
		if !told && progress != nil {
			fmt.Fprintf(progress, "sweep: waiting for %s, in use by %s\n", filepath.Dir(path), holder)
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("sweep: waiting for the lock of %s: %w", filepath.Dir(path), ctx.Err())
		case <-time.After(lockPoll):
		}
	}
	l := &Lock{f: f, path: path}
	if err := l.record(h); err != nil {
		l.Release()
		return nil, err
	}
	return l, nil
}

// record checks the previous holder's experiment and writes h as the holder.
func (l *Lock) record(h Holder) error {
	prev := parseHolder(readAt(l.f))
	if err := checkOwner(filepath.Dir(l.path), prev, h); err != nil {
		return err
	}
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("sweep: lock file %s: %w", l.path, err)
	}
	if _, err := l.f.WriteAt(h.encode(), 0); err != nil {
		return fmt.Errorf("sweep: lock file %s: %w", l.path, err)
	}
	return nil
}

// checkOwner refuses a folder whose last command was another experiment: its summary.md,
// summary.csv, README.md and plots would be overwritten by those of h's experiment.
func checkOwner(dir string, prev, h Holder) error {
	if h.Experiment == "" || prev.Experiment == "" || prev.Experiment == h.Experiment {
		return nil
	}
	return fmt.Errorf("sweep: -out %s holds the outputs of %s (last run by %s); %s would overwrite its summary.md, summary.csv and README.md: choose another -out",
		dir, prev.Experiment, describeHolder(prev), h.Experiment)
}

// Path is the lock file's path.
func (l *Lock) Path() string { return l.path }

// Release drops the lock (closing the file releases the flock). A nil Lock is released at once.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// encode writes the holder as the lock file's lines; line breaks in the command become spaces,
// so every field stays on its line.
func (h Holder) encode() []byte {
	oneLine := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	var b bytes.Buffer
	fmt.Fprintf(&b, "pid %d\ncommand %s\n", h.PID, oneLine(h.Command))
	if h.Experiment != "" {
		fmt.Fprintf(&b, "experiment %s\n", oneLine(h.Experiment))
	}
	return b.Bytes()
}

// parseHolder reads a lock file's lines; unknown or malformed lines are ignored.
func parseHolder(data []byte) Holder {
	var h Holder
	for _, line := range strings.Split(string(data), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "pid":
			h.PID, _ = strconv.Atoi(v)
		case "command":
			h.Command = v
		case "experiment":
			h.Experiment = v
		}
	}
	return h
}

// readHolder reads the holder recorded in the lock file at path (bounded; a file that cannot be
// read gives the zero Holder).
func readHolder(path string) Holder {
	data, err := boundedfile.ReadAll(path, maxLockFile)
	if err != nil {
		return Holder{}
	}
	return parseHolder(data)
}

// awaitHolder reads the holder of the lock file at path, trying again for up to 200 ms while the
// file is empty: a holder that has just taken the lock writes itself in a moment later.
func awaitHolder(path string) Holder {
	h := readHolder(path)
	for i := 0; i < 20 && h.PID == 0; i++ {
		time.Sleep(10 * time.Millisecond)
		h = readHolder(path)
	}
	return h
}

// readAt reads the open lock file from its start (bounded).
func readAt(f *os.File) []byte {
	data, _ := boundedfile.ReadLimited(io.NewSectionReader(f, 0, maxLockFile), f.Name(), 0, maxLockFile)
	return data
}

// describeHolder names a holder for a message: "pid 1234 (go run ./experiments xor -out x)".
func describeHolder(h Holder) string {
	switch {
	case h.PID == 0 && h.Command == "":
		return "another command (its pid is not recorded yet)"
	case h.Command == "":
		return fmt.Sprintf("pid %d", h.PID)
	}
	return fmt.Sprintf("pid %d (%s)", h.PID, h.Command)
}
