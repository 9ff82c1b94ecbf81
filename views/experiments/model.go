// Package experiments is the experiment list: name, id, last update, a run
// count fetched lazily for the selected experiment, tags on the side;
// fuzzy filter, sort, deleted toggle. enter opens the runs table.
package experiments

import (
	"context"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/keys"
	"mltui/views"
	"mltui/views/components/listscreen"
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
	listscreen.Frame[client.Experiment]
	env  views.Env
	keys keys.Experiments

	sortKey     SortKey
	reverse     bool
	showDeleted bool
	counts      map[string]*count
	countReq    views.Request
	// focus names the experiment to select once the list arrives.
	focus string
}

// New is the views.Factory for KindExperiments; req.ExperimentName, if
// set, is selected once the list arrives.
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	m := &Model{env: env, keys: env.Keys.Experiments(), counts: map[string]*count{}, focus: req.ExperimentName}
	m.Frame = listscreen.New(env, listscreen.Spec[client.Experiment]{
		ID: func(e client.Experiment) string { return e.ID },
		Order: func(exps []client.Experiment, filter string) []int {
			return Order(exps, filter, m.sortKey, m.reverse, m.showDeleted)
		},
		Reload: m.load,
		Sorted: m.sorted,
		Open: func(e client.Experiment) tea.Cmd {
			return views.Open(views.OpenMsg{Kind: views.KindRuns, Experiment: &e, ExperimentIDs: []string{e.ID}})
		},
		Layout:      listscreen.Layout{SideFrom: 100, SideMax: 60, DetailRows: 4},
		Filter:      views.FilterFuzzy,
		Placeholder: "fuzzy match experiment names",
	})
	m.Table.SetColumns(columns())
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
	return m.Begin(views.Load(m.env, "experiments", func(ctx context.Context, s client.Store) ([]client.Experiment, error) {
		return client.AllExperiments(ctx, s, client.ExperimentQuery{ViewType: view, MaxResults: 1000})
	}))
}

// Title is the breadcrumb.
func (m *Model) Title() string { return "experiments" }

// KeyMap is the help.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// Update handles keys and loads.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.Loaded[[]client.Experiment]:
		if m.Arrived(msg) {
			m.SetItems(msg.Value)
			m.takeFocus()
			return m, m.countSelected()
		}
	case views.Loaded[countResult]:
		return m, m.countLoaded(msg)
	case views.MouseMsg:
		return m, tea.Batch(m.Mouse(msg), m.countSelected())
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) countLoaded(msg views.Loaded[countResult]) tea.Cmd {
	if msg.Req != m.countReq {
		return nil
	}
	m.countReq = views.Request{}
	c := m.counts[msg.Value.id]
	if c == nil {
		return nil
	}
	c.loading = false
	c.n, c.more, c.err = msg.Value.n, msg.Value.more, msg.Err
	return m.countSelected()
}

type countResult struct {
	id   string
	n    int
	more bool
}

// countSelected fetches a run count not yet known, one at a time: the
// selected experiment's first, then, on a local store, the others in list
// order, so the column fills in. Local stores count every run (cheap); a
// server counts only what is selected and only the first page (one search
// of up to 1,000 runs, which costs the server real work), shown as "1000+"
// when there are more.
func (m *Model) countSelected() tea.Cmd {
	e, ok := m.Selected()
	if !ok || !m.countReq.Zero() {
		return nil
	}
	if m.counts[e.ID] != nil {
		if e, ok = m.uncounted(); !ok {
			return nil
		}
	}
	m.counts[e.ID] = &count{loading: true}
	id := e.ID
	limit := 1000
	if m.env.Info.Local() {
		limit = 100000
	}
	req, cmd := views.Load(m.env, "count", func(ctx context.Context, s client.Store) (countResult, error) {
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

// uncounted is the first experiment in list order whose count is not known,
// on a local store; on a server, none.
func (m *Model) uncounted() (client.Experiment, bool) {
	if m.env.Info.Local() {
		for i := range m.Len() {
			if e := m.Row(i); m.counts[e.ID] == nil {
				return e, true
			}
		}
	}
	return client.Experiment{}, false
}

// takeFocus selects the experiment the screen was opened at, once.
func (m *Model) takeFocus() {
	if m.focus == "" {
		return
	}
	for _, e := range m.Items() {
		if e.Name == m.focus {
			m.Keep(e.ID)
		}
	}
	m.focus = ""
}

// sorted is the column marked in the header, and its direction.
func (m *Model) sorted() (string, bool) {
	return map[SortKey]string{SortName: "name", SortID: "id", SortUpdated: "updated"}[m.sortKey], m.sortKey == SortUpdated != m.reverse
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.Navigate(k, m.keys.Nav):
	case key.Matches(k, m.keys.Open):
		return m.Open()
	case key.Matches(k, m.keys.Sort):
		m.sortKey = (m.sortKey + 1) % sortKeys
		m.Reorder()
		return views.Toast(views.LevelInfo, "sorted by %s", m.sortKey)
	case key.Matches(k, m.keys.Reverse):
		m.reverse = !m.reverse
		m.Reorder()
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

// SetFilter applies a fuzzy pattern and counts the newly selected runs.
func (m *Model) SetFilter(text string) tea.Cmd {
	m.Frame.SetFilter(text)
	return m.countSelected()
}
