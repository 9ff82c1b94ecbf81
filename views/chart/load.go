package chart

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	tea "charm.land/bubbletea/v2"

	plot "mltui/chart"
	"mltui/client"
	"mltui/client/history"
	"mltui/views"
)

// firstResult is a panel's first paint: sampled or exact histories.
type firstResult struct {
	metric string
	snaps  []history.Snapshot
}

// rangeResult is a zoomed panel's histories for the visible steps.
type rangeResult struct {
	metric string
	snaps  []history.Snapshot
}

// refineResult is one page of a full-history fetch.
type refineResult struct {
	key  history.Key
	snap history.Snapshot
	done bool
}

// tailResult is a refresh of live runs.
type tailResult struct {
	runs  []client.Run
	snaps []history.Snapshot
}

// flushMsg applies data that arrived while redraws were throttled.
type flushMsg struct{}

func (m *Model) loadRuns() tea.Cmd {
	ids := append([]string(nil), m.ids...)
	m.runsBusy = true
	_, cmd := views.Load(m.env, "chart/runs", func(ctx context.Context, s client.Store) ([]client.Run, error) {
		runs := make([]client.Run, 0, len(ids))
		for _, id := range ids {
			r, err := s.GetRun(ctx, id)
			if err != nil {
				return runs, fmt.Errorf("run %s: %w", id, err)
			}
			runs = append(runs, r)
		}
		return runs, nil
	})
	return cmd
}

// loadPanels starts the first load of every panel not loaded yet.
func (m *Model) loadPanels() tea.Cmd {
	var cmds []tea.Cmd
	for _, p := range m.panels {
		if !p.loaded {
			cmds = append(cmds, m.loadFirst(p.metric))
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) loadFirst(metric string) tea.Cmd {
	cache, ids := m.cache, append([]string(nil), m.ids...)
	for _, id := range ids {
		// The latest step sizes progress and picks how to paint first.
		if last, ok := m.runs[id].Metric(metric); ok {
			cache.Hint(history.Key{RunID: id, Metric: metric}, last.Step)
		}
	}
	_, cmd := views.Load(m.env, "chart/first/"+metric, func(ctx context.Context, _ client.Store) (firstResult, error) {
		snaps, err := cache.First(ctx, ids, metric)
		return firstResult{metric, snaps}, err
	})
	return cmd
}

// queueRefine schedules full-history fetches for the shown histories that
// are still sampled, and starts as many as the concurrency bound allows.
func (m *Model) queueRefine() tea.Cmd {
	for _, p := range m.panels {
		for _, id := range m.ids {
			sn, ok := p.snaps[id]
			k := history.Key{RunID: id, Metric: p.metric}
			if !ok || sn.Quality == history.Exact || m.refining[k] || m.failed[k] != nil || m.queued(k) {
				continue
			}
			m.refineQ = append(m.refineQ, k)
		}
	}
	return m.startRefines()
}

func (m *Model) queued(k history.Key) bool {
	for _, q := range m.refineQ {
		if q == k {
			return true
		}
	}
	return false
}

func (m *Model) startRefines() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.refineQ) > 0 && len(m.refining) < m.cache.Options().Concurrency {
		k := m.refineQ[0]
		m.refineQ = m.refineQ[1:]
		if !m.shown(k.Metric) {
			continue
		}
		m.refining[k] = true
		cmds = append(cmds, m.refineStep(k))
	}
	return tea.Batch(cmds...)
}

func (m *Model) refineStep(k history.Key) tea.Cmd {
	cache := m.cache
	_, cmd := views.Load(m.env, "chart/refine/"+k.Metric, func(ctx context.Context, _ client.Store) (refineResult, error) {
		snap, done, err := cache.RefineStep(ctx, k)
		return refineResult{k, snap, done}, err
	})
	return cmd
}

// loadRange fetches the visible step range of a panel whose histories are
// still sampled (a zoom), replacing any range request before it.
func (m *Model) loadRange(p *panel, lo, hi int64) tea.Cmd {
	var keys []history.Key
	for _, id := range m.ids {
		if sn, ok := p.snaps[id]; ok && sn.Quality != history.Exact {
			keys = append(keys, history.Key{RunID: id, Metric: p.metric})
		}
	}
	if len(keys) == 0 {
		return nil
	}
	if !p.rangeReq.Zero() {
		m.env.Flights().Withdraw(p.rangeReq)
	}
	cache, metric := m.cache, p.metric
	req, cmd := views.Load(m.env, "chart/range/"+metric, func(ctx context.Context, _ client.Store) (rangeResult, error) {
		snaps, err := cache.Range(ctx, keys, lo, hi)
		return rangeResult{metric, snaps}, err
	})
	p.rangeReq = req
	return cmd
}

// loadTail re-reads live runs and fetches their new points for every
// shown metric.
func (m *Model) loadTail() tea.Cmd {
	var live []string
	for _, id := range m.ids {
		if r, ok := m.runs[id]; ok && r.Info.Status == client.StatusRunning {
			live = append(live, id)
		}
	}
	if len(live) == 0 || m.tailBusy {
		return nil
	}
	var keys []history.Key
	for _, p := range m.panels {
		for _, id := range live {
			keys = append(keys, history.Key{RunID: id, Metric: p.metric})
		}
	}
	cache := m.cache
	m.tailBusy = true
	_, cmd := views.Load(m.env, "chart/tail", func(ctx context.Context, s client.Store) (tailResult, error) {
		var res tailResult
		for _, id := range live {
			r, err := s.GetRun(ctx, id)
			if err != nil {
				return res, fmt.Errorf("run %s: %w", id, err)
			}
			res.runs = append(res.runs, r)
		}
		snaps, err := cache.TailAll(ctx, keys)
		res.snaps = snaps
		return res, err
	})
	return cmd
}

