package runs

import (
	"time"

	"mltui/client"
)

// LastActivity is when a run last logged anything we can see: the newest
// latest-metric timestamp, else its start time.
func LastActivity(r client.Run) time.Time {
	var last int64
	for _, m := range r.Data.Metrics {
		last = max(last, m.Timestamp)
	}
	if last == 0 {
		last = r.Info.StartTime
	}
	if last == 0 {
		return time.Time{}
	}
	return time.UnixMilli(last)
}

// Stale reports whether a RUNNING run has logged nothing for longer than
// after, and for how long it has been quiet.
func Stale(r client.Run, now time.Time, after time.Duration) (time.Duration, bool) {
	if r.Info.Status != client.StatusRunning {
		return 0, false
	}
	last := LastActivity(r)
	if last.IsZero() {
		return 0, false
	}
	idle := now.Sub(last)
	return idle, idle > after
}
