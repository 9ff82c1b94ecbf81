package views

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
)

// Request identifies one Load: which screen asked, what for (Key, chosen by
// the screen, e.g. "runs" or "history/accuracy") and a sequence number that
// grows with every request, so a screen can tell its latest request from
// superseded ones.
type Request struct {
	Screen ScreenID
	Key    string
	Seq    uint64
}

// Zero reports whether r is the zero Request (nothing pending).
func (r Request) Zero() bool { return r.Seq == 0 }

var requestSeq atomic.Uint64

// Load runs fn in a tea.Cmd with a context bounded by the shared timeout
// and a retry observer feeding the status bar ("retrying 2/5"). The result
// comes back as a LoadedMsg carrying the returned Request. fn gets the
// store current when Load was called: capture everything else it needs in
// locals, never the model.
func (e Env) Load(key string, fn func(ctx context.Context, s client.Store) (any, error)) (Request, tea.Cmd) {
	return e.LoadWithin(key, e.Timeout, fn)
}

// LoadWithin is Load with its own timeout.
func (e Env) LoadWithin(key string, timeout time.Duration, fn func(ctx context.Context, s client.Store) (any, error)) (Request, tea.Cmd) {
	req := Request{Screen: e.Screen, Key: key, Seq: requestSeq.Add(1)}
	store := e.Store
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	f := e.flights
	f.add(req, cancel)
	// Registered now, not when the Cmd runs, so the shell sees the request
	// right after Update and starts its spinner. It stays registered until
	// the shell hands the result over (Flights.Done), so "loading" lasts
	// until the screen has the data; a timeout or cancel removes it even
	// if the result is never delivered.
	context.AfterFunc(ctx, func() { f.remove(req.Seq) })
	ctx = client.WithRetryObserver(ctx, func(ev client.RetryEvent) { f.retry(req.Seq, ev) })
	clock := e.Now
	return req, func() tea.Msg {
		start := clock()
		if store == nil {
			return LoadedMsg{Req: req, Err: &client.Error{Kind: client.KindUnavailable, Op: key, Message: "no store is open"}}
		}
		v, err := fn(ctx, store)
		return LoadedMsg{Req: req, Value: v, Err: err, Took: clock().Sub(start)}
	}
}

// Flights tracks requests in flight. It is safe for concurrent use: retry
// events arrive on request goroutines.
type Flights struct {
	mu    sync.Mutex
	byseq map[uint64]*flight
}

type flight struct {
	req    Request
	cancel context.CancelFunc
	retry  *client.RetryEvent
}

func newFlights() *Flights { return &Flights{byseq: map[uint64]*flight{}} }

func (f *Flights) add(r Request, cancel context.CancelFunc) {
	f.mu.Lock()
	f.byseq[r.Seq] = &flight{req: r, cancel: cancel}
	f.mu.Unlock()
}

func (f *Flights) remove(seq uint64) {
	f.mu.Lock()
	delete(f.byseq, seq)
	f.mu.Unlock()
}

func (f *Flights) retry(seq uint64, ev client.RetryEvent) {
	f.mu.Lock()
	if fl, ok := f.byseq[seq]; ok {
		fl.retry = &ev
	}
	f.mu.Unlock()
}

// Done ends a request whose result has been delivered: its context is
// released and it no longer counts as in flight.
func (f *Flights) Done(r Request) {
	f.mu.Lock()
	fl, ok := f.byseq[r.Seq]
	delete(f.byseq, r.Seq)
	f.mu.Unlock()
	if ok {
		fl.cancel()
	}
}

// Count is the number of requests in flight.
func (f *Flights) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.byseq)
}

// Retrying returns the most advanced retry among requests in flight.
func (f *Flights) Retrying() (client.RetryEvent, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var best *client.RetryEvent
	for _, fl := range f.byseq {
		if fl.retry != nil && (best == nil || fl.retry.Attempt > best.Attempt) {
			best = fl.retry
		}
	}
	if best == nil {
		return client.RetryEvent{}, false
	}
	return *best, true
}

// CancelAll cancels every request in flight; their screens get a
// LoadedMsg with context.Canceled.
func (f *Flights) CancelAll() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, fl := range f.byseq {
		fl.cancel()
		n++
	}
	return n
}

// CancelScreen cancels the requests of one screen (it was closed).
func (f *Flights) CancelScreen(id ScreenID) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, fl := range f.byseq {
		if fl.req.Screen == id {
			fl.cancel()
		}
	}
}

// Cancel cancels one request (a screen replaced it with a newer one).
func (f *Flights) Cancel(r Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl, ok := f.byseq[r.Seq]; ok {
		fl.cancel()
	}
}
