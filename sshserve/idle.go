package sshserve

import (
	"context"
	"io"
	"sync/atomic"
	"time"
)

// idleInput is a session's input that notes when the person last typed.
// Idle means no keys: the dashboard redraws its clock every second, so
// traffic on the connection says nothing about whether anyone is there.
type idleInput struct {
	r    io.Reader
	last atomic.Int64 // unix nanoseconds
}

func newIdleInput(r io.Reader) *idleInput {
	in := &idleInput{r: r}
	in.last.Store(time.Now().UnixNano())
	return in
}

func (in *idleInput) Read(p []byte) (int, error) {
	n, err := in.r.Read(p)
	if n > 0 {
		in.last.Store(time.Now().UnixNano())
	}
	return n, err
}

// watch calls expire once no key came for timeout, checking every tick,
// until ctx ends.
func (in *idleInput) watch(ctx context.Context, timeout, tick time.Duration, expire func()) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if now.Sub(time.Unix(0, in.last.Load())) >= timeout {
				expire()
				return
			}
		}
	}
}
