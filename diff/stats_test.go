package diff

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"mltui/client"
)

func TestStatsOf(t *testing.T) {
	s := StatsOf([]client.Metric{{Value: 3}, {Value: math.NaN()}, {Value: -1}, {Value: math.Inf(1)}})
	if s.Min != -1 || !math.IsInf(s.Max, 1) || s.Count != 4 || s.NaNs != 1 {
		t.Errorf("stats %+v", s)
	}
	if s := StatsOf([]client.Metric{{Value: math.NaN()}}); !math.IsNaN(s.Min) || !math.IsNaN(s.Max) {
		t.Errorf("all-NaN history: %+v, want NaN min/max", s)
	}
}

func TestLoadStatsBoundsConcurrency(t *testing.T) {
	var keys []StatKey
	for i := range 40 {
		keys = append(keys, StatKey{RunID: fmt.Sprint(i), Key: "loss"})
	}
	var inFlight, peak atomic.Int32
	fetch := func(ctx context.Context, runID, key string) ([]client.Metric, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		if runID == "7" {
			return nil, errors.New("boom")
		}
		return []client.Metric{{Value: 1}, {Value: float64(len(runID))}}, nil
	}
	got := map[StatKey]Stats{}
	for r := range LoadStats(context.Background(), keys, 4, fetch) {
		got[r.StatKey] = r.Stats
	}
	if len(got) != 40 {
		t.Fatalf("%d results, want 40", len(got))
	}
	if p := peak.Load(); p > 4 {
		t.Errorf("%d requests at once, want ≤ 4", p)
	}
	if got[StatKey{"7", "loss"}].Err == nil {
		t.Errorf("failed fetch not reported")
	}
	if s := got[StatKey{"12", "loss"}]; s.Max != 2 || s.Min != 1 {
		t.Errorf("stats for run 12: %+v", s)
	}
}

func TestLoadStatsStopsOnCancel(t *testing.T) {
	keys := make([]StatKey, 100)
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	fetch := func(ctx context.Context, _, _ string) ([]client.Metric, error) {
		if calls.Add(1) == 3 {
			cancel()
		}
		return nil, ctx.Err()
	}
	n := 0
	for range LoadStats(ctx, keys, 2, fetch) {
		n++
	}
	if n >= 100 {
		t.Errorf("all %d fetched after cancel", n)
	}
}
