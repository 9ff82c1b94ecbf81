package groups

import (
	"fmt"
	"testing"

	"mltui/client"
	"mltui/config"
	"mltui/theme"
	"mltui/views"
)

// manyRuns is n runs with 20 metrics and four params (lr and batch take
// 5 values each, so two of them make 25 groups).
func manyRuns(n int) []client.Run {
	runs := make([]client.Run, n)
	for i := range runs {
		ms := make([]client.Metric, 20)
		for k := range ms {
			ms[k] = client.Metric{Key: fmt.Sprintf("metric_%02d", k), Value: float64((i*7+k*13)%1000) / 1000}
		}
		runs[i] = client.Run{
			Info: client.RunInfo{RunID: fmt.Sprintf("%032x", i), RunName: fmt.Sprintf("run-%d", i)},
			Data: client.RunData{Metrics: ms, Params: []client.Param{
				{Key: "lr", Value: fmt.Sprint([]float64{1e-4, 3e-4, 1e-3, 3e-3, 1e-2}[i%5])},
				{Key: "batch", Value: fmt.Sprint(16 << (i / 5 % 5))},
				{Key: "seed", Value: fmt.Sprint(i % 7)},
				{Key: "id", Value: fmt.Sprint(i)},
			}},
		}
	}
	return runs
}

// BenchmarkGroups10k: from loaded runs to a frame at 200x60, grouping
// 10,000 runs × 20 metrics by two params with every metric summarised
// (the three shown and the rest), the importances and the draw. Target
// ≤ 50 ms.
func BenchmarkGroups10k(b *testing.B) {
	m := benchModel(b)
	all, _ := client.AllKeys(m.runs)
	for b.Loop() {
		m.metrics = all
		m.regroup()
		if len(m.View()) == 0 {
			b.Fatal("empty frame")
		}
	}
}

// BenchmarkGroupsOpen10k is opening the screen as b does: New (three
// metrics summarised) and the first frame.
func BenchmarkGroupsOpen10k(b *testing.B) {
	runs := manyRuns(10000)
	sh := benchShared()
	for b.Loop() {
		s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindGroups, Runs: runs, GroupBy: []string{"lr", "batch"}, Metric: "metric_00"})
		if err != nil {
			b.Fatal(err)
		}
		s.(*Model).SetSize(200, 58)
		if len(s.View()) == 0 {
			b.Fatal("empty frame")
		}
	}
}

// BenchmarkGroupsCursor10k is a cursor move: the frame redrawn, nothing
// regrouped.
func BenchmarkGroupsCursor10k(b *testing.B) {
	m := benchModel(b)
	for b.Loop() {
		press(m, "down")
		if len(m.View()) == 0 {
			b.Fatal("empty frame")
		}
	}
}

func benchShared() *views.Shared {
	cfg := config.Defaults()
	return views.NewShared(views.Shared{Config: &cfg, Theme: theme.New(theme.ModeDark)})
}

func benchModel(b *testing.B) *Model {
	s, err := New(views.Env{Shared: benchShared(), Screen: 1}, views.OpenMsg{Kind: views.KindGroups, Runs: manyRuns(10000), GroupBy: []string{"lr", "batch"}, Metric: "metric_00"})
	if err != nil {
		b.Fatal(err)
	}
	m := s.(*Model)
	m.SetSize(200, 58)
	return m
}
