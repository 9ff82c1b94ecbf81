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

func TestLoadTracksAndDeliversWithRequestID(t *testing.T) {
	sh := NewShared(Shared{Store: nilStore{}})
	env := Env{Shared: sh, Screen: 7}
	started := make(chan struct{})
	release := make(chan struct{})
	req, cmd := env.Load("runs", func(ctx context.Context, s client.Store) (any, error) {
		client.RetryObserver(ctx)(client.RetryEvent{Attempt: 2, Max: 5, Reason: "HTTP 503"})
		close(started)
		<-release
		return 42, nil
	})
	if req.Screen != 7 || req.Key != "runs" || req.Zero() {
		t.Fatalf("request %+v", req)
	}
	if sh.Flights().Count() != 1 {
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
	msg := (<-done).(LoadedMsg)
	if msg.Req != req || msg.Value != 42 || msg.Err != nil {
		t.Errorf("result %+v", msg)
	}
	if sh.Flights().Count() != 1 {
		t.Error("in flight until the result is handed over")
	}
	sh.Flights().Done(msg.Req)
	if sh.Flights().Count() != 0 {
		t.Error("Done ends it")
	}
	if a, _ := env.Load("x", func(context.Context, client.Store) (any, error) { return nil, nil }); a.Seq <= req.Seq {
		t.Error("sequence numbers grow")
	}
}

func TestCancelScreenCancelsItsRequestsOnly(t *testing.T) {
	sh := NewShared(Shared{Store: nilStore{}})
	block := func(ctx context.Context, _ client.Store) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	_, c1 := Env{Shared: sh, Screen: 1}.Load("a", block)
	_, c2 := Env{Shared: sh, Screen: 2}.Load("b", block)
	r1, r2 := make(chan any), make(chan any)
	go func() { r1 <- c1() }()
	go func() { r2 <- c2() }()
	sh.Flights().CancelScreen(1)
	if err := (<-r1).(LoadedMsg).Err; !errors.Is(err, context.Canceled) {
		t.Errorf("screen 1: %v", err)
	}
	select {
	case <-r2:
		t.Fatal("screen 2's request must keep running")
	case <-time.After(50 * time.Millisecond):
	}
	if n := sh.Flights().CancelAll(); n != 1 {
		t.Errorf("CancelAll cancelled %d, want 1", n)
	}
	<-r2
	waitFor(t, func() bool { return sh.Flights().Count() == 0 })
}

func TestLoadTimeout(t *testing.T) {
	sh := NewShared(Shared{Store: nilStore{}})
	_, cmd := Env{Shared: sh}.LoadWithin("slow", 20*time.Millisecond, func(ctx context.Context, _ client.Store) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	if err := cmd().(LoadedMsg).Err; !errors.Is(err, context.DeadlineExceeded) {
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
