package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/isingact/isingact/experiments/sweep"
)

// The CLI tests of issue 11 run the command as a separate process: this test binary,
// re-executed with cliArgsEnv set, is the experiments command with those arguments (one per
// line), exiting as main does.
const cliArgsEnv = "ISINGACT_CLI_TEST_ARGS"

func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(cliArgsEnv); ok {
		if err := run(context.Background(), os.Stdout, os.Stderr, strings.Split(args, "\n")); err != nil {
			fmt.Fprintln(os.Stderr, "experiments:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// cli is the experiments command with args, as a process.
func cli(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), cliArgsEnv+"="+strings.Join(args, "\n"))
	return cmd
}

// tinyXOR is an xor command of a few runs, well under a second.
func tinyXOR(dir string, extra ...string) []string {
	return append([]string{"xor", "-acts", "tanh,relu", "-model", "perceptron", "-seeds", "2", "-epochs", "20", "-workers", "1", "-out", dir}, extra...)
}

// TestCLIFolderInUse is issue 11's cases 1 and 2 with real processes: while a command holds
// -out (here this process, through sweep.Hold, with a runs.csv that a start-up rewrite would
// replace), a second identical command and a different one (mnist) fail at once with one line
// naming the holder's pid and command line, and leave runs.csv untouched (same inode, same
// bytes); with -wait the second command waits, then runs. The folder then belongs to xor: mnist
// into it is refused (case 8).
func TestCLIFolderInUse(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, sweep.RunsFile)
	dirty := strings.Join(sweep.Columns(), ",") + "\nxor,perceptron,tanh,1,3,train,lo" // truncated: forces a rewrite
	if err := os.WriteFile(path, []byte(dirty), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	_, release, err := sweep.Hold(context.Background(), sweep.Options{Dir: dir, Command: "test holder " + t.Name()}, "xor")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("is in use by pid %d (test holder %s)", os.Getpid(), t.Name())
	for _, args := range [][]string{tinyXOR(dir), {"mnist", "-subset", "100", "-hidden", "4", "-acts", "relu", "-seeds", "1", "-epochs", "1", "-lr", "0.01", "-out", dir}} {
		start := time.Now()
		out, err := cli(t, args...).CombinedOutput()
		msg := strings.TrimSpace(string(out))
		if err == nil || !strings.Contains(msg, want) || strings.Count(msg, "\n") > 0 || strings.Contains(msg, "goroutine") {
			t.Errorf("%s beside the holder: %v, output %q; want one line containing %q", args[0], err, msg, want)
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s took %v to fail", args[0], d)
		}
	}
	if after, err := os.Stat(path); err != nil || !os.SameFile(before, after) {
		t.Errorf("runs.csv replaced while held (%v)", err)
	}
	if b, _ := os.ReadFile(path); string(b) != dirty {
		t.Errorf("runs.csv changed while held: %q", b)
	}
	waiter := cli(t, tinyXOR(dir, "-wait")...)
	var stderr bytes.Buffer
	waiter.Stderr = &stderr
	if err := waiter.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	release()
	if err := waiter.Wait(); err != nil {
		t.Fatalf("xor -wait: %v\n%s", err, stderr.String())
	}
	recs, dirtyNow, err := sweep.ReadFile(path)
	if err != nil || dirtyNow || len(recs) == 0 {
		t.Errorf("runs.csv after the waiting command: %d records, dirty %v, %v", len(recs), dirtyNow, err)
	}
	var out bytes.Buffer
	err = run(context.Background(), &out, &out, []string{"mnist", "-subset", "100", "-hidden", "4", "-acts", "relu", "-seeds", "1", "-epochs", "1", "-lr", "0.01", "-out", dir})
	if err == nil || !strings.Contains(err.Error(), "holds the outputs of xor") {
		t.Errorf("mnist into xor's folder: %v", err)
	}
}

// TestCLIAbsurdSizes is issue 11's cases 3 and 4: worker counts and sizes that used to panic or
// run out of memory are one-line errors naming the flag, returned before anything large is
// allocated (the test measures the bytes allocated meanwhile).
func TestCLIAbsurdSizes(t *testing.T) {
	dir := t.TempDir()
	wide := strings.TrimSuffix(strings.Repeat("65536,", 8), ",")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"xor", "-workers", "9223372036854775807"}, "-workers = 9223372036854775807, want 1 … 4096"},
		{[]string{"xor", "-workers", "1000000000"}, "-workers = 1000000000, want 1 … 4096"},
		{[]string{"mnist", "-workers", "9223372036854775807"}, "-workers = 9223372036854775807, want 1 … 4096"},
		{[]string{"mnist", "-hidden", "2000000"}, "-hidden 2000000: width 2000000, want 1 … 65536"},
		{[]string{"mnist", "-hidden", "1048576,1048576"}, "-hidden 1048576,1048576: width 1048576"},
		{[]string{"xor", "-hidden", "1048576"}, "-hidden 1048576: width 1048576"},
		// Within the hard bounds, about 1.1 and 2.2 TiB a run: refused by the memory estimate.
		{[]string{"mnist", "-hidden", wide, "-workers", "1"}, "-hidden " + wide + " -batch 128: one run needs about 1.1 TiB"},
		{[]string{"xor", "-hidden", wide, "-workers", "1"}, "-hidden " + wide + " -batch 256: one run needs about 2.2 TiB"},
		{[]string{"mnist", "-batch", "9223372036854775807"}, "-batch = 9223372036854775807, want 1 … 1048576"},
		{[]string{"mnist", "-subset", "1000000"}, "-subset = 1000000, want 0 … 50000"},
		{[]string{"mnist", "-seeds", "100000000"}, "-seeds = 100000000, want 1 … 65536"},
		{[]string{"xor", "-epochs", "9223372036854775807"}, "-epochs = 9223372036854775807, want 1 … 1048576"},
		{[]string{"criticality", "-width", "1048576"}, "-width = 1048576, want 1 … 65536"},
		{[]string{"criticality", "-workers", "9223372036854775807"}, "-workers = 9223372036854775807, want 1 … 4096"},
		{[]string{"criticality", "-width", "65536", "-depths", "8", "-cmp-depths", "8", "-workers", "1"}, "-width 65536 -depths 8 -batch 128: one run needs about"},
		{[]string{"criticality", "-grid-w", "1000000000"}, "-grid-w = 1000000000, want 2 … 4096"},
		{[]string{"figures", "-workers", "9223372036854775807"}, "-workers = 9223372036854775807, want 1 … 4096"},
	} {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		alloc := ms.TotalAlloc
		var out bytes.Buffer
		err := run(context.Background(), &out, &out, append(tc.args, "-out", dir))
		runtime.ReadMemStats(&ms)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: %v; want one line containing %q", tc.args, err, tc.want)
		}
		if grew := ms.TotalAlloc - alloc; grew > 64<<20 {
			t.Errorf("%v allocated %d MiB before refusing", tc.args, grew>>20)
		}
	}
}
