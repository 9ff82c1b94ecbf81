package watch

import (
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/config"
)

func TestAlertsFireOnceWhenTheyBeginToHold(t *testing.T) {
	half := 0.5
	a := NewAlerter(append(config.DefaultAlertRules(), config.AlertRule{Metric: "train_loss", Below: &half}))
	r, hist := running(3) // train_loss 1, 0.5, 0.333 at steps 0..2
	r.Data.Metrics[0].Value = 0.9
	now := t0.Add(5 * time.Second)
	if got := a.Check(r, Assess(r, "train_loss", hist, now, Options{})); len(got) != 0 {
		t.Fatalf("alerts on a healthy run: %+v", got)
	}
	r.Data.Metrics[0].Value = 0.4
	got := a.Check(r, Assess(r, "train_loss", hist, now, Options{}))
	if len(got) != 1 || got[0].Rule != "train_loss below 0.5" || !strings.Contains(got[0].Text, "now 0.4") {
		t.Fatalf("threshold alert %+v", got)
	}
	if again := a.Check(r, Assess(r, "train_loss", hist, now, Options{})); len(again) != 0 {
		t.Fatalf("fired twice: %+v", again)
	}
	// Stalled, then logging again, then stalled again: two alerts.
	stall := func(at time.Time) []Alert {
		return a.Check(r, Assess(r, "train_loss", hist, at, Options{StallAfter: time.Minute}))
	}
	if s := stall(t0.Add(time.Hour)); len(s) != 1 || s[0].Rule != "stalled" {
		t.Fatalf("stall alert %+v", s)
	}
	if s := stall(t0.Add(6 * time.Second)); len(s) != 0 {
		t.Fatalf("recovering fired %+v", s)
	}
	if s := stall(t0.Add(2 * time.Hour)); len(s) != 1 {
		t.Fatalf("second stall did not fire: %+v", s)
	}
	// The end of the run.
	r.Info.Status = client.StatusFailed
	if s := a.Check(r, Assess(r, "train_loss", hist, now, Options{})); len(s) != 1 || s[0].Rule != "failed" || !strings.HasSuffix(s[0].Text, "failed") {
		t.Fatalf("end alert %+v", s)
	}
}

func TestAlertsIgnoreRunsNeverSeenRunning(t *testing.T) {
	a := NewAlerter(config.DefaultAlertRules())
	r, hist := running(3)
	r.Info.Status = client.StatusFinished
	if got := a.Check(r, Assess(r, "train_loss", hist, t0, Options{})); len(got) != 0 {
		t.Fatalf("a run opened finished alerted: %+v", got)
	}
}
