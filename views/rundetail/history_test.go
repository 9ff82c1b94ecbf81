package rundetail_test

import (
	"context"
	"math"
	"testing"

	"mltui/client"
	"mltui/internal/screentest"
	"mltui/views/rundetail"
)

func storeWith(n int, spikeAt int64) *screentest.Store {
	pts := make([]client.Metric, n)
	for i := range pts {
		v := 1.0 / float64(i+1)
		if int64(i) == spikeAt {
			v = 50
		}
		if i == 3 {
			v = math.NaN()
		}
		pts[i] = client.Metric{Key: "loss", Value: v, Step: int64(i)}
	}
	return &screentest.Store{Histories: map[string]map[string][]client.Metric{"r": {"loss": pts}}}
}

func TestLoadStatsFullHistory(t *testing.T) {
	st, err := rundetail.LoadStats(context.Background(), storeWith(60000, 31337), "r", "loss")
	if err != nil {
		t.Fatal(err)
	}
	if st.Sampled || st.Points != 60000 || st.NaNs != 1 {
		t.Errorf("stats %+v", st)
	}
	if st.Max.Value != 50 || st.Max.Step != 31337 {
		t.Errorf("the spike is the max: %+v", st.Max)
	}
	if st.Min.Step != 59999 {
		t.Errorf("min at the last step: %+v", st.Min)
	}
}

// Past rundetail.MaxPoints the sampled history is used and flagged.
func TestLoadStatsLongHistoryIsSampled(t *testing.T) {
	st, err := rundetail.LoadStats(context.Background(), storeWith(rundetail.MaxPoints+5000, 7), "r", "loss")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Sampled || st.Points != rundetail.MaxPoints {
		t.Errorf("sampled %v, points %d (want ≥ %d shown)", st.Sampled, st.Points, rundetail.MaxPoints)
	}
}

func TestStatsTiesKeepEarliestStep(t *testing.T) {
	var s rundetail.Stats
	s.Add([]client.Metric{{Value: 2, Step: 5}, {Value: 1, Step: 9}, {Value: 2, Step: 1}, {Value: 1, Step: 3}, {Value: math.Inf(1), Step: 4}})
	if s.Max.Step != 1 || s.Min.Step != 3 || s.NaNs != 1 || s.Points != 5 {
		t.Errorf("%+v", s)
	}
}
