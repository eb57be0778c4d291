package sweep

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"
)

// progress reports a sweep's progress on a writer (stderr). On a terminal it redraws one line
// with '\r' — a bar of runs done / total, the latest epoch and loss reported, and the ETA —
// at most every 100 ms; elsewhere (a pipe, a log file, CI) it prints a plain line at most every
// interval (10 s by default) when a run finishes or reports, and a last line at finish. All
// methods are safe for concurrent use; a nil *progress does nothing.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	label    string
	total    int
	done     int
	failed   int
	running  map[int]float64 // job index → fraction of its epochs done
	epoch    int             // latest epoch reported, of epochs
	epochs   int
	loss     float64
	lastKey  string
	start    time.Time
	last     time.Time // last draw
	interval time.Duration
	now      func() time.Time
}

// newProgress returns a reporter for total runs labelled label (the command name). The terminal
// test is os.File.Stat's ModeCharDevice.
func newProgress(w io.Writer, label string, total int) *progress {
	p := &progress{w: w, label: label, total: total, running: map[int]float64{}, loss: math.NaN(),
		interval: 10 * time.Second, now: time.Now}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
			p.interval = 100 * time.Millisecond
		}
	}
	p.start = p.now()
	p.last = p.start
	return p
}

// epochDone records that job i (named key) finished epoch of epochs with the given training loss.
func (p *progress) epochDone(i int, key string, epoch, epochs int, loss float64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if epochs > 0 {
		p.running[i] = math.Min(1, float64(epoch)/float64(epochs))
	}
	p.epoch, p.epochs, p.loss, p.lastKey = epoch, epochs, loss, key
	p.maybeDraw(false)
}

// runDone records that job i finished (err == nil) or failed.
func (p *progress) runDone(i int, key string, err error) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.running, i)
	p.done++
	if err != nil {
		p.failed++
	}
	p.lastKey = key
	p.maybeDraw(false)
}

// finish draws the final state and ends the terminal line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.maybeDraw(true)
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

func (p *progress) maybeDraw(force bool) {
	now := p.now()
	if !force && now.Sub(p.last) < p.interval {
		return
	}
	p.last = now
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(now, true))
	} else {
		fmt.Fprintln(p.w, p.line(now, false))
	}
}

// line formats the state: "xor [=====>    ] 12/40 runs, epoch 3/10, loss 0.2345, 1m05s elapsed, ETA 2m10s".
func (p *progress) line(now time.Time, bar bool) string {
	var b strings.Builder
	b.WriteString(p.label)
	frac := p.fraction()
	if bar {
		const width = 24
		n := int(frac * width)
		fmt.Fprintf(&b, " [%s%s]", strings.Repeat("=", n), strings.Repeat(" ", width-n))
	}
	fmt.Fprintf(&b, " %d/%d runs", p.done, p.total)
	if p.failed > 0 {
		fmt.Fprintf(&b, " (%d failed)", p.failed)
	}
	if p.epochs > 0 {
		fmt.Fprintf(&b, ", epoch %d/%d", p.epoch, p.epochs)
	}
	if !math.IsNaN(p.loss) {
		fmt.Fprintf(&b, ", loss %.4g", p.loss)
	}
	elapsed := now.Sub(p.start)
	fmt.Fprintf(&b, ", %s elapsed", elapsed.Round(time.Second))
	if eta, ok := p.eta(elapsed, frac); ok {
		fmt.Fprintf(&b, ", ETA %s", eta.Round(time.Second))
	}
	if !bar && p.lastKey != "" {
		fmt.Fprintf(&b, " [%s]", p.lastKey)
	}
	return b.String()
}

// fraction is the share of the work done: finished runs plus the epoch fractions of the runs in
// flight, over the total.
func (p *progress) fraction() float64 {
	if p.total == 0 {
		return 1
	}
	f := float64(p.done)
	for _, r := range p.running {
		f += r
	}
	return math.Min(1, f/float64(p.total))
}

// eta extrapolates the elapsed time linearly in the fraction done: elapsed·(1 − f)/f.
func (p *progress) eta(elapsed time.Duration, frac float64) (time.Duration, bool) {
	if frac <= 0 || frac >= 1 {
		return 0, false
	}
	return time.Duration(float64(elapsed) * (1 - frac) / frac), true
}
