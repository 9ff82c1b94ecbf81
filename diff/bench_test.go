package diff

import (
	"fmt"
	"testing"

	"mltui/client"
)

// benchRuns are n runs with params and metrics, roughly half of each
// differing between runs, with min/max statistics for every metric.
func benchRuns(n, params, metrics int) ([]client.Run, map[StatKey]Stats) {
	runs := make([]client.Run, n)
	stats := map[StatKey]Stats{}
	for i := range runs {
		r := client.Run{Info: client.RunInfo{RunID: fmt.Sprintf("%032x", i), RunName: fmt.Sprintf("run-%03d", i),
			Status: client.StatusFinished, StartTime: 1_700_000_000_000 + int64(i)*1000, EndTime: 1_700_000_100_000, ExperimentID: "1"}}
		for p := range params {
			v := "same"
			if p%2 == 0 {
				v = fmt.Sprint(i * p)
			}
			r.Data.Params = append(r.Data.Params, client.Param{Key: fmt.Sprintf("param_%03d", p), Value: v})
		}
		for m := range metrics {
			v := 0.5
			if m%2 == 0 {
				v = float64(i+1) / float64(m+1)
			}
			key := fmt.Sprintf("metric_%02d", m)
			if m%5 == 0 {
				key += "_loss"
			}
			r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: key, Value: v, Step: 100})
			stats[StatKey{r.Info.RunID, key}] = Stats{Min: v / 2, Max: v * 2, Count: 100}
		}
		runs[i] = r
	}
	return runs, stats
}

func BenchmarkRuns100x200x50(b *testing.B) {
	runs, stats := benchRuns(100, 200, 50)
	b.ReportAllocs()
	for b.Loop() {
		t := Runs(runs, Options{History: true, Stats: stats})
		_ = t.Lines(View{DiffOnly: true, SortByChange: true})
	}
}
