// Package diff is the run-diff screen: marked runs side by side, one
// column per run, rows for attributes, params, metrics (latest, min, max
// with deltas against a baseline), tags and datasets. The comparison itself
// is the mltui/diff engine; this package lays it out, scrolls it and loads
// the metric histories min/max need.
package diff

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	dt "mltui/diff"
	"mltui/keys"
	"mltui/views"
)

// Loading tuning: histories are read in batches (one Load each, so esc
// cancels between them and the table fills in as they arrive), each batch
// with a few requests in flight. The table is recomputed after each batch,
// so a big diff uses bigger batches: at most about maxRebuilds of them.
const (
	historyBatch   = 16
	historyWorkers = 8
	maxRebuilds    = 20
)

// Model is the diff screen.
type Model struct {
	env    views.Env
	keys   keys.Diff
	styles Styles
	loc    *time.Location
	width  int
	height int

	ids     []string
	runs    []client.Run
	err     error // reading the runs failed
	runsReq views.Request

	stats     map[dt.StatKey]dt.Stats
	queue     []dt.StatKey // histories still to read
	statTotal int
	statReq   views.Request
	statBatch []dt.StatKey
	statErr   error // a batch failed as a whole (timeout, cancelled)
	// fullRefresh re-reads every history after the runs reload (r), not
	// only those of running runs (ticks).
	fullRefresh bool

	baseline int
	diffOnly bool
	sorted   bool
	open     map[dt.Section]bool
	detail   bool

	table     dt.Table
	geo       Geometry
	lines     []dt.Line
	cursor    int
	offset    int
	selCol    int
	colOffset int
}

// New is the views.Factory for KindDiff: it compares req.RunIDs, painting
// at once from req.Runs when the sender has them.
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if len(req.RunIDs) < 2 {
		return nil, fmt.Errorf("diff needs two or more runs: mark them with space, then press d")
	}
	m := &Model{
		env: env, keys: env.Keys.Diff(), styles: NewStyles(env.Theme), loc: time.Local,
		ids: append([]string(nil), req.RunIDs...), stats: map[dt.StatKey]dt.Stats{},
		diffOnly: true, open: map[dt.Section]bool{},
	}
	if len(req.Runs) == len(req.RunIDs) {
		m.runs = append([]client.Run(nil), req.Runs...)
		m.rebuild()
	}
	return m, nil
}

// Init reads the runs if the sender did not hand them over, then the
// metric histories.
func (m *Model) Init() tea.Cmd {
	if m.runs == nil {
		return m.loadRuns()
	}
	m.queueHistories(true)
	return m.nextHistories()
}

// Title is the breadcrumb segment.
func (m *Model) Title() string { return fmt.Sprintf("diff %d runs", len(m.ids)) }

// KeyMap feeds the help.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// SetSize is the body area.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.scrollIntoView()
}

// Table is the diff as now computed (for tests and embedding).
func (m *Model) Table() dt.Table { return m.table }

func (m *Model) loadRuns() tea.Cmd {
	ids := append([]string(nil), m.ids...)
	req, cmd := views.Load(m.env, "diff/runs", func(ctx context.Context, s client.Store) ([]client.Run, error) {
		runs := make([]client.Run, 0, len(ids))
		for _, id := range ids {
			r, err := s.GetRun(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("read run %s: %w", id, err)
			}
			runs = append(runs, r)
		}
		return runs, nil
	})
	m.runsReq = req
	return cmd
}

// queueHistories lists every (run, metric) whose full history min/max
// need and is not known yet, metric by metric so rows complete one after
// another. With reset every history is read again (r); otherwise only
// those of running runs and those that failed.
func (m *Model) queueHistories(reset bool) {
	col := map[string]int{}
	running := map[string]bool{}
	for i, r := range m.runs {
		col[r.Info.RunID] = i
		running[r.Info.RunID] = r.Info.Status == client.StatusRunning
	}
	keys := dt.StatKeys(m.runs)
	sort.SliceStable(keys, func(a, b int) bool {
		if keys[a].Key != keys[b].Key {
			return keys[a].Key < keys[b].Key
		}
		return col[keys[a].RunID] < col[keys[b].RunID]
	})
	kept := map[dt.StatKey]dt.Stats{}
	m.queue = nil
	for _, k := range keys {
		if s, ok := m.stats[k]; ok && !reset && !running[k.RunID] && s.Err == nil {
			kept[k] = s
			continue
		}
		m.queue = append(m.queue, k)
	}
	m.stats, m.statTotal, m.statErr = kept, len(keys), nil
}

