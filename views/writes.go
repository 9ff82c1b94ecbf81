package views

import (
	"errors"
	"sync"
	"time"
)

// ErrEnding answers a write asked for after the dashboard began to end: it
// was abandoned before anything was sent.
var ErrEnding = errors.New("the dashboard is ending: nothing was written")

// Writes keeps the dashboard from ending in the middle of a registry
// write: a promotion is several requests (tag, alias, read-back), and a
// process that exits between them leaves the registry half-changed. A
// write runs between Begin and its end; once Close is called no write
// begins, and Wait lets those already under way finish.
type Writes struct {
	mu     sync.Mutex
	closed bool
	n      int
	idle   chan struct{} // closed when n drops to 0 after Close
}

// Begin starts a write; ok false means the dashboard is ending and the
// write must not send anything. end must be called once it is done.
func (w *Writes) Begin() (end func(), ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return func() {}, false
	}
	w.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.n--
			if w.n == 0 && w.idle != nil {
				close(w.idle)
				w.idle = nil
			}
		})
	}, true
}

// InFlight is the number of writes under way.
func (w *Writes) InFlight() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

// Close refuses every write from now on and returns how many are still
// under way.
func (w *Writes) Close() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	return w.n
}

// Wait closes w and waits up to d for the writes under way to finish; it
// reports whether none is left.
func (w *Writes) Wait(d time.Duration) bool {
	w.mu.Lock()
	w.closed = true
	if w.n == 0 {
		w.mu.Unlock()
		return true
	}
	if w.idle == nil {
		w.idle = make(chan struct{})
	}
	idle := w.idle
	w.mu.Unlock()
	select {
	case <-idle:
		return true
	case <-time.After(d):
		return false
	}
}
