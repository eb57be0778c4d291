package sweep

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestProgressPlain(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, "xor", 4) // a strings.Builder is not a terminal: plain lines
	if p.tty {
		t.Fatal("a strings.Builder taken for a terminal")
	}
	now := p.start
	p.now = func() time.Time { return now }
	p.epochDone(0, "k0", 5, 10, 0.25)
	if b.Len() != 0 {
		t.Errorf("printed before the interval: %q", b.String())
	}
	now = now.Add(11 * time.Second)
	p.epochDone(0, "k0", 5, 10, 0.25)
	// 0.5 of one of 4 runs done after 11 s: fraction 1/8, ETA 11·7 = 77 s.
	want := "xor 0/4 runs, epoch 5/10, loss 0.25, 11s elapsed, ETA 1m17s [k0]\n"
	if b.String() != want {
		t.Errorf("line %q, want %q", b.String(), want)
	}
	b.Reset()
	p.runDone(0, "k0", nil)
	p.runDone(1, "k1", errors.New("boom"))
	if b.Len() != 0 {
		t.Errorf("printed within the interval: %q", b.String())
	}
	p.finish()
	if got := b.String(); !strings.Contains(got, "2/4 runs (1 failed)") || strings.Contains(got, "\r") {
		t.Errorf("final line %q", got)
	}
}

func TestProgressTerminalLine(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, "mnist", 2)
	p.tty, p.interval = true, 0 // as on a terminal
	now := p.start
	p.now = func() time.Time { return now }
	now = now.Add(10 * time.Second)
	p.runDone(0, "k", nil)
	got := b.String()
	if !strings.HasPrefix(got, "\rmnist [============            ] 1/2 runs") || !strings.Contains(got, "ETA 10s") || strings.Contains(got, "\n") {
		t.Errorf("terminal line %q", got)
	}
	p.finish()
	if !strings.HasSuffix(b.String(), "\n") {
		t.Error("finish does not end the terminal line")
	}
}

func TestProgressConcurrentAndNil(t *testing.T) {
	var nilP *progress
	nilP.epochDone(0, "", 1, 1, 0)
	nilP.runDone(0, "", nil)
	nilP.finish()
	var b strings.Builder
	p := newProgress(&b, "x", 100)
	p.interval = 0
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for e := range 50 {
				p.epochDone(i, "k", e, 50, math.NaN())
			}
			p.runDone(i, "k", nil)
		})
	}
	wg.Wait()
	if p.done != 8 || len(p.running) != 0 {
		t.Errorf("done %d, running %d", p.done, len(p.running))
	}
}
