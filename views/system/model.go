// Package system is a run's system metrics screen: what
// mlflow.enable_system_metrics_logging() recorded (CPU, memory, disk,
// network, each GPU, each node), one row per series with its trend over
// the run's wall time and its current, mean and peak. GPUs the run never
// used are folded into one row.
package system

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/keys"
	"mltui/sysmetrics"
	"mltui/views"
	"mltui/views/components/listscreen"
)

// Series is one system metric of the run: its key, its samples in time
// order and their summary.
type Series struct {
	Key    sysmetrics.Key
	Times  []int64
	Values []float64
	Sum    sysmetrics.Summary
}

// Model is the system metrics screen.
type Model struct {
	listscreen.Frame[Series]
	env  views.Env
	keys keys.System

	runID    string
	run      *client.Run
	idle     map[string]bool // idle GPU groups, by title
	showIdle bool
	t0, t1   int64 // the time range every trend spans
}

// New is the views.Factory for KindSystem: the run is RunIDs[0].
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if len(req.RunIDs) == 0 || req.RunIDs[0] == "" {
		return nil, errors.New("system metrics: no run given")
	}
	m := &Model{env: env, keys: env.Keys.System(), runID: req.RunIDs[0], idle: map[string]bool{}}
	if len(req.Runs) > 0 {
		m.run = &req.Runs[0]
	}
	m.Frame = listscreen.New(env, listscreen.Spec[Series]{
		ID:     func(s Series) string { return s.Key.Raw },
		Order:  m.order,
		Reload: m.load,
		Open: func(s Series) tea.Cmd {
			if m.run == nil {
				return nil
			}
			return views.OpenChart([]client.Run{*m.run}, s.Key.Raw)
		},
		Layout:      listscreen.Layout{SideFrom: 140, SideMax: 50, DetailRows: 4},
		Filter:      views.FilterFuzzy,
		Placeholder: "fuzzy match groups and metrics",
	})
	m.layout()
	return m, nil
}

// Init loads the run and its system metrics.
func (m *Model) Init() tea.Cmd { return m.load() }

// Title is the breadcrumb.
func (m *Model) Title() string { return "system metrics" }

// KeyMap is the help.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// SetSize lays the table out; the trend column takes what the numbers
// leave.
func (m *Model) SetSize(w, h int) {
	m.Frame.SetSize(w, h)
	m.layout()
}

// loaded is one load: the run and every system series it has.
type loaded struct {
	Run    client.Run
	Series []Series
}

func (m *Model) load() tea.Cmd {
	runID := m.runID
	return m.Begin(views.Load(m.env, "system metrics", func(ctx context.Context, s client.Store) (loaded, error) {
		run, err := s.GetRun(ctx, runID)
		if err != nil {
			return loaded{}, fmt.Errorf("read run %s: %w", runID, err)
		}
		ss, err := Load(ctx, s, run)
		return loaded{Run: run, Series: ss}, err
	}))
}

// Load reads the full history of each of the run's system metrics.
func Load(ctx context.Context, s client.Tracking, run client.Run) ([]Series, error) {
	names := make([]string, 0, len(run.Data.Metrics))
	for _, mt := range run.Data.Metrics {
		names = append(names, mt.Key)
	}
	var out []Series
	for _, k := range sysmetrics.Keys(names) {
		hist, err := client.MetricHistory(ctx, s, run.Info.RunID, k.Raw)
		if err != nil {
			return out, fmt.Errorf("history of %s: %w", k.Raw, err)
		}
		slices.SortStableFunc(hist, func(a, b client.Metric) int { return cmp.Compare(a.Timestamp, b.Timestamp) })
		sr := Series{Key: k, Times: make([]int64, len(hist)), Values: make([]float64, len(hist))}
		for i, p := range hist {
			sr.Times[i], sr.Values[i] = p.Timestamp, p.Value
		}
		sr.Sum = sysmetrics.Summarise(sr.Times, sr.Values)
		out = append(out, sr)
	}
	return out, nil
}

// Update handles loads and keys.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.Loaded[loaded]:
		if m.Arrived(msg) {
			r := msg.Value.Run
			m.run = &r
			m.setSeries(msg.Value.Series)
		}
	case views.MouseMsg:
		return m, m.Mouse(msg)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// setSeries takes a load's series: the common time range and the idle GPUs.
func (m *Model) setSeries(ss []Series) {
	keys := make([]sysmetrics.Key, len(ss))
	sums := make(map[string]sysmetrics.Summary, len(ss))
	m.t0, m.t1 = 0, 0
	for i, s := range ss {
		keys[i], sums[s.Key.Raw] = s.Key, s.Sum
		if len(s.Times) == 0 {
			continue
		}
		if m.t0 == 0 || s.Times[0] < m.t0 {
			m.t0 = s.Times[0]
		}
		m.t1 = max(m.t1, s.Times[len(s.Times)-1])
	}
	m.idle = sysmetrics.IdleGPUs(keys, sums)
	m.SetItems(ss)
	m.layout()
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.Navigate(k, m.keys.Nav):
	case key.Matches(k, m.keys.Open):
		return m.Open()
	case key.Matches(k, m.keys.ShowIdle):
		if len(m.idle) == 0 {
			return views.Toast(views.LevelInfo, "no idle GPU is folded")
		}
		m.showIdle = !m.showIdle
		m.Reorder()
		m.layout()
	case key.Matches(k, m.keys.Refresh):
		return m.load()
	}
	return nil
}

// order keeps the reading order; an idle GPU shows only its utilisation
// row unless unfolded; a filter matches group and metric.
func (m *Model) order(ss []Series, filter string) []int {
	var out []int
	for i, s := range ss {
		if m.folded(s) {
			continue
		}
		out = append(out, i)
	}
	if filter != "" {
		return listscreen.Fuzzy(filter, out, func(i int) string { return ss[i].Key.Group() + " " + ss[i].Key.Name })
	}
	return out
}

// folded is whether a row is hidden inside its idle GPU's one row.
func (m *Model) folded(s Series) bool {
	return !m.showIdle && m.idle[s.Key.Group()] && s.Key.Name != "utilization"
}

// foldedCount is how many of a group's rows are hidden.
func (m *Model) foldedCount(group string) int {
	n := 0
	for _, s := range m.Items() {
		if s.Key.Group() == group && m.folded(s) {
			n++
		}
	}
	return n
}
