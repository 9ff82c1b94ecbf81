package groups

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/sweep"
	"mltui/views"
	"mltui/views/components/picker"
)

// maxChartGroups is how many groups one band chart compares: more bands
// than colours would be unreadable.
const maxChartGroups = 8

// Update handles keys and mouse.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
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

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.showImp && key.Matches(k, m.keys.Importance):
		m.showImp = false
	case m.showImp:
		return nil // the importance table has no other keys
	case m.Navigate(k, m.keys.Nav):
	case key.Matches(k, m.keys.Open):
		return m.Open()
	case key.Matches(k, m.keys.Fold):
		if r, ok := m.Selected(); ok {
			m.toggle(r.g)
		}
	case key.Matches(k, m.keys.Left):
		m.Table.ScrollColumns(-1)
	case key.Matches(k, m.keys.Right):
		m.Table.ScrollColumns(1)
	case key.Matches(k, m.keys.Mark):
		m.mark()
	case key.Matches(k, m.keys.Sort):
		m.openSortPicker()
	case key.Matches(k, m.keys.Reverse):
		m.sortDesc = !m.sortDesc
		m.resort()
	case key.Matches(k, m.keys.By):
		m.openByPicker()
	case key.Matches(k, m.keys.Metrics):
		m.openMetricPicker()
	case key.Matches(k, m.keys.Importance):
		if !m.Beside() {
			m.showImp = true
		}
	case key.Matches(k, m.keys.Chart):
		return m.chart()
	case key.Matches(k, m.keys.ShowRuns):
		if f, ok := m.selectedFilter(); ok {
			return views.Open(views.OpenMsg{Kind: views.KindRuns, Experiment: m.exp, ExperimentIDs: m.expIDs, Filter: f})
		}
		return views.Toast(views.LevelWarning, "this group cannot be written as an MLflow filter (a run lacks a value, or a value holds ')")
	case key.Matches(k, m.keys.CopyFilter):
		if f, ok := m.selectedFilter(); ok {
			return views.Copy(f, "filter")
		}
		return views.Toast(views.LevelWarning, "this group cannot be written as an MLflow filter (a run lacks a value, or a value holds ')")
	}
	return nil
}

func (m *Model) selectedFilter() (string, bool) {
	r, ok := m.Selected()
	if !ok {
		return "", false
	}
	return m.groupFilter(r.g)
}

// mark toggles the selected run, or every run of the selected group
// (all marked: all unmarked).
func (m *Model) mark() {
	r, ok := m.Selected()
	if !ok {
		return
	}
	marks := m.env.Marks
	if r.run >= 0 {
		marks.Toggle(m.groups[r.g].Runs[r.run])
		m.Table.Move(1, m.Len())
		return
	}
	runs := m.groups[r.g].Runs
	all := true
	for _, run := range runs {
		all = all && marks.Has(run.Info.RunID)
	}
	for _, run := range runs {
		if all || !marks.Has(run.Info.RunID) {
			marks.Toggle(run)
		}
	}
}

// chart opens the band chart of the first groups in display order.
func (m *Model) chart() tea.Cmd {
	if m.sortMetric == "" && len(m.metrics) == 0 {
		return views.Toast(views.LevelInfo, "these runs have no metrics to chart")
	}
	metric := m.sortMetric
	if metric == "" {
		metric = m.metrics[0]
	}
	var runs []client.Run
	n := min(len(m.order), maxChartGroups)
	for _, g := range m.order[:n] {
		runs = append(runs, m.groups[g].Runs...)
	}
	open := views.Open(views.OpenMsg{Kind: views.KindChart, RunIDs: runIDs(runs), Runs: runs, Metric: metric, GroupBy: m.by, Experiment: m.exp})
	if n < len(m.order) {
		return tea.Batch(open, views.Toast(views.LevelInfo, "charting the first %d of %d groups (sort with o to choose)", n, len(m.order)))
	}
	return open
}

func runIDs(runs []client.Run) []string {
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.Info.RunID
	}
	return ids
}

func (m *Model) openSortPicker() {
	items := []picker.Item{{Label: "group values", Value: aggGroup}, {Label: "runs in the group", Value: "n"}}
	for _, mt := range m.metrics {
		for _, a := range aggs {
			items = append(items, picker.Item{Label: mt + " " + a, Value: a + "\x00" + mt})
		}
	}
	cur := m.sortAgg + "\x00" + m.sortMetric
	if m.sortAgg == aggGroup || m.sortAgg == "n" {
		cur = m.sortAgg
	}
	for i := range items {
		if items[i].Value == cur {
			items[i].Note = picker.CurrentNote(m.sortDesc)
		}
	}
	m.picker.Open("sort", picker.New("sort groups by", items, false))
}

func (m *Model) openByPicker() {
	var items []picker.Item
	for _, p := range sweep.VaryingParams(m.runs) {
		items = append(items, picker.Item{Label: p, Value: p, Checked: slices.Contains(m.by, p)})
	}
	m.picker.Open("by", picker.New("group by", items, true))
}

func (m *Model) openMetricPicker() {
	all, _ := client.AllKeys(m.runs)
	var items []picker.Item
	for _, k := range m.metrics {
		items = append(items, picker.Item{Label: k, Value: k, Checked: true})
	}
	for _, k := range all {
		if !slices.Contains(m.metrics, k) {
			items = append(items, picker.Item{Label: k, Value: k})
		}
	}
	m.picker.Open("metrics", picker.New("metrics to summarise", items, true))
}

func (m *Model) pickerKey(k tea.KeyPressMsg) tea.Cmd {
	kind, res, ok := m.picker.Update(k)
	if !ok {
		return nil
	}
	switch kind {
	case "sort":
		m.setSort(res.Chosen)
	case "by":
		if len(res.Values) == 0 {
			return views.Toast(views.LevelInfo, views.GroupByHint)
		}
		m.by = res.Values
		m.expanded = map[string]bool{}
		m.regroup()
	case "metrics":
		if len(res.Values) == 0 {
			return views.Toast(views.LevelInfo, "check one or more metrics with space")
		}
		m.metrics = res.Values
		if !slices.Contains(m.metrics, m.sortMetric) {
			m.sortMetric = m.metrics[0]
			if m.sortAgg != aggGroup && m.sortAgg != "n" {
				m.sortDesc = !m.env.Config.LowerIsBetter(m.sortMetric)
			}
		}
		m.regroup()
	}
	return nil
}

// setSort applies a sort choice; choosing the current one reverses it.
func (m *Model) setSort(v string) {
	if v == "" {
		return
	}
	agg, metric, _ := strings.Cut(v, "\x00")
	if agg == m.sortAgg && (metric == "" || metric == m.sortMetric) {
		m.sortDesc = !m.sortDesc
		m.resort()
		return
	}
	m.sortAgg = agg
	switch {
	case metric != "":
		changed := metric != m.sortMetric
		m.sortMetric = metric
		// Best first for mean/min/max; the widest spread first for std.
		m.sortDesc = !m.env.Config.LowerIsBetter(metric)
		if agg == "std" {
			m.sortDesc = true
		}
		if changed {
			m.imps = sweep.Importances(m.runs, metric, sweep.VaryingParams(m.runs))
		}
	case agg == "n":
		m.sortDesc = true
	default:
		m.sortDesc = false
	}
	m.resort()
}
