package promote

import (
	"math"
	"sort"

	"mltui/client"
)

// MetricDelta is one metric of two versions' source runs side by side.
type MetricDelta struct {
	Key           string
	From, To      float64 // the current holder's and the candidate's values
	HasFrom       bool
	HasTo         bool
	LowerIsBetter bool
}

// Better reports whether the candidate improves on the holder (false when
// either side is missing or not a number).
func (d MetricDelta) Better() bool {
	if !d.HasFrom || !d.HasTo || math.IsNaN(d.From) || math.IsNaN(d.To) {
		return false
	}
	if d.LowerIsBetter {
		return d.To < d.From
	}
	return d.To > d.From
}

// Worse reports whether the candidate is worse than the holder.
func (d MetricDelta) Worse() bool {
	if !d.HasFrom || !d.HasTo || math.IsNaN(d.From) || math.IsNaN(d.To) || d.From == d.To {
		return false
	}
	return !d.Better()
}

// CompareMetrics lines up the latest metrics of the holder's and the
// candidate's source runs, sorted by key. It is the promotion dialog's
// comparison until the diff package's version diff takes its place.
func CompareMetrics(from, to client.Run, lowerIsBetter func(string) bool) []MetricDelta {
	byKey := map[string]*MetricDelta{}
	for _, m := range from.Data.Metrics {
		byKey[m.Key] = &MetricDelta{Key: m.Key, From: m.Value, HasFrom: true}
	}
	for _, m := range to.Data.Metrics {
		d := byKey[m.Key]
		if d == nil {
			d = &MetricDelta{Key: m.Key}
			byKey[m.Key] = d
		}
		d.To, d.HasTo = m.Value, true
	}
	out := make([]MetricDelta, 0, len(byKey))
	for _, d := range byKey {
		if lowerIsBetter != nil {
			d.LowerIsBetter = lowerIsBetter(d.Key)
		}
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
