package views

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
)

// Request identifies one Load: which screen asked, what for (Key, chosen by
// the screen, e.g. "runs" or "history/accuracy") and a sequence number that
// grows with every request, so a screen can tell its requests apart.
type Request struct {
	Screen ScreenID
	Key    string
	Seq    uint64
}

// Zero reports whether r is the zero Request (nothing pending).
func (r Request) Zero() bool { return r.Seq == 0 }

// Loaded carries the result of Load back to the screen that asked, typed:
// a screen switches on Loaded[T] for each kind of result it loads, so no
// result ever travels as `any`.
type Loaded[T any] struct {
	Req   Request
	Value T
	Err   error
	Took  time.Duration
}

// Request is the request this result answers.
func (l Loaded[T]) Request() Request { return l.Req }

// Failure is the load's error (nil on success).
func (l Loaded[T]) Failure() error { return l.Err }

// Reply is what the shell sees of every Loaded[T]: enough to route it,
// end its flight and keep the status bar's error.
type Reply interface {
	Request() Request
	Failure() error
}

// Load runs fn in a tea.Cmd with a context bounded by the shared timeout
// and a retry observer feeding the status bar ("retrying 2/5"). The result
// comes back as a Loaded[T] carrying the returned Request. fn gets the
// store current when Load was called: capture everything else it needs in
// locals, never the model.
func Load[T any](e Env, key string, fn func(ctx context.Context, s client.Store) (T, error)) (Request, tea.Cmd) {
	return LoadWithin(e, key, e.Timeout, fn)
}

// LoadWithin is Load with its own timeout.
func LoadWithin[T any](e Env, key string, timeout time.Duration, fn func(ctx context.Context, s client.Store) (T, error)) (Request, tea.Cmd) {
	f := e.flights
	store := e.Store
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	// Registered now, not when the Cmd runs, so the shell sees the request
	// right after Update and starts its spinner.
	req := f.add(e.Screen, key, cancel)
	context.AfterFunc(ctx, func() { f.ended(req.Seq) })
	ctx = client.WithRetryObserver(ctx, func(ev client.RetryEvent) { f.retry(req.Seq, ev) })
	clock := e.Now
	return req, func() tea.Msg {
		start := clock()
		if store == nil {
			return Loaded[T]{Req: req, Err: &client.Error{Kind: client.KindUnavailable, Op: key, Message: "no store is open"}}
		}
		v, err := fn(ctx, store)
		return Loaded[T]{Req: req, Value: v, Err: err, Took: clock().Sub(start)}
	}
}

// Flights is the one book of requests in flight: it numbers them, drives
// the spinner and the retry progress, cancels them (esc, a closed screen),
// and remembers which replies are no longer wanted (withdrawn), so screens
// need no request bookkeeping of their own beyond what they wait for.
// It is safe for concurrent use: retry events arrive on request goroutines.
type Flights struct {
	mu    sync.Mutex
	seq   uint64
	byseq map[uint64]*flight
}

type flight struct {
	req       Request
	cancel    context.CancelFunc
	retry     *client.RetryEvent
	ended     bool // its context is done (result, timeout or cancel): no spinner
	withdrawn bool // its screen superseded it: the reply is dropped
}

func newFlights() *Flights { return &Flights{byseq: map[uint64]*flight{}} }

func (f *Flights) add(screen ScreenID, key string, cancel context.CancelFunc) Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	r := Request{Screen: screen, Key: key, Seq: f.seq}
	f.byseq[r.Seq] = &flight{req: r, cancel: cancel}
	return r
}

func (f *Flights) ended(seq uint64) {
	f.mu.Lock()
	if fl, ok := f.byseq[seq]; ok {
		fl.ended = true
	}
	f.mu.Unlock()
}

func (f *Flights) retry(seq uint64, ev client.RetryEvent) {
	f.mu.Lock()
	if fl, ok := f.byseq[seq]; ok {
		fl.retry = &ev
	}
	f.mu.Unlock()
}

// Deliver ends a request whose result has arrived: its context is released
// and it no longer counts as in flight. It reports whether the reply is
// still wanted: false when the screen withdrew the request (or it is
// unknown), and the shell then drops the reply.
func (f *Flights) Deliver(r Request) bool {
	f.mu.Lock()
	fl, ok := f.byseq[r.Seq]
	delete(f.byseq, r.Seq)
	f.mu.Unlock()
	if !ok {
		return false
	}
	fl.cancel()
	return !fl.withdrawn
}

// Count is the number of requests in flight.
func (f *Flights) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, fl := range f.byseq {
		if !fl.ended {
			n++
		}
	}
	return n
}

// Pending is how many of one screen's requests for key are in flight and
// still wanted (a screen's own concurrency bound, e.g. history reads).
func (f *Flights) Pending(screen ScreenID, key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, fl := range f.byseq {
		if fl.req.Screen == screen && fl.req.Key == key && !fl.withdrawn {
			n++
		}
	}
	return n
}

// Retrying returns the most advanced retry among requests in flight.
func (f *Flights) Retrying() (client.RetryEvent, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var best *client.RetryEvent
	for _, fl := range f.byseq {
		if !fl.ended && fl.retry != nil && (best == nil || fl.retry.Attempt > best.Attempt) {
			best = fl.retry
		}
	}
	if best == nil {
		return client.RetryEvent{}, false
	}
	return *best, true
}

// CancelAll cancels every request in flight (esc); their screens get a
// Loaded with context.Canceled, so they can stop showing "loading".
func (f *Flights) CancelAll() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, fl := range f.byseq {
		if !fl.ended {
			fl.cancel()
			n++
		}
	}
	return n
}

// Withdraw cancels one request whose reply the screen no longer wants (a
// newer request replaced it); the reply, if one still comes, is dropped.
func (f *Flights) Withdraw(r Request) {
	f.withdrawWhere(func(x Request) bool { return x.Seq == r.Seq })
}

// WithdrawScreen cancels every request of one screen and drops their
// replies (the screen was closed, or reloads everything).
func (f *Flights) WithdrawScreen(id ScreenID) {
	f.withdrawWhere(func(r Request) bool { return r.Screen == id })
}

func (f *Flights) withdrawWhere(match func(Request) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, fl := range f.byseq {
		if match(fl.req) {
			fl.withdrawn = true
			fl.cancel()
		}
	}
}
