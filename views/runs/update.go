package runs

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/views"
)

// Update handles loads, ticks and keys.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.Loaded[client.Experiment]:
		return m, m.onExperiment(msg)
	case views.Loaded[pageResult]:
		if !m.Answers(msg) {
			return m, nil // superseded
		}
		return m, m.onPage(msg)
	case views.Loaded[gpuResult]:
		return m, m.onGPU(msg)
	case views.Loaded[runningResult]:
		if m.Answers(msg) {
			m.onRunning(msg)
		}
	case views.TickMsg:
		return m, m.onTick()
	case saveResultMsg:
		if msg.err != nil {
			return m, views.Toast(views.LevelError, "columns not saved: %v", msg.err)
		}
		return m, views.Toast(views.LevelSuccess, "columns saved for this experiment")
	case views.MouseMsg:
		return m, m.Mouse(msg)
	case tea.KeyPressMsg:
		if m.picker.IsOpen() {
			return m, m.pickerKey(msg)
		}
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) onExperiment(msg views.Loaded[client.Experiment]) tea.Cmd {
	if msg.Req != m.expReq {
		return nil
	}
	m.expReq = views.Request{}
	if msg.Err != nil {
		m.loading = false
		m.loadErr, m.failed = msg.Err, client.KindOf(msg.Err) != client.KindNotFound
		return nil
	}
	e := msg.Value
	m.exp, m.expIDs = &e, []string{e.ID}
	m.restoreColumns()
	return m.query(false)
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	n := len(m.rows)
	switch {
	case m.Navigate(k, m.keys.Nav):
	case key.Matches(k, m.keys.Left):
		m.Table.ScrollColumns(-1)
	case key.Matches(k, m.keys.Right):
		m.Table.ScrollColumns(1)
	case key.Matches(k, m.keys.Open):
		return m.Open()
	case key.Matches(k, m.keys.Mark):
		if r, ok := m.Selected(); ok {
			m.env.Marks.Toggle(r)
			m.Table.Move(1, n)
		}
	case key.Matches(k, m.keys.ClearMarks):
		m.env.Marks.Clear()
	case key.Matches(k, m.keys.Fold):
		m.toggleFold()
	case key.Matches(k, m.keys.ExpandAll):
		for _, id := range Parents(m.runs) {
			m.expanded[id] = true
		}
		m.rebuild(m.selectedID())
	case key.Matches(k, m.keys.CollapseAll):
		keep := m.rootOfSelected()
		m.expanded = map[string]bool{}
		m.rebuild(keep)
	case key.Matches(k, m.keys.Chart):
		return m.openWith(views.KindChart)
	case key.Matches(k, m.keys.Watch):
		if r, ok := m.Selected(); ok {
			return views.Open(views.OpenMsg{Kind: views.KindChart, RunIDs: []string{r.Info.RunID}, Runs: []client.Run{r}, Watch: true})
		}
	case key.Matches(k, m.keys.Diff):
		return m.openWith(views.KindDiff)
	case key.Matches(k, m.keys.CopyID):
		if r, ok := m.Selected(); ok {
			return views.Copy(r.Info.RunID, "run id")
		}
	case key.Matches(k, m.keys.Sort):
		m.openSortPicker()
	case key.Matches(k, m.keys.Reverse):
		m.sortDesc = !m.sortDesc
		return m.resort()
	case key.Matches(k, m.keys.Columns):
		m.openColumnPicker()
	case key.Matches(k, m.keys.ShowDeleted):
		m.showDeleted = !m.showDeleted
		return m.query(false)
	case key.Matches(k, m.keys.Refresh):
		return m.query(m.loaded)
	case key.Matches(k, m.keys.GroupBy):
		m.openGroupPicker()
	case key.Matches(k, m.keys.Scatter):
		return m.openAll(views.KindScatter)
	case key.Matches(k, m.keys.Parallel):
		return m.openMarkedOrAll(views.KindParallel)
	}
	return nil
}