func (m *Model) runsLoaded(msg views.Loaded[[]client.Run]) tea.Cmd {
	m.runsBusy = false
	if msg.Err != nil {
		m.runsErr = msg.Err
		return nil
	}
	m.runsErr = nil
	for _, r := range msg.Value {
		m.runs[r.Info.RunID] = r
	}
	return m.start()
}

func (m *Model) firstLoaded(msg views.Loaded[firstResult]) tea.Cmd {
	p := m.panelOf(msg.Value.metric)
	if p == nil {
		return nil
	}
	for _, sn := range msg.Value.snaps {
		if sn.Rev != 0 {
			p.snaps[sn.RunID] = sn
		}
	}
	p.err = msg.Err
	if msg.Err == nil {
		p.loaded = true
	}
	m.applySeries(p)
	if !m.imgAsked {
		// The step images once the first curves are up: they are beside
		// the point, and the curves come first.
		m.imgAsked = true
		return tea.Batch(m.queueRefine(), m.loadImages())
	}
	return m.queueRefine()
}

func (m *Model) refineLoaded(msg views.Loaded[refineResult]) tea.Cmd {
	k, res := msg.Value.key, msg.Value
	delete(m.refining, k)
	p := m.panelOf(k.Metric)
	if msg.Err != nil {
		if !errors.Is(msg.Err, context.Canceled) {
			m.failed[k] = msg.Err
		}
		return m.startRefines()
	}
	delete(m.failed, k)
	if p != nil {
		p.snaps[k.RunID] = res.snap
	}
	if res.done {
		return tea.Batch(m.dataChanged(), m.startRefines())
	}
	if p == nil {
		return m.startRefines() // no longer shown: stop; the cache keeps the pages read
	}
	m.refining[k] = true
	return m.refineStep(k)
}

func (m *Model) rangeLoaded(msg views.Loaded[rangeResult]) tea.Cmd {
	p := m.panelOf(msg.Value.metric)
	if p == nil || msg.Req != p.rangeReq {
		return nil
	}
	p.rangeReq = views.Request{}
	for _, sn := range msg.Value.snaps {
		if sn.Rev != 0 {
			p.snaps[sn.RunID] = sn
		}
	}
	if msg.Err != nil && !errors.Is(msg.Err, context.Canceled) {
		p.err = msg.Err
	}
	return m.dataChanged()
}

func (m *Model) tailLoaded(msg views.Loaded[tailResult]) tea.Cmd {
	m.tailBusy = false
	for _, r := range msg.Value.runs {
		m.runs[r.Info.RunID] = r
	}
	for _, sn := range msg.Value.snaps {
		if p := m.panelOf(sn.Metric); p != nil {
			p.snaps[sn.RunID] = sn
		}
	}
	var cmds []tea.Cmd
	if msg.Err != nil {
		cmds = append(cmds, views.ReportError("chart refresh", msg.Err))
	} else {
		cmds = append(cmds, func() tea.Msg { return views.ClearErrorMsg{Op: "chart refresh"} })
	}
	// A tail that outran one answer leaves a sample: refine it.
	return tea.Batch(append(cmds, m.dataChanged(), m.queueRefine(), m.alerts(msg.Value.runs))...)
}

func (m *Model) panelOf(metric string) *panel {
	for _, p := range m.panels {
		if p.metric == metric {
			return p
		}
	}
	return nil
}

func (m *Model) shown(metric string) bool { return m.panelOf(metric) != nil }

// dataChanged applies new data now, or schedules it when the last redraw
// was too recent (live runs and refinements must not redraw per page).
func (m *Model) dataChanged() tea.Cmd {
	m.dataDirty = true
	wait := m.throttle - m.sinceApply()
	if wait <= 0 {
		m.applyAll()
		return nil
	}
	if m.flushPending {
		return nil
	}
	m.flushPending = true
	return tea.Tick(wait, func(time.Time) tea.Msg { return flushMsg{} })
}

func (m *Model) sinceApply() time.Duration {
	if m.lastApply.IsZero() {
		return math.MaxInt64
	}
	return time.Since(m.lastApply)
}

func (m *Model) applyAll() {
	for _, p := range m.panels {
		m.applySeries(p)
	}
	m.dataDirty = false
	m.lastApply = time.Now()
}

// applySeries hands a panel's histories to its chart, in run order.
func (m *Model) applySeries(p *panel) {
	if m.bandsOn() {
		m.applyBands(p)
		return
	}
	ss := make([]*plot.Series, 0, len(m.ids))
	for _, id := range m.ids {
		sn, ok := p.snaps[id]
		if !ok {
			continue
		}
		ss = append(ss, plot.SeriesOf(sn, m.runName(id), m.slots[id]))
	}
	p.plot.SetSeries(ss)
}

// runName is the legend label: the run name, marked when it is live.
func (m *Model) runName(id string) string {
	r, ok := m.runs[id]
	if !ok {
		return id
	}
	name := r.Name()
	if r.Info.Status == client.StatusRunning {
		name += " (live)"
	}
	return name
}

// reload forgets everything fetched and starts again (r).
func (m *Model) reload() tea.Cmd {
	// Every reply from before the reload is withdrawn: none is applied.
	m.env.Flights().WithdrawScreen(m.env.Screen)
	m.refineQ, m.refining, m.failed = nil, map[history.Key]bool{}, map[history.Key]error{}
	m.tailBusy, m.runsBusy = false, false
	m.cache = m.cache.Renew(m.env.Store)
	for _, p := range m.panels {
		p.loaded, p.err, p.snaps = false, nil, map[string]history.Snapshot{}
		m.applySeries(p)
	}
	return tea.Batch(m.loadRuns())
}
