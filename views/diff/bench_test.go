package diff

import (
	"fmt"
	"testing"

	"mltui/client"
	dt "mltui/diff"
	"mltui/theme"
)

// benchRuns mirrors the engine benchmark's data: n runs, half of the
// params and metrics differing.
func benchRuns(n, params, metrics int) ([]client.Run, map[dt.StatKey]dt.Stats) {
	runs := make([]client.Run, n)
	stats := map[dt.StatKey]dt.Stats{}
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
			r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: key, Value: v, Step: 100})
			stats[dt.StatKey{RunID: r.Info.RunID, Key: key}] = dt.Stats{Min: v / 2, Max: v * 2, Count: 100}
		}
		runs[i] = r
	}
	return runs, stats
}

// BenchmarkComputeAndRender100x200x50 is the whole cost of showing a new
// diff: compute the table, lay out its lines, measure and draw one 200x60 frame.
func BenchmarkComputeAndRender100x200x50(b *testing.B) {
	runs, stats := benchRuns(100, 200, 50)
	st := NewStyles(theme.New(theme.ModeDark))
	b.ReportAllocs()
	for b.Loop() {
		t := dt.Runs(runs, dt.Options{History: true, Stats: stats})
		lines := t.Lines(dt.View{DiffOnly: true})
		_ = Render(t, lines, Measure(t), Layout{Width: 200, Height: 60, Cursor: 3, SelCol: 0}, st)
	}
}

// BenchmarkFrame100x200x50 is one redraw (a key press) of a computed diff.
func BenchmarkFrame100x200x50(b *testing.B) {
	runs, stats := benchRuns(100, 200, 50)
	st := NewStyles(theme.New(theme.ModeDark))
	t := dt.Runs(runs, dt.Options{History: true, Stats: stats})
	lines := t.Lines(dt.View{DiffOnly: true})
	g := Measure(t)
	b.ReportAllocs()
	for b.Loop() {
		_ = Render(t, lines, g, Layout{Width: 200, Height: 60, Cursor: 3, SelCol: 0, ColOffset: 40}, st)
	}
}
