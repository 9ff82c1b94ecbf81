package history

import (
	"math"
	"sort"

	"mltui/client"
)

// Points is a metric history in columns (24 bytes a point, against about
// 80 for []client.Metric). Histories are append-only: a Snapshot's slices
// are never written again, so they can be read from any goroutine.
type Points struct {
	Steps  []int64
	Times  []int64 // epoch milliseconds
	Values []float64
}

// Len is the number of points.
func (p Points) Len() int { return len(p.Values) }

// MaxStep is the largest step, or false when there are no points.
func (p Points) MaxStep() (int64, bool) {
	if p.Len() == 0 {
		return 0, false
	}
	m := int64(math.MinInt64)
	for _, s := range p.Steps {
		m = max(m, s)
	}
	return m, true
}

// StepSpan is the smallest and largest step.
func (p Points) StepSpan() (lo, hi int64, ok bool) {
	if p.Len() == 0 {
		return 0, 0, false
	}
	lo, hi = p.Steps[0], p.Steps[0]
	for _, s := range p.Steps {
		lo, hi = min(lo, s), max(hi, s)
	}
	return lo, hi, true
}

// appendMetrics appends ms to p. It may reuse p's spare capacity, which no
// snapshot can see.
func (p Points) appendMetrics(ms []client.Metric) Points {
	for _, m := range ms {
		p.Steps = append(p.Steps, m.Step)
		p.Times = append(p.Times, m.Timestamp)
		p.Values = append(p.Values, m.Value)
	}
	return p
}

// sortHistoryOrder sorts metrics as get-history returns them: by
// timestamp, then step, then value.
func sortHistoryOrder(ms []client.Metric) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Timestamp != b.Timestamp {
			return a.Timestamp < b.Timestamp
		}
		if a.Step != b.Step {
			return a.Step < b.Step
		}
		return a.Value < b.Value
	})
}

// metrics converts back to rows (for merging and export).
func (p Points) metrics(runID, key string) []client.Metric {
	out := make([]client.Metric, p.Len())
	for i := range out {
		out[i] = client.Metric{Key: key, RunID: runID, Step: p.Steps[i], Timestamp: p.Times[i], Value: p.Values[i]}
	}
	return out
}

// Metrics returns the points as client.Metric rows in history order.
func (p Points) Metrics(runID, key string) []client.Metric { return p.metrics(runID, key) }

// replaceRange returns a new history: p without its points whose step is
// in [lo, hi], plus ms, in history order. It never writes into p.
func (p Points) replaceRange(lo, hi int64, ms []client.Metric) Points {
	rows := make([]client.Metric, 0, p.Len()+len(ms))
	for i := range p.Values {
		if s := p.Steps[i]; s < lo || s > hi {
			rows = append(rows, client.Metric{Step: s, Timestamp: p.Times[i], Value: p.Values[i]})
		}
	}
	rows = append(rows, ms...)
	sortHistoryOrder(rows)
	return Points{}.appendMetrics(rows)
}
