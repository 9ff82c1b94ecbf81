// Package rundetail is one run: info, params, metrics with latest, min and
// max (histories fetched lazily), tags with the mlflow.* ones folded,
// dataset inputs, logged models, the note, and an artifact tree whose
// directories are listed when opened.
package rundetail

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/keys"
	"mltui/views"
)

// Tab is a section of the screen.
type Tab int

const (
	TabOverview Tab = iota
	TabMetrics
	TabParams
	TabTags
	TabInputs
	TabArtifacts
	tabCount
)

var tabNames = [...]string{"overview", "metrics", "params", "tags", "inputs", "artifacts"}

func (t Tab) String() string { return tabNames[t] }

// historyConcurrency bounds parallel history reads.
const historyConcurrency = 4

type histState struct {
	stats   Stats
	loading bool
	queued  bool
	err     error
}

// Model is the run detail screen.
type Model struct {
	env    views.Env
	keys   keys.RunDetail
	width  int
	height int

	runID   string
	run     client.Run
	have    bool
	runReq  views.Request
	err     error
	exp     *client.Experiment
	tab     Tab
	offsets [tabCount]int
	cursor  [tabCount]int // metrics and artifacts have a cursor
	sysTags bool

	hist  map[string]*histState
	queue []string

	root *node
}

// histResult is one metric's history statistics.
type histResult struct {
	metric string
	stats  Stats
}

// artResult is one artifact directory's listing.
type artResult struct {
	path  string
	files []client.FileInfo
}

// New is the views.Factory for KindRun: req.RunIDs[0] is the run; if
// req.Runs has it, it paints at once while a fresh copy loads.
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if len(req.RunIDs) == 0 {
		return nil, errNoRun
	}
	m := &Model{
		env: env, keys: env.Keys.RunDetail(), runID: req.RunIDs[0], exp: req.Experiment,
		hist: map[string]*histState{},
		root: &node{info: client.FileInfo{IsDir: true}, depth: -1, open: true},
	}
	for _, r := range req.Runs {
		if r.Info.RunID == m.runID {
			m.run, m.have = r, true
		}
	}
	return m, nil
}

type screenError string

func (e screenError) Error() string { return string(e) }

const errNoRun = screenError("run detail: no run given")

// Init loads the run.
func (m *Model) Init() tea.Cmd { return m.loadRun() }

func (m *Model) loadRun() tea.Cmd {
	id := m.runID
	req, cmd := views.Load(m.env, "run", func(ctx context.Context, s client.Store) (client.Run, error) {
		return s.GetRun(ctx, id)
	})
	m.runReq = req
	return cmd
}

// Title is the run name.
func (m *Model) Title() string {
	if m.have {
		return m.run.Name()
	}
	return "run " + m.runID
}

// KeyMap is the help.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// SetSize stores the body size.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Tab is the section shown (tests).
func (m *Model) Tab() Tab { return m.tab }

// Update handles loads and keys.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.Loaded[client.Run]:
		return m, m.runLoaded(msg)
	case views.Loaded[histResult]:
		return m, m.histLoaded(msg)
	case views.Loaded[artResult]:
		m.artLoaded(msg)
	case views.MouseMsg:
		m.move(msg.Wheel())
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) runLoaded(msg views.Loaded[client.Run]) tea.Cmd {
	if msg.Req != m.runReq {
		return nil
	}
	m.runReq = views.Request{}
	if msg.Err != nil {
		m.err = msg.Err
		return nil
	}
	m.run, m.have, m.err = msg.Value, true, nil
	return m.queueHistories()
}

func (m *Model) histLoaded(msg views.Loaded[histResult]) tea.Cmd {
	h := m.hist[msg.Value.metric]
	if h == nil {
		return m.pump()
	}
	h.loading = false
	h.stats, h.err = msg.Value.stats, msg.Err
	return m.pump()
}

func (m *Model) artLoaded(msg views.Loaded[artResult]) {
	n := find(m.root, msg.Value.path)
	if n == nil {
		return
	}
	n.loading = false
	if msg.Err != nil {
		n.err = msg.Err
		return
	}
	n.setChildren(msg.Value.files)
	n.open = true
}

// queueHistories schedules a history read for every metric not yet read.
func (m *Model) queueHistories() tea.Cmd {
	keys := make([]string, 0, len(m.run.Data.Metrics))
	for _, mt := range m.run.Data.Metrics {
		keys = append(keys, mt.Key)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if h, ok := m.hist[k]; ok && (h.loading || h.queued || h.err == nil && h.stats.Points > 0) {
			continue
		}
		m.hist[k] = &histState{queued: true}
		m.queue = append(m.queue, k)
	}
	return m.pump()
}

