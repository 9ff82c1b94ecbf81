package watch

import (
	"math"
	"strings"
	"testing"
	"time"

	"mltui/client"
)

var t0 = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// run logs train_loss every 2 s from t0 for steps 0..n-1, plus a system
// metric that keeps arriving (the monitor thread outlives a hung loop).
func running(n int, params ...client.Param) (client.Run, []client.Metric) {
	var hist []client.Metric
	for i := range n {
		hist = append(hist, client.Metric{Key: "train_loss", Step: int64(i), Timestamp: t0.Add(time.Duration(i) * 2 * time.Second).UnixMilli(), Value: 1 / float64(i+1)})
	}
	r := client.Run{Info: client.RunInfo{RunID: "r", Status: client.StatusRunning}}
	r.Data.Params = params
	r.Data.Metrics = []client.Metric{hist[len(hist)-1],
		{Key: "val_accuracy", Step: 1, Timestamp: t0.UnixMilli(), Value: 0.5},
		{Key: "system/cpu_utilization_percentage", Step: 99, Timestamp: t0.Add(time.Hour).UnixMilli(), Value: 90}}
	return r, hist
}

func TestPaceAndETAFromParams(t *testing.T) {
	r, hist := running(30, client.Param{Key: "epochs", Value: "100"})
	if PrimaryMetric(r) != "train_loss" {
		t.Fatalf("primary %q", PrimaryMetric(r))
	}
	now := t0.Add(58*time.Second + 500*time.Millisecond) // half a second after step 29
	p := Assess(r, "train_loss", hist, now, Options{})
	if p.Step != 29 || p.Interval != 2*time.Second || math.Abs(p.Rate-0.5) > 1e-9 {
		t.Fatalf("step %d interval %v rate %v", p.Step, p.Interval, p.Rate)
	}
	if p.Total != 100 || p.TotalFrom != "epochs" || !p.HasETA || p.ETA != 142*time.Second {
		t.Fatalf("total %d from %q, ETA %v (%v)", p.Total, p.TotalFrom, p.ETA, p.HasETA)
	}
	// The system metric logged an hour later does not count as progress.
	if p.Quiet != 500*time.Millisecond || p.Verdict() != Running {
		t.Fatalf("quiet %v verdict %s", p.Quiet, p.Verdict())
	}
	line := p.Line()
	for _, want := range []string{"RUNNING", "step 29/100", "0.5 steps/s", "ETA 2m22s"} {
		if !strings.Contains(line, want) {
			t.Fatalf("line %q lacks %q", line, want)
		}
	}
	// Steps counted from 0: the 100th and last is step 99, one step less to go.
	if p := Assess(r, "train_loss", hist, now, Options{FromZero: true}); !p.HasETA || p.ETA != 140*time.Second {
		t.Fatalf("from step 0: ETA %v (%v), want 2m20s", p.ETA, p.HasETA)
	}
	r99, hist99 := running(100, client.Param{Key: "epochs", Value: "100"})
	if p := Assess(r99, "train_loss", hist99, now, Options{FromZero: true}); p.HasETA {
		t.Fatalf("at step 99 of 0–99 an ETA is left: %v", p.ETA)
	}
	// An epochs param the logged steps have passed (per-batch steps) gives no ETA.
	r2, hist2 := running(30, client.Param{Key: "epochs", Value: "3"})
	if p := Assess(r2, "train_loss", hist2, now, Options{}); p.HasETA || p.Total != 0 {
		t.Fatalf("epochs=3 at step 29 gave total %d ETA %v", p.Total, p.ETA)
	}
}

func TestStalledAfterItsOwnIntervals(t *testing.T) {
	r, hist := running(30)
	last := t0.Add(58 * time.Second)
	// Interval 2 s: 5 intervals is 10 s, but never before MinStall.
	if p := Assess(r, "train_loss", hist, last.Add(11*time.Second), Options{MinStall: time.Second}); !p.Stalled || p.Verdict() != Stalled {
		t.Fatalf("11 s quiet after 2 s steps is not stalled: %+v", p)
	}
	if p := Assess(r, "train_loss", hist, last.Add(9*time.Second), Options{MinStall: time.Second}); p.Stalled {
		t.Fatal("9 s quiet is stalled already")
	}
	if p := Assess(r, "train_loss", hist, last.Add(11*time.Second), Options{}); p.Stalled {
		t.Fatal("stalled before the 2 minute floor")
	}
	if p := Assess(r, "train_loss", hist, last.Add(4*time.Second), Options{StallAfter: 3 * time.Second}); !p.Stalled || !strings.Contains(p.Line(), "quiet past 3s") {
		t.Fatalf("StallAfter ignored: %q", p.Line())
	}
	// A finished run is never stalled.
	r.Info.Status = client.StatusFinished
	if p := Assess(r, "train_loss", hist, last.Add(time.Hour), Options{}); p.Stalled || p.Verdict() != Finished {
		t.Fatalf("finished run judged %s", p.Verdict())
	}
}

func TestDivergedWhenALossIsNotFinite(t *testing.T) {
	r, hist := running(10)
	r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: "val_loss", Step: 9, Timestamp: t0.Add(18 * time.Second).UnixMilli(), Value: math.Inf(1)},
		client.Metric{Key: "grad_norm", Value: math.NaN(), Timestamp: t0.UnixMilli()})
	p := Assess(r, "train_loss", hist, t0.Add(19*time.Second), Options{})
	if p.Verdict() != Diverged || len(p.Diverged) != 1 || p.Diverged[0] != "val_loss" {
		t.Fatalf("verdict %s diverged %v (a NaN grad_norm is not a loss)", p.Verdict(), p.Diverged)
	}
	if !strings.Contains(p.Line(), "val_loss not finite") {
		t.Fatalf("line %q", p.Line())
	}
}