func (m *Model) nextHistories() tea.Cmd {
	if len(m.queue) == 0 || !m.statReq.Zero() {
		return nil
	}
	n := min(max(historyBatch, (m.statTotal+maxRebuilds-1)/maxRebuilds), len(m.queue))
	batch := append([]dt.StatKey(nil), m.queue[:n]...)
	m.queue = m.queue[n:]
	m.statBatch = batch
	req, cmd := views.Load(m.env, "diff/history", func(ctx context.Context, s client.Store) ([]dt.StatResult, error) {
		fetch := func(ctx context.Context, runID, key string) ([]client.Metric, error) {
			return client.MetricHistory(ctx, s, runID, key)
		}
		var got []dt.StatResult
		for r := range dt.LoadStats(ctx, batch, historyWorkers, fetch) {
			got = append(got, r)
		}
		return got, ctx.Err()
	})
	m.statReq = req
	return cmd
}

// Update handles keys, loads and ticks.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.Loaded[[]client.Run]:
		return m, m.runsLoaded(msg)
	case views.Loaded[[]dt.StatResult]:
		return m, m.statsLoaded(msg)
	case views.MouseMsg:
		if d := msg.Wheel(); d != 0 {
			m.move(d)
			m.scrollIntoView()
		}
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case views.TickMsg:
		if m.running() && m.runsReq.Zero() {
			return m, m.loadRuns()
		}
	}
	return m, nil
}

func (m *Model) running() bool {
	for _, r := range m.runs {
		if r.Info.Status == client.StatusRunning {
			return true
		}
	}
	return false
}

func (m *Model) runsLoaded(msg views.Loaded[[]client.Run]) tea.Cmd {
	if msg.Req != m.runsReq {
		return nil
	}
	m.runsReq = views.Request{}
	if msg.Err != nil {
		m.err = msg.Err
		return nil
	}
	m.err = nil
	m.runs = msg.Value
	for _, r := range m.runs {
		m.env.Marks.Update(r)
	}
	m.env.Flights().Withdraw(m.statReq)
	m.statReq = views.Request{}
	m.queueHistories(m.fullRefresh)
	m.fullRefresh = false
	m.rebuild()
	return m.nextHistories()
}

func (m *Model) statsLoaded(msg views.Loaded[[]dt.StatResult]) tea.Cmd {
	if msg.Req != m.statReq {
		return nil
	}
	m.statReq = views.Request{}
	for _, r := range msg.Value {
		m.stats[r.StatKey] = r.Stats
	}
	if msg.Err != nil {
		// The batch as a whole ended (timeout, esc): what it did not
		// read, and what is still queued, show as errors until r.
		m.statErr = msg.Err
		for _, k := range append(m.statBatch, m.queue...) {
			if _, ok := m.stats[k]; !ok {
				m.stats[k] = dt.Stats{Err: msg.Err}
			}
		}
		m.queue = nil
	}
	m.rebuild()
	return m.nextHistories()
}

// rebuild recomputes the table and its lines, keeping the cursor on the
// same row (or fold) when it is still there.
func (m *Model) rebuild() {
	if m.runs == nil {
		return
	}
	anchor, hadAnchor := m.anchor()
	m.table = dt.Runs(m.runs, dt.Options{
		Baseline: m.baseline, LowerIsBetter: m.env.Config.LowerIsBetter,
		History: true, Stats: m.stats, Now: m.env.Now(), Location: m.loc,
	})
	m.geo = Measure(m.table)
	m.relayout()
	if hadAnchor {
		m.seek(anchor)
	}
}

