package diff

import (
	"context"
	"math"
	"sync"

	"mltui/client"
)

// StatKey names one metric of one run.
type StatKey struct {
	RunID string
	Key   string
}

// Stats summarise a metric's full history. NaN points are counted but do
// not take part in Min and Max; with no other points both are NaN.
type Stats struct {
	Min, Max float64
	Count    int   // points in the history
	NaNs     int   // how many of them were NaN
	Err      error // the history could not be read
}

// StatsOf summarises one history.
func StatsOf(points []client.Metric) Stats {
	s := Stats{Min: math.NaN(), Max: math.NaN(), Count: len(points)}
	seen := false
	for _, p := range points {
		v := p.Value
		if math.IsNaN(v) {
			s.NaNs++
			continue
		}
		if !seen || v < s.Min {
			s.Min = v
		}
		if !seen || v > s.Max {
			s.Max = v
		}
		seen = true
	}
	return s
}

// StatKeys lists every (run, metric) pair whose history a diff of runs needs.
func StatKeys(runs []client.Run) []StatKey {
	var keys []StatKey
	for _, r := range runs {
		for _, m := range r.Data.Metrics {
			keys = append(keys, StatKey{RunID: r.Info.RunID, Key: m.Key})
		}
	}
	return keys
}

// HistoryFunc reads the full history of one metric of one run
// (client.MetricHistory against a store).
type HistoryFunc func(ctx context.Context, runID, key string) ([]client.Metric, error)

// StatResult is the summary of one history, or the error reading it.
type StatResult struct {
	StatKey
	Stats
}

// LoadStats reads the histories with at most workers requests at a time
// and sends each summary on the returned channel, which is closed when all
// are done or ctx ends. The channel is buffered for every key, so a reader
// that stops early leaks no goroutine. The engine itself does no I/O: fetch
// does.
func LoadStats(ctx context.Context, keys []StatKey, workers int, fetch HistoryFunc) <-chan StatResult {
	if workers < 1 {
		workers = 1
	}
	out := make(chan StatResult, len(keys))
	jobs := make(chan StatKey)
	var wg sync.WaitGroup
	for range min(workers, max(len(keys), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				pts, err := fetch(ctx, k.RunID, k.Key)
				s := StatsOf(pts)
				if err != nil {
					s = Stats{Min: math.NaN(), Max: math.NaN(), Err: err}
				}
				out <- StatResult{StatKey: k, Stats: s}
			}
		}()
	}
	go func() {
		defer close(out)
	feed:
		for _, k := range keys {
			select {
			case jobs <- k:
			case <-ctx.Done():
				break feed
			}
		}
		close(jobs)
		wg.Wait()
	}()
	return out
}
