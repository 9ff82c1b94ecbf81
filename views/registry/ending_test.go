package registry

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/internal/promotetest"
	"mltui/views"
)

// confirmCanary opens the versions of iris-classifier and goes as far as
// the y/N of moving a new alias canary to v3.
func confirmCanary(t *testing.T, st client.Store) *harness {
	t.Helper()
	h := openVersions(t, st, 100, 30)
	h.keys("j", "j", "p", "<down>", "<down>", "<down>", "<enter>", "canary", "<enter>")
	if !h.contains("canary: (none) → v3") {
		t.Fatalf("dialog:\n%s", h.screenText(100))
	}
	return h
}

// A write confirmed once the dashboard has begun to end sends nothing.
func TestWriteAfterTheDashboardBeganToEndSendsNothing(t *testing.T) {
	st := promotetest.Iris()
	h := confirmCanary(t, st)
	st.BeforeWrite = func(op string) { t.Errorf("%s sent after the dashboard began to end", op) }
	h.env.Writes().Close()
	h.keys("y")
	if holder(t, st, "canary") != "" {
		t.Fatal("canary moved after the dashboard began to end")
	}
	if !h.contains("nothing was written") {
		t.Fatalf("the dialog does not say so:\n%s", h.screenText(100))
	}
}

// A write under way when the dashboard ends (or the user presses esc)
// is not cut short: it finishes every step, and the shell's Wait returns
// only then.
func TestWriteUnderWayFinishesBeforeTheDashboardEnds(t *testing.T) {
	st := promotetest.Iris()
	h := confirmCanary(t, cancelAware{st})
	started, release := make(chan struct{}), make(chan struct{})
	first := true
	st.BeforeWrite = func(string) {
		if first {
			first = false
			close(started)
			<-release
		}
	}
	done := make(chan struct{})
	go func() { // the harness runs commands inline: the write blocks here
		h.keys("y")
		close(done)
	}()
	<-started
	if h.env.Writes().InFlight() != 1 {
		t.Fatalf("in flight: %d", h.env.Writes().InFlight())
	}
	h.env.Flights().CancelAll() // esc, or quitting
	if h.env.Writes().Wait(20 * time.Millisecond) {
		t.Fatal("Wait returned while the write was under way")
	}
	waited := make(chan bool, 1)
	go func() { waited <- h.env.Writes().Wait(5 * time.Second) }()
	select {
	case <-waited:
		t.Fatal("Wait returned before the write finished")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if !<-waited {
		t.Fatal("Wait timed out after the write finished")
	}
	<-done
	if holder(t, st, "canary") != "3" || st.CallCount("SetModelVersionTag") == 0 {
		t.Fatalf("canary = %q after the write was let finish; calls %v", holder(t, st, "canary"), st.Calls)
	}
	if h.contains("written before the failure") {
		t.Fatalf("the write was cut short:\n%s", h.screenText(100))
	}
	if _, ok := h.env.Writes().Begin(); ok {
		t.Fatal("a write may begin after Wait")
	}
}

// cancelAware fails a tag write whose context is cancelled, as an HTTP
// request would.
type cancelAware struct{ *promotetest.Store }

func (c cancelAware) SetModelVersionTag(ctx context.Context, name, version, key, value string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.Store.SetModelVersionTag(ctx, name, version, key, value)
}

func TestWritesWaitWithNothingUnderWay(t *testing.T) {
	var w views.Writes
	end, ok := w.Begin()
	if !ok {
		t.Fatal("Begin refused before Close")
	}
	end()
	end() // idempotent
	if w.InFlight() != 0 || !w.Wait(time.Millisecond) {
		t.Fatal("Wait with nothing under way")
	}
}

// esc while a write is under way stops waiting, not the write: its
// outcome arrives as a toast, and the table is reloaded.
func TestEscDuringAWriteReportsItsOutcomeInAToast(t *testing.T) {
	st := promotetest.Iris()
	h := confirmCanary(t, st)
	s, write := h.screen.Update(tea.KeyPressMsg{Code: 'y', Text: "y"}) // the write, not run yet
	h.screen = s
	h.keys("<esc>")
	if h.screen.(views.InputCapturer).CapturingInput() {
		t.Fatalf("esc left the dialog open:\n%s", h.screenText(100))
	}
	h.run(write)
	if holder(t, st, "canary") != "3" {
		t.Fatalf("canary = %q", holder(t, st, "canary"))
	}
	if len(h.toasts) == 0 || h.toasts[len(h.toasts)-1] != "canary: (none) → v3" {
		t.Fatalf("toasts %v", h.toasts)
	}
	if !h.contains("canary") {
		t.Fatalf("table not reloaded:\n%s", h.screenText(100))
	}
}
