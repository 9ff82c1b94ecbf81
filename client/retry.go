package client

import (
	"context"
	"time"
)

// RetryEvent reports that a request failed and will be tried again.
type RetryEvent struct {
	Op      string        // endpoint, e.g. "runs/search"
	Attempt int           // the retry about to happen, 1-based
	Max     int           // the most retries that will be made
	Wait    time.Duration // how long until it happens
	Reason  string        // "HTTP 503", "connection refused", …
}

type retryObserverKey struct{}

// WithRetryObserver returns a context whose requests report each retry to fn,
// so a screen can show "retrying 2/5" while the user can still cancel ctx.
// fn is called from the request's goroutine and must not block.
func WithRetryObserver(ctx context.Context, fn func(RetryEvent)) context.Context {
	return context.WithValue(ctx, retryObserverKey{}, fn)
}

// RetryObserver returns the observer set on ctx, or nil.
func RetryObserver(ctx context.Context) func(RetryEvent) {
	fn, _ := ctx.Value(retryObserverKey{}).(func(RetryEvent))
	return fn
}