// relayout recomputes the visible lines after a view change.
func (m *Model) relayout() {
	anchor, ok := m.anchor()
	m.lines = m.table.Lines(dt.View{DiffOnly: m.diffOnly, Open: m.open, SortByChange: m.sorted})
	if ok {
		m.seek(anchor)
	}
	m.cursor = min(max(m.cursor, 0), max(len(m.lines)-1, 0))
	m.skipSection(1)
	m.scrollIntoView()
}

// lineKey identifies a line across rebuilds.
type lineKey struct {
	kind    dt.LineKind
	section dt.Section
	key     string
	stat    dt.Stat
}

func (m *Model) keyOf(l dt.Line) lineKey {
	k := lineKey{kind: l.Kind, section: l.Section}
	if l.Kind == dt.LineRow {
		r := m.table.Rows[l.Row]
		k.key, k.stat = r.Key, r.Stat
	}
	return k
}

func (m *Model) anchor() (lineKey, bool) {
	if m.cursor < 0 || m.cursor >= len(m.lines) {
		return lineKey{}, false
	}
	return m.keyOf(m.lines[m.cursor]), true
}

func (m *Model) seek(k lineKey) {
	for i, l := range m.lines {
		if m.keyOf(l) == k {
			m.cursor = i
			return
		}
	}
}

// Selected is the row under the cursor, if the cursor is on a row.
func (m *Model) Selected() (dt.Row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.lines) || m.lines[m.cursor].Kind != dt.LineRow {
		return dt.Row{}, false
	}
	return m.table.Rows[m.lines[m.cursor].Row], true
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Refresh):
		if m.runsReq.Zero() {
			m.fullRefresh = true
			return m.loadRuns()
		}
		return nil
	}
	if m.runs == nil {
		return nil
	}
	page := max(m.bodyHeight()-1, 1)
	switch {
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.PageDown):
		m.move(page)
	case key.Matches(msg, k.PageUp):
		m.move(-page)
	case key.Matches(msg, k.Top):
		m.cursor = 0
		m.skipSection(1)
	case key.Matches(msg, k.Bottom):
		m.cursor = len(m.lines) - 1
		m.skipSection(-1)
	case key.Matches(msg, k.Right):
		m.selCol = min(m.selCol+1, len(m.runs)-1)
	case key.Matches(msg, k.Left):
		m.selCol = max(m.selCol-1, 0)
	case key.Matches(msg, k.FirstCol):
		m.selCol = 0
	case key.Matches(msg, k.LastCol):
		m.selCol = len(m.runs) - 1
	case key.Matches(msg, k.Baseline):
		if m.baseline == m.selCol {
			return views.Toast(views.LevelInfo, "%s is already the baseline", m.table.Columns[m.selCol].Label)
		}
		m.baseline = m.selCol
		m.rebuild()
		return views.Toast(views.LevelInfo, "baseline: %s", m.table.Columns[m.baseline].Label)
	case key.Matches(msg, k.DiffOnly):
		m.diffOnly = !m.diffOnly
		m.relayout()
	case key.Matches(msg, k.Sort):
		m.sorted = !m.sorted
		m.relayout()
	case key.Matches(msg, k.FoldAll):
		m.open = map[dt.Section]bool{}
		m.relayout()
	case key.Matches(msg, k.ExpandAll):
		for _, r := range m.table.Rows {
			m.open[r.Section] = true
		}
		m.relayout()
	case key.Matches(msg, k.Open):
		if m.cursor < len(m.lines) && m.lines[m.cursor].Kind == dt.LineFold {
			sec := m.lines[m.cursor].Section
			m.open[sec] = !m.open[sec]
			m.relayout()
		} else {
			m.detail = !m.detail
		}
	case key.Matches(msg, k.Detail):
		m.detail = !m.detail
	case key.Matches(msg, k.Chart):
		r, ok := m.Selected()
		if !ok || !r.Metric() {
			return views.Toast(views.LevelWarning, "move to a metric row to chart it")
		}
		return views.OpenChart(append([]client.Run(nil), m.runs...), r.Key)
	case key.Matches(msg, k.Copy):
		md := m.table.Markdown(dt.Export{All: !m.diffOnly, SortByChange: m.sorted})
		return views.Copy(md, "diff as Markdown")
	}
	m.scrollIntoView()
	return nil
}

