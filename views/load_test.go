package views

import (
	"context"
	"errors"
	"testing"
	"time"

	"mltui/client"
)

// nilStore satisfies client.Store for Load; only its identity matters.
type nilStore struct{ client.Store }

func TestLoadTracksAndDeliversTypedResult(t *testing.T) {
	sh := NewShared(Shared{Store: nilStore{}})
	env := Env{Shared: sh, Screen: 7}
	started := make(chan struct{})
	release := make(chan struct{})
	req, cmd := Load(env, "runs", func(ctx context.Context, s client.Store) (int, error) {
		client.RetryObserver(ctx)(client.RetryEvent{Attempt: 2, Max: 5, Reason: "HTTP 503"})
		close(started)
		<-release
		return 42, nil
	})
	if req.Screen != 7 || req.Key != "runs" || req.Zero() {
		t.Fatalf("request %+v", req)
	}
	if sh.Flights().Count() != 1 || sh.Flights().Pending(7, "runs") != 1 {
		t.Fatal("a request counts as in flight as soon as it is made")
	}
	done := make(chan any)
	go func() { done <- cmd() }()
	<-started
	ev, ok := sh.Flights().Retrying()
	if !ok || ev.Attempt != 2 || ev.Max != 5 {
		t.Errorf("retry progress %+v %v", ev, ok)
	}
	close(release)
	msg, ok := (<-done).(Loaded[int])
	if !ok || msg.Req != req || msg.Value != 42 || msg.Err != nil {
		t.Fatalf("result %#v", msg)
	}
	var reply Reply = msg
	if reply.Request() != req || reply.Failure() != nil {
		t.Error("a Loaded is a Reply")
	}
	if sh.Flights().Pending(7, "runs") != 1 {
		t.Error("pending until the result is handed over")
	}
	if !sh.Flights().Deliver(msg.Req) {
		t.Error("a wanted reply is delivered")
	}
	if sh.Flights().Count() != 0 || sh.Flights().Pending(7, "runs") != 0 {
		t.Error("Deliver ends it")
	}
	if sh.Flights().Deliver(msg.Req) {
		t.Error("a reply is delivered once")
	}
	if a, _ := Load(env, "x", func(context.Context, client.Store) (string, error) { return "", nil }); a.Seq <= req.Seq {
		t.Error("sequence numbers grow")
	}
}

func TestSequenceIsPerShared(t *testing.T) {
	noop := func(context.Context, client.Store) (int, error) { return 0, nil }
	a, _ := Load(Env{Shared: NewShared(Shared{})}, "x", noop)
	b, _ := Load(Env{Shared: NewShared(Shared{})}, "x", noop)
	if a.Seq != 1 || b.Seq != 1 {
		t.Errorf("each Flights numbers its own requests: %d %d", a.Seq, b.Seq)
	}
}

func TestWithdrawnReplyIsNotDelivered(t *testing.T) {
	sh := NewShared(Shared{Store: nilStore{}})
	env := Env{Shared: sh, Screen: 3}
	old, oldCmd := Load(env, "runs", func(ctx context.Context, _ client.Store) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	})
	sh.Flights().Withdraw(old)
	if sh.Flights().Pending(3, "runs") != 0 {
		t.Error("a withdrawn request is no longer pending")
	}
	msg := oldCmd().(Loaded[int])
	if !errors.Is(msg.Err, context.Canceled) {
		t.Errorf("withdrawing cancels: %v", msg.Err)
	}
	if sh.Flights().Deliver(msg.Req) {
		t.Error("a withdrawn request's reply must be dropped")
	}
}

func TestNoStoreIsATypedError(t *testing.T) {
	_, cmd := Load(Env{Shared: NewShared(Shared{})}, "runs", func(context.Context, client.Store) ([]string, error) {
		t.Fatal("fn must not run without a store")
		return nil, nil
	})
	msg := cmd().(Loaded[[]string])
	if client.KindOf(msg.Err) != client.KindUnavailable {
		t.Errorf("err %v", msg.Err)
	}
}

func TestWithdrawScreenCancelsItsRequestsOnly(t *testing.T) {
	sh := NewShared(Shared{Store: nilStore{}})
	block := func(ctx context.Context, _ client.Store) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	}
	_, c1 := Load(Env{Shared: sh, Screen: 1}, "a", block)
	_, c2 := Load(Env{Shared: sh, Screen: 2}, "b", block)
	r1, r2 := make(chan Reply), make(chan Reply)
	go func() { r1 <- c1().(Reply) }()
	go func() { r2 <- c2().(Reply) }()
	sh.Flights().WithdrawScreen(1)
	got1 := <-r1
	if err := got1.Failure(); !errors.Is(err, context.Canceled) {
		t.Errorf("screen 1: %v", err)
	}
	if sh.Flights().Deliver(got1.Request()) {
		t.Error("a closed screen's reply is dropped")
	}
	select {
	case <-r2:
		t.Fatal("screen 2's request must keep running")
	case <-time.After(50 * time.Millisecond):
	}
	if n := sh.Flights().CancelAll(); n != 1 {
		t.Errorf("CancelAll cancelled %d, want 1", n)
	}
	got2 := <-r2
	waitFor(t, func() bool { return sh.Flights().Count() == 0 })
	if !sh.Flights().Deliver(got2.Request()) {
		t.Error("esc cancels, but the screen still gets its reply (to stop loading)")
	}
}

func TestLoadTimeout(t *testing.T) {
	sh := NewShared(Shared{Store: nilStore{}})
	_, cmd := LoadWithin(Env{Shared: sh}, "slow", 20*time.Millisecond, func(ctx context.Context, _ client.Store) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	})
	if err := cmd().(Loaded[int]).Err; !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v", err)
	}
}

func TestMarksKeepMarkingOrder(t *testing.T) {
	m := NewMarks()
	r := func(id string) client.Run { return client.Run{Info: client.RunInfo{RunID: id}} }
	m.Toggle(r("b"))
	m.Toggle(r("a"))
	m.Toggle(r("c"))
	if m.Toggle(r("a")) {
		t.Error("toggling a marked run unmarks it")
	}
	if got := m.IDs(); len(got) != 2 || got[0] != "b" || got[1] != "c" {
		t.Errorf("IDs %v", got)
	}
	upd := r("c")
	upd.Info.RunName = "new"
	m.Update(upd)
	m.Update(r("zzz"))
	if rs := m.Runs(); rs[1].Info.RunName != "new" || len(rs) != 2 {
		t.Errorf("Update refreshes marked runs only: %+v", rs)
	}
	m.Clear()
	if m.Len() != 0 || m.Has("b") {
		t.Error("Clear")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("condition not met")
}
