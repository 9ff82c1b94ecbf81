package tui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/theme"
	"mltui/views"
	"mltui/views/runs"
)

func benchRuns(n int) []client.Run {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	out := make([]client.Run, n)
	for i := range out {
		r := client.Run{Info: client.RunInfo{RunID: fmt.Sprintf("%032x", i+1), RunName: fmt.Sprintf("run-%05d", i),
			Status: client.StatusFinished, UserID: "alice", StartTime: base + int64(i)*1000, EndTime: base + int64(i)*1000 + 60_000}}
		for j, k := range []string{"accuracy", "f1", "loss", "val_loss"} {
			r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: k, Value: float64(i%97+j) / 100})
		}
		for _, k := range []string{"lr", "batch_size", "optimizer"} {
			r.Data.Params = append(r.Data.Params, client.Param{Key: k, Value: fmt.Sprint(i % 13)})
		}
		out[i] = r
	}
	return out
}

// BenchmarkKeyToFrame is a j key through the whole program's Update and
// View (header, runs table of 10,000 runs × 12 columns, status bar) at
// 200x60.
func BenchmarkKeyToFrame(b *testing.B) {
	m := New(Options{Theme: theme.New(theme.ModeDark), Factories: map[views.Kind]views.Factory{views.KindRuns: runs.New},
		Info:  client.ServerInfo{Kind: "rest", URI: "http://127.0.0.1:5000"},
		Start: views.OpenMsg{Kind: views.KindRuns, Experiment: &client.Experiment{ID: "1", Name: "bench"}}})
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	m.Update(m.opts.Start)
	m.stack[0].screen.(*runs.Model).SetRuns(benchRuns(10000))
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	up := tea.KeyPressMsg{Code: 'k', Text: "k"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := down
		if i/2000%2 == 1 {
			k = up
		}
		i++
		m.Update(k)
		_ = m.View()
	}
}