// move steps the cursor, passing over section titles.
func (m *Model) move(d int) {
	m.cursor = min(max(m.cursor+d, 0), max(len(m.lines)-1, 0))
	dir := 1
	if d < 0 {
		dir = -1
	}
	m.skipSection(dir)
}

// skipSection moves the cursor off a section title in direction dir (or
// back if there is nothing that way).
func (m *Model) skipSection(dir int) {
	for _, d := range []int{dir, -dir} {
		c := m.cursor
		for c >= 0 && c < len(m.lines) && m.lines[c].Kind == dt.LineSection {
			c += d
		}
		if c >= 0 && c < len(m.lines) {
			m.cursor = c
			return
		}
	}
}

const footerRows = 1

func (m *Model) detailHeight() int {
	if !m.detail {
		return 0
	}
	return min(max(m.height/3, 6), 14, max(m.height-headerRows-footerRows-3, 0))
}

func (m *Model) bodyHeight() int {
	return max(m.height-headerRows-footerRows-m.detailHeight(), 1)
}

// scrollIntoView keeps the cursor's line and the selected column on screen.
func (m *Model) scrollIntoView() {
	body := m.bodyHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	// Keep a section's title in view above its first row.
	if m.offset == m.cursor && m.cursor > 0 && m.cursor < len(m.lines) && m.lines[m.cursor-1].Kind == dt.LineSection {
		m.offset--
	}
	if m.cursor >= m.offset+body {
		m.offset = m.cursor - body + 1
	}
	m.offset = max(min(m.offset, len(m.lines)-body), 0)
	if len(m.geo.ColW) == 0 || m.width <= 0 {
		return
	}
	if m.selCol < m.colOffset {
		m.colOffset = m.selCol
	}
	for m.colOffset < m.selCol && m.selCol >= m.colOffset+VisibleCols(m.geo, m.width, m.colOffset) {
		m.colOffset++
	}
}

// View draws the table, the detail pane when open, and a footer.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.styles
	if m.runs == nil {
		msg := fmt.Sprintf("reading %d runs…", len(m.ids))
		if m.err != nil {
			return st.Failed.Render(fit("could not read the runs: "+m.err.Error(), m.width, st.Failed)) + "\n" +
				fit("r retries · esc goes back", m.width, st.Footer) + strings.Repeat("\n"+blank(m.width), max(m.height-2, 0))
		}
		return fit(msg, m.width, st.Footer) + strings.Repeat("\n"+blank(m.width), m.height-1)
	}
	lay := Layout{Width: m.width, Height: m.bodyHeight() + headerRows, Cursor: m.cursor, Offset: m.offset, ColOffset: m.colOffset, SelCol: m.selCol}
	parts := []string{Render(m.table, m.lines, m.geo, lay, st)}
	if dh := m.detailHeight(); dh > 0 {
		row := -1
		if m.cursor < len(m.lines) && m.lines[m.cursor].Kind == dt.LineRow {
			row = m.lines[m.cursor].Row
		}
		parts = append(parts, RenderDetail(m.table, row, m.selCol, m.width, dh, st))
	}
	parts = append(parts, m.footer())
	return strings.Join(parts, "\n")
}

func (m *Model) footer() string {
	st := m.styles
	var bits []string
	bits = append(bits, "◆ "+m.table.Columns[m.baseline].Label)
	if m.diffOnly {
		bits = append(bits, "differences only")
	} else {
		bits = append(bits, "all rows")
	}
	if m.sorted {
		bits = append(bits, "by change")
	}
	if done := len(m.stats); done < m.statTotal {
		bits = append(bits, fmt.Sprintf("min/max %d/%d…", done, m.statTotal))
	}
	text := strings.Join(bits, " · ")
	switch {
	case m.err != nil:
		return fit("refresh failed: "+m.err.Error(), m.width, st.Failed)
	case m.statErr != nil:
		return fit(text+" · histories: "+m.statErr.Error(), m.width, st.Failed)
	}
	return fit(text, m.width, st.Footer)
}
