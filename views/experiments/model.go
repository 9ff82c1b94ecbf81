// Package experiments is the experiment list: name, id, last update, a run
// count fetched lazily for the selected experiment, tags on the side;
// fuzzy filter, sort, deleted toggle. enter opens the runs table.
package experiments

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/keys"
	"mltui/views"
	"mltui/views/components/table"
)

// count is a lazily fetched run count.
type count struct {
	n       int
	more    bool // at least n (the count stopped at a cap)
	loading bool
	err     error
}

// Model is the experiment list screen.
type Model struct {
	env    views.Env
	keys   keys.Experiments
	table  table.Model
	width  int
	height int

	exps        []client.Experiment
	order       []int // indexes into exps, as shown
	loaded      bool
	err         error
	pending     views.Request
	filter      string
	sortKey     SortKey
	reverse     bool
	showDeleted bool
	counts      map[string]*count
	countReq    views.Request
}

// New is the views.Factory for KindExperiments.
func New(env views.Env, _ views.OpenMsg) (views.Screen, error) {
	m := &Model{env: env, keys: env.Keys.Experiments(), table: table.New(env.Styles()), counts: map[string]*count{}}
	m.table.SetColumns(columns())
	return m, nil
}

func columns() []table.Column {
	return []table.Column{
		{Key: "name", Title: "NAME", Width: 24, Min: 12, Max: 60, Flex: true, Fixed: true},
		{Key: "id", Title: "ID", Width: 6, Right: true},
		{Key: "updated", Title: "UPDATED", Width: 8, Right: true},
		{Key: "runs", Title: "RUNS", Width: 7, Right: true},
		{Key: "tags", Title: "TAGS", Width: 5, Right: true},
	}
}

// Init loads the list.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	view := client.ActiveOnly
	if m.showDeleted {
		view = client.AllViews
	}
	req, cmd := m.env.Load("experiments", func(ctx context.Context, s client.Store) (any, error) {
		return client.AllExperiments(ctx, s, client.ExperimentQuery{ViewType: view, MaxResults: 1000})
	})
	m.pending = req
	return cmd
}

// Title is the breadcrumb.
func (m *Model) Title() string { return "experiments" }

// KeyMap is the help.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// SetSize lays the list out; tags go to a side panel when there is room.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	tw, th := m.tableSize()
	m.table.SetSize(tw, th)
}

func (m *Model) sideWidth() int {
	if m.width >= 100 {
		return min(m.width/3, 60)
	}
	return 0
}

func (m *Model) tableSize() (int, int) {
	h := m.height - 1 // footer line
	if sw := m.sideWidth(); sw > 0 {
		return m.width - sw - 1, h
	}
	// Narrow: the details go under the table.
	return m.width, max(h-detailRows, 3)
}

const detailRows = 4

// Selected is the experiment under the cursor.
func (m *Model) Selected() (client.Experiment, bool) {
	c := m.table.Cursor()
	if c < 0 || c >= len(m.order) {
		return client.Experiment{}, false
	}
	return m.exps[m.order[c]], true
}

// Update handles keys and loads.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.LoadedMsg:
		return m, m.loaded2(msg)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) loaded2(msg views.LoadedMsg) tea.Cmd {
	switch msg.Req {
	case m.pending:
		m.pending = views.Request{}
		if msg.Err != nil {
			m.err = msg.Err
			return nil
		}
		sel, _ := m.Selected()
		m.err = nil
		m.loaded = true
		m.exps, _ = msg.Value.([]client.Experiment)
		m.reorder(sel.ID)
		return m.countSelected()
	case m.countReq:
		m.countReq = views.Request{}
		res, _ := msg.Value.(countResult)
		c := m.counts[res.id]
		if c == nil {
			return nil
		}
		c.loading = false
		c.n, c.more, c.err = res.n, res.more, msg.Err
		return m.countSelected()
	}
	return nil
}

type countResult struct {
	id   string
	n    int
	more bool
}