// openAll opens a screen over every loaded run (marked ones stand out
// there), starting from the metric sorted by.
func (m *Model) openAll(kind views.Kind) tea.Cmd {
	if len(m.runs) == 0 {
		return views.Toast(views.LevelInfo, "no runs to plot")
	}
	return views.Open(views.OpenMsg{Kind: kind, Experiment: m.exp, ExperimentIDs: m.expIDs, Runs: m.runs, Metric: m.sortMetric(), Filter: m.applied})
}

// openMarkedOrAll opens a screen over the marked runs (RunIDs says they
// are a choice), or every loaded run when none is marked.
func (m *Model) openMarkedOrAll(kind views.Kind) tea.Cmd {
	runs := m.env.Marks.Runs()
	if len(runs) == 0 {
		return m.openAll(kind)
	}
	return views.Open(views.OpenMsg{Kind: kind, Experiment: m.exp, ExperimentIDs: m.expIDs, RunIDs: m.env.Marks.IDs(), Runs: runs, Metric: m.sortMetric(), Filter: m.applied})
}

// sortMetric is the metric the table is sorted by, "" when it is sorted by
// something else.
func (m *Model) sortMetric() string {
	k, _ := strings.CutPrefix(m.sortCol, metricPref)
	if k == m.sortCol {
		return ""
	}
	return k
}

func (m *Model) selectedID() string {
	r, _ := m.Selected()
	return r.Info.RunID
}

func (m *Model) toggleFold() {
	c := m.Table.Cursor()
	if c < 0 || c >= len(m.rows) {
		return
	}
	row := m.rows[c]
	id := m.runs[row.Index].Info.RunID
	if row.Children == 0 {
		// On a child: fold its parent and land on it.
		if row.Depth > 0 {
			p := m.runs[row.Index].ParentRunID()
			m.expanded[p] = false
			m.rebuild(p)
		}
		return
	}
	m.expanded[id] = !m.expanded[id]
	m.rebuild(id)
}

// rootOfSelected is the top-level ancestor of the selected run (where the
// cursor lands when everything folds).
func (m *Model) rootOfSelected() string {
	c := m.Table.Cursor()
	for c >= 0 && c < len(m.rows) && m.rows[c].Depth > 0 {
		c--
	}
	if c < 0 || c >= len(m.rows) {
		return ""
	}
	return m.runs[m.rows[c].Index].Info.RunID
}

// openWith opens the chart or diff of the marked runs, or of the selected
// run when nothing is marked.
func (m *Model) openWith(kind views.Kind) tea.Cmd {
	runs := m.env.Marks.Runs()
	if len(runs) == 0 {
		if r, ok := m.Selected(); ok {
			runs = []client.Run{r}
		}
	}
	if len(runs) == 0 {
		return views.Toast(views.LevelInfo, "no runs to %s", kind)
	}
	if kind == views.KindDiff {
		if len(runs) < 2 {
			return views.Toast(views.LevelInfo, "mark two or more runs with space to diff them")
		}
		return views.OpenDiff(runs)
	}
	return views.OpenChart(runs, m.sortMetric())
}

// resort applies the sort: on the server (re-query) when it can order by
// the column, otherwise here.
func (m *Model) resort() tea.Cmd {
	m.Table.SetSort(m.sortCol, m.sortDesc)
	if orderClause(m.sortCol, m.sortDesc) == "" {
		m.rebuild(m.selectedID())
		return nil
	}
	return m.query(false)
}

// SetFilter re-queries with a new filter; on a malformed filter the old
// rows stay and the error shows under the filter.
func (m *Model) SetFilter(text string) tea.Cmd {
	if text == m.Filter() && m.FilterError() == "" && m.loaded {
		return nil
	}
	m.SetFilterText(text)
	if text == "" {
		m.SetFilterError("")
	}
	return m.query(false)
}

// Focused refreshes quietly when the user comes back from a run.
func (m *Model) Focused() tea.Cmd {
	if !m.Waiting() && m.loaded && len(m.runs) <= refreshAllUpTo {
		return m.query(true)
	}
	return nil
}