// pump starts queued history reads up to the concurrency limit.
func (m *Model) pump() tea.Cmd {
	var cmds []tea.Cmd
	inFlight := m.env.Flights().Pending(m.env.Screen, "history")
	for inFlight < historyConcurrency && len(m.queue) > 0 {
		k := m.queue[0]
		m.queue = m.queue[1:]
		h := m.hist[k]
		h.queued, h.loading = false, true
		id, metric := m.runID, k
		_, cmd := views.Load(m.env, "history", func(ctx context.Context, s client.Store) (histResult, error) {
			st, err := LoadStats(ctx, s, id, metric)
			return histResult{metric: metric, stats: st}, err
		})
		inFlight++
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// listArtifacts lists one directory ("" is the root).
func (m *Model) listArtifacts(n *node) tea.Cmd {
	if n.loading {
		return nil
	}
	n.loading, n.err = true, nil
	id, p := m.runID, n.info.Path
	_, cmd := views.Load(m.env, "artifacts", func(ctx context.Context, s client.Store) (artResult, error) {
		files, err := s.ListArtifacts(ctx, id, p)
		return artResult{path: p, files: files}, err
	})
	return cmd
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.NextTab):
		return m.setTab((m.tab + 1) % tabCount)
	case key.Matches(k, m.keys.PrevTab):
		return m.setTab((m.tab + tabCount - 1) % tabCount)
	case k.Text >= "1" && k.Text <= "6" && len(k.Text) == 1:
		return m.setTab(Tab(k.Text[0] - '1'))
	case key.Matches(k, m.keys.Down):
		m.move(1)
	case key.Matches(k, m.keys.Up):
		m.move(-1)
	case key.Matches(k, m.keys.PageDown):
		m.move(max(m.bodyRows()/2, 1))
	case key.Matches(k, m.keys.PageUp):
		m.move(-max(m.bodyRows()/2, 1))
	case key.Matches(k, m.keys.Top):
		m.move(-1 << 30)
	case key.Matches(k, m.keys.Bottom):
		m.move(1 << 30)
	case key.Matches(k, m.keys.SystemTags):
		m.sysTags = !m.sysTags
		m.offsets[TabTags] = 0
	case key.Matches(k, m.keys.CopyID):
		return views.Copy(m.runID, "run id")
	case key.Matches(k, m.keys.Files):
		return views.Open(views.OpenMsg{Kind: views.KindArtifacts, RunIDs: []string{m.runID}})
	case key.Matches(k, m.keys.Checkpoints):
		return views.Open(views.OpenMsg{Kind: views.KindCheckpoints, RunIDs: []string{m.runID}})
	case key.Matches(k, m.keys.Watch):
		return views.Open(views.OpenMsg{Kind: views.KindChart, RunIDs: []string{m.runID}, Runs: []client.Run{m.run}, Watch: true})
	case key.Matches(k, m.keys.System):
		return views.Open(views.OpenMsg{Kind: views.KindSystem, RunIDs: []string{m.runID}})
	case key.Matches(k, m.keys.Refresh):
		for k, h := range m.hist {
			if !h.loading {
				delete(m.hist, k)
			}
		}
		return m.loadRun()
	case key.Matches(k, m.keys.Chart):
		metric := ""
		if m.tab == TabMetrics {
			if ks := m.metricKeys(); m.cursor[TabMetrics] < len(ks) {
				metric = ks[m.cursor[TabMetrics]]
			}
		}
		return views.OpenChart([]client.Run{m.run}, metric)
	case m.tab == TabArtifacts && key.Matches(k, m.keys.Expand):
		return m.expand()
	case m.tab == TabArtifacts && key.Matches(k, m.keys.Collapse):
		m.collapse()
	}
	return nil
}

func (m *Model) setTab(t Tab) tea.Cmd {
	m.tab = t
	if t == TabArtifacts && !m.root.loaded && !m.root.loading {
		return m.listArtifacts(m.root)
	}
	return nil
}

// move scrolls the document, or moves the cursor on tabs that have one.
func (m *Model) move(d int) {
	switch m.tab {
	case TabMetrics, TabArtifacts:
		n := m.cursorRows()
		c := min(max(m.cursor[m.tab]+d, 0), max(n-1, 0))
		m.cursor[m.tab] = c
		rows := m.bodyRows()
		off := m.offsets[m.tab]
		if c < off {
			off = c
		}
		if c >= off+rows {
			off = c - rows + 1
		}
		m.offsets[m.tab] = max(off, 0)
	default:
		lines := len(m.lines(m.tab))
		m.offsets[m.tab] = min(max(m.offsets[m.tab]+d, 0), max(lines-m.bodyRows(), 0))
	}
}

func (m *Model) cursorRows() int {
	if m.tab == TabMetrics {
		return len(m.metricKeys())
	}
	return len(flatten(m.root))
}

func (m *Model) expand() tea.Cmd {
	nodes := flatten(m.root)
	c := m.cursor[TabArtifacts]
	if c >= len(nodes) || !nodes[c].info.IsDir {
		return nil
	}
	n := nodes[c]
	if n.open {
		n.open = false
		return nil
	}
	if n.loaded {
		n.open = true
		return nil
	}
	return m.listArtifacts(n)
}

func (m *Model) collapse() {
	nodes := flatten(m.root)
	c := m.cursor[TabArtifacts]
	if c >= len(nodes) {
		return
	}
	n := nodes[c]
	if n.info.IsDir && n.open {
		n.open = false
		return
	}
	// On a file or closed directory: close the parent and land on it.
	parent := n.info.Path[:max(strings.LastIndex(n.info.Path, "/"), 0)]
	if p := find(m.root, parent); p != nil && p != m.root {
		p.open = false
		for i, x := range flatten(m.root) {
			if x == p {
				m.cursor[TabArtifacts] = i
			}
		}
		m.move(0)
	}
}

func (m *Model) metricKeys() []string {
	keys := make([]string, 0, len(m.run.Data.Metrics))
	for _, mt := range m.run.Data.Metrics {
		keys = append(keys, mt.Key)
	}
	slices.Sort(keys)
	return keys
}