// countSelected fetches the run count of the selected experiment if it is
// not known: local stores count every run (cheap), a server only the first
// page (one request), shown as "1000+" when there are more.
func (m *Model) countSelected() tea.Cmd {
	e, ok := m.Selected()
	if !ok || !m.countReq.Zero() {
		return nil
	}
	if c := m.counts[e.ID]; c != nil {
		return nil
	}
	m.counts[e.ID] = &count{loading: true}
	id := e.ID
	limit := 1000
	if m.env.Info.Kind == "sqlite" || m.env.Info.Kind == "file" {
		limit = 100000
	}
	req, cmd := m.env.Load("count", func(ctx context.Context, s client.Store) (any, error) {
		n, more := 0, false
		err := client.Walk(ctx, func(ctx context.Context, tok string) (client.Page[client.Run], error) {
			return s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{id}, MaxResults: min(limit, 1000), PageToken: tok})
		}, func(rs []client.Run) bool {
			n += len(rs)
			if n >= limit {
				more = true
				return false
			}
			return true
		})
		return countResult{id: id, n: n, more: more}, err
	})
	m.countReq = req
	return cmd
}

func (m *Model) reorder(keepID string) {
	m.order = Order(m.exps, m.filter, m.sortKey, m.reverse, m.showDeleted)
	at := 0
	for i, j := range m.order {
		if m.exps[j].ID == keepID {
			at = i
			break
		}
	}
	m.table.SetCursor(at, len(m.order))
	m.table.SetSort(map[SortKey]string{SortName: "name", SortID: "id", SortUpdated: "updated"}[m.sortKey], m.sortKey == SortUpdated != m.reverse)
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	n := len(m.order)
	switch {
	case key.Matches(k, m.keys.Down):
		m.table.Move(1, n)
	case key.Matches(k, m.keys.Up):
		m.table.Move(-1, n)
	case key.Matches(k, m.keys.Top):
		m.table.SetCursor(0, n)
	case key.Matches(k, m.keys.Bottom):
		m.table.SetCursor(n-1, n)
	case key.Matches(k, m.keys.PageDown):
		m.table.Move(m.table.VisibleRows()/2, n)
	case key.Matches(k, m.keys.PageUp):
		m.table.Move(-m.table.VisibleRows()/2, n)
	case key.Matches(k, m.keys.Open):
		e, ok := m.Selected()
		if !ok {
			return nil
		}
		exp := e
		return views.Open(views.OpenMsg{Kind: views.KindRuns, Experiment: &exp, ExperimentIDs: []string{e.ID}})
	case key.Matches(k, m.keys.Sort):
		sel, _ := m.Selected()
		m.sortKey = (m.sortKey + 1) % sortKeys
		m.reorder(sel.ID)
		return views.Toast(views.LevelInfo, "sorted by %s", m.sortKey)
	case key.Matches(k, m.keys.Reverse):
		sel, _ := m.Selected()
		m.reverse = !m.reverse
		m.reorder(sel.ID)
	case key.Matches(k, m.keys.ShowDeleted):
		m.showDeleted = !m.showDeleted
		return m.load()
	case key.Matches(k, m.keys.Refresh):
		m.counts = map[string]*count{}
		return m.load()
	case key.Matches(k, m.keys.CopyID):
		if e, ok := m.Selected(); ok {
			return views.Copy(e.ID, "experiment id")
		}
	default:
		return nil
	}
	return m.countSelected()
}

// FilterKind: the list filters as you type.
func (m *Model) FilterKind() views.FilterKind { return views.FilterFuzzy }

// FilterPlaceholder is the hint in the empty filter.
func (m *Model) FilterPlaceholder() string { return "fuzzy match experiment names" }

// Filter is the applied pattern.
func (m *Model) Filter() string { return m.filter }

// FilterError: fuzzy filters cannot fail.
func (m *Model) FilterError() string { return "" }

// SetFilter applies a fuzzy pattern.
func (m *Model) SetFilter(text string) tea.Cmd {
	sel, _ := m.Selected()
	m.filter = text
	m.reorder(sel.ID)
	return m.countSelected()
}

// Focused refreshes the list when the user comes back to it.
func (m *Model) Focused() tea.Cmd {
	if m.pending.Zero() {
		return m.load()
	}
	return nil
}

// errText is a one-line description of the load error.
func errText(err error) string {
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	var ce *client.Error
	if errors.As(err, &ce) {
		return ce.Error()
	}
	return err.Error()
}
