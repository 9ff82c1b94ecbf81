package chart

import (
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/theme"
	"mltui/views"
)

// openWatch opens the live view (w) of the fixture's RUNNING run with the
// clock at now.
func openWatch(t *testing.T, now time.Time) (*Model, *memStore, client.Run) {
	t.Helper()
	s, byRole := seedStore(t)
	live := byRole["running_run"]
	sh := views.NewShared(views.Shared{Store: s, Info: client.ServerInfo{Kind: "sqlite"}, Theme: theme.New(theme.ModeDark), Now: func() time.Time { return now }})
	scr, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindChart, RunIDs: []string{live.Info.RunID}, Runs: []client.Run{live}, Watch: true})
	if err != nil {
		t.Fatal(err)
	}
	m := scr.(*Model)
	m.throttle = 0
	m.SetSize(140, 40)
	drain(t, m, m.Init())
	return m, s, live
}

// lastPoint is the run's newest logged point in the fixture's histories.
func lastPoint(s *memStore, r client.Run) time.Time {
	var ts int64
	for k, h := range s.hist {
		if strings.HasPrefix(k, r.Info.RunID+"/") {
			for _, mt := range h {
				ts = max(ts, mt.Timestamp)
			}
		}
	}
	return time.UnixMilli(ts)
}

// The live view opens a grid of the run's loss first and its other
// metrics, and says its pace in the status line.
func TestWatchOpensTheRunsMetricsAndPace(t *testing.T) {
	s, byRole := seedStore(t)
	now := lastPoint(s, byRole["running_run"]).Add(3 * time.Second)
	m, _, _ := openWatch(t, now)
	var got []string
	for _, p := range m.panels {
		got = append(got, p.metric)
	}
	if strings.Join(got, ",") != "train_loss,lr,val_accuracy,val_loss" || !m.grid {
		t.Fatalf("panels %v (grid %v), want the loss first and the others in a grid", got, m.grid)
	}
	out := plain(t, m.View(), 140, 40)
	for _, want := range []string{"RUNNING · step 24", "steps/s", "last point 3s ago"} {
		if !strings.Contains(out, want) {
			t.Fatalf("status lacks %q:\n%s", want, out)
		}
	}
}

// A run that logged nothing for far longer than its own interval is
// said to have stalled, once, on the refresh that notices it.
func TestWatchSaysAStallOnce(t *testing.T) {
	s, byRole := seedStore(t)
	now := lastPoint(s, byRole["running_run"]).Add(time.Hour)
	m, _, _ := openWatch(t, now)
	out := plain(t, m.View(), 140, 40)
	if !strings.Contains(out, "STALLED") || !strings.Contains(out, "last point 1h00m ago") {
		t.Fatalf("the stall is not in the status:\n%s", out)
	}
	toasts := func() []string {
		var out []string
		_, cmd := m.Update(views.TickMsg{Now: now})
		for _, c := range flatten(cmd) {
			if c == nil {
				continue
			}
			msg := c()
			if tm, ok := msg.(views.ToastMsg); ok {
				out = append(out, tm.Text)
				continue
			}
			// Feed loads back, keeping their toasts.
			_, next := m.Update(msg)
			for _, c2 := range flatten(next) {
				if c2 == nil {
					continue
				}
				if tm, ok := c2().(views.ToastMsg); ok {
					out = append(out, tm.Text)
				}
			}
		}
		return out
	}
	first := toasts()
	if len(first) != 1 || !strings.Contains(first[0], "stalled") {
		t.Fatalf("first refresh toasts %q, want one stall notice", first)
	}
	if again := toasts(); len(again) != 0 {
		t.Fatalf("the stall was said again: %q", again)
	}
}
