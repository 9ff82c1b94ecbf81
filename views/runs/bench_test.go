package runs

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/config"
	"mltui/theme"
	"mltui/views"
)

// SyntheticRuns makes n runs with 4 metrics and 3 params, some nested and
// some running, deterministic for a seed.
func syntheticRuns(n int) []client.Run {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	runs := make([]client.Run, n)
	for i := range runs {
		id := fmt.Sprintf("%032x", i+1)
		r := client.Run{Info: client.RunInfo{
			RunID: id, RunName: fmt.Sprintf("run-%05d", i), ExperimentID: "1", UserID: "alice",
			Status: client.StatusFinished, StartTime: base + int64(i)*60_000, EndTime: base + int64(i)*60_000 + 3_600_000,
		}}
		if i%50 == 0 {
			r.Info.Status, r.Info.EndTime = client.StatusRunning, 0
		}
		if i%10 > 0 && i > 10 {
			r.Data.Tags = []client.Tag{{Key: "mlflow.parentRunId", Value: fmt.Sprintf("%032x", i-i%10+1)}}
		}
		for _, k := range []string{"accuracy", "f1", "loss", "val_loss"} {
			r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: k, Value: rng.Float64(), Timestamp: r.Info.StartTime, Step: 100})
		}
		for _, k := range []string{"lr", "batch_size", "optimizer"} {
			r.Data.Params = append(r.Data.Params, client.Param{Key: k, Value: fmt.Sprint(rng.IntN(1000))})
		}
		runs[i] = r
	}
	return runs
}

func benchModel(b *testing.B, n, w, h int) *Model {
	b.Helper()
	cfg := config.Defaults()
	sh := views.NewShared(views.Shared{Config: &cfg, Theme: theme.New(theme.ModeDark),
		Now: func() time.Time { return time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) }})
	s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindRuns, Experiment: &client.Experiment{ID: "1", Name: "bench"}})
	if err != nil {
		b.Fatal(err)
	}
	m := s.(*Model)
	m.SetSize(w, h)
	m.SetRuns(syntheticRuns(n))
	m.expanded = map[string]bool{}
	for _, id := range Parents(m.runs) {
		m.expanded[id] = true
	}
	m.rebuild("")
	if got := len(m.Table.Columns()); got != 12 {
		b.Fatalf("%d columns, want 12", got)
	}
	return m
}

// BenchmarkRunsTableView renders one frame of a 10,000-run table with 12
// columns at 200x60.
func BenchmarkRunsTableView(b *testing.B) {
	m := benchModel(b, 10000, 200, 60)
	m.Table.SetCursor(5000, len(m.rows))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkRunsKeyToFrame is a j key through Update and the next View.
func BenchmarkRunsKeyToFrame(b *testing.B) {
	m := benchModel(b, 10000, 200, 60)
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	up := tea.KeyPressMsg{Code: 'k', Text: "k"}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		k := down
		if i/500%2 == 1 {
			k = up
		}
		i++
		m.Update(k)
		_ = m.View()
	}
}
