package rundetail

import (
	"context"
	"math"

	"mltui/client"
)

// MaxPoints is the longest history read in full; longer ones are read as
// the server's sampled history and flagged as approximate.
const MaxPoints = 100000

// Stats summarise one metric's history.
type Stats struct {
	Points  int
	NaNs    int           // NaN/Inf points, left out of min and max
	Min     client.Metric // smallest finite value (earliest step on ties)
	Max     client.Metric
	HasMin  bool
	Sampled bool // from the sampled history: min/max may miss a spike
}

// Add folds points into the stats.
func (s *Stats) Add(ms []client.Metric) {
	for _, m := range ms {
		s.Points++
		if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
			s.NaNs++
			continue
		}
		if !s.HasMin {
			s.Min, s.Max, s.HasMin = m, m, true
			continue
		}
		if m.Value < s.Min.Value || m.Value == s.Min.Value && m.Step < s.Min.Step {
			s.Min = m
		}
		if m.Value > s.Max.Value || m.Value == s.Max.Value && m.Step < s.Max.Step {
			s.Max = m
		}
	}
}

// LoadStats reads a metric's history page by page up to MaxPoints; if
// there is more, it switches to the sampled history so the screen never
// holds or waits for millions of points.
func LoadStats(ctx context.Context, s client.Tracking, runID, key string) (Stats, error) {
	var st Stats
	more := false
	err := client.Walk(ctx, func(ctx context.Context, tok string) (client.Page[client.Metric], error) {
		p, err := s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: runID, Key: key, MaxResults: 25000, PageToken: tok})
		more = p.NextPageToken != ""
		return p, err
	}, func(ms []client.Metric) bool {
		st.Add(ms)
		return st.Points < MaxPoints
	})
	if err != nil {
		return st, err
	}
	if !more || st.Points < MaxPoints {
		return st, nil
	}
	pts, err := s.SampledHistory(ctx, client.SampledQuery{RunIDs: []string{runID}, Key: key, MaxResults: 2500})
	if err != nil {
		return st, err
	}
	// The sample cannot tell how many points there are: keep "≥ MaxPoints".
	sampled := Stats{Sampled: true}
	sampled.Add(pts)
	sampled.Points = st.Points
	return sampled, nil
}
