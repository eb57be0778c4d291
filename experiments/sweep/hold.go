package sweep

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The files of an output folder's locks (see the package doc).
const (
	RunsFile   = "runs.csv"      // the runs file of an unsharded command
	RunsLock   = "runs.csv.lock" // the lock of RunsFile: held by whoever appends to it
	FolderLock = ".lock"         // the folder lock: held by whoever writes the summaries, READMEs and plots
	lockSuffix = ".lock"         // a runs file's lock is its name with this suffix
)

// runsPath is the path of o's runs file; every file name of a command's runs comes from here.
func (o Options) runsPath() string { return filepath.Join(o.Dir, o.RunsFile()) }

// runsLockPath is the path of the lock of o's runs file.
func (o Options) runsLockPath() string { return o.runsPath() + lockSuffix }

// held is the locks a command holds for its whole run (Hold).
type held struct {
	folder, runs *Lock
}

// Hold takes, for a whole command, the locks of o.Dir that its writes need: the folder lock
// (FolderLock, recording experiment as the folder's owner; not for a shard, o.Shard, which
// writes no summaries) and then the runs file's lock (RunsLock, or the shard's runs file's
// runs-<i>-of-<n>.csv.lock), in that order, both with o.Wait's choice of failing at once or waiting (see
// LockFile). It returns o carrying the held locks — Run, given it, uses them instead of taking
// its own, so the locks stay held between the sweeps of one command and while its tables are
// written — and the function that releases them. A folder whose last command was another
// experiment is refused: its summaries would be overwritten. The returned Options serve one
// Run at a time (Run appends through a single writer); they are not for concurrent Runs.
func Hold(ctx context.Context, o Options, experiment string) (Options, func(), error) {
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return o, nil, fmt.Errorf("sweep: %w", err)
	}
	var folder *Lock // a shard writes no summaries: it leaves the folder lock alone, so the shards of a sweep run at once
	if !o.Shard.Sharded() {
		var err error
		if folder, err = LockFile(ctx, filepath.Join(o.Dir, FolderLock), o.holder(experiment), o.Wait, o.Progress); err != nil {
			return o, nil, err
		}
	}
	runs, err := LockFile(ctx, o.runsLockPath(), o.holder(""), o.Wait, o.Progress)
	if err != nil {
		folder.Release()
		return o, nil, err
	}
	o.held = &held{folder: folder, runs: runs}
	return o, func() { runs.Release(); folder.Release() }, nil
}

// holds reports whether o carries the lock of its runs file (Hold), still held.
func (o Options) holds() bool {
	return o.held != nil && o.held.runs.f != nil && filepath.Clean(o.held.runs.path) == filepath.Clean(o.runsLockPath())
}

// holder is what o's locks record: this process's pid, the command line (o.Command, else the
// process's arguments) and the experiment ("" for a runs-file lock).
func (o Options) holder(experiment string) Holder {
	cmd := o.Command
	if cmd == "" {
		cmd = strings.Join(os.Args, " ")
	}
	return Holder{PID: os.Getpid(), Command: cmd, Experiment: experiment}
}
