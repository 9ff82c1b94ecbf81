package runs

import (
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/config"
	"mltui/sweep"
	"mltui/views"
	"mltui/views/components/picker"
)

func (m *Model) openColumnPicker() {
	metrics, params := client.AllKeys(m.runs)
	chosenM := map[string]bool{}
	chosenP := map[string]bool{}
	var items []picker.Item
	// Chosen columns first, in their order; the rest alphabetically.
	for _, k := range m.cols.Metrics {
		chosenM[k] = true
		items = append(items, picker.Item{Label: "metric  " + k, Value: metricPref + k, Checked: true})
	}
	for _, k := range m.cols.Params {
		chosenP[k] = true
		items = append(items, picker.Item{Label: "param   " + k, Value: paramPref + k, Checked: true})
	}
	for _, k := range metrics {
		if !chosenM[k] {
			items = append(items, picker.Item{Label: "metric  " + k, Value: metricPref + k})
		}
	}
	for _, k := range params {
		if !chosenP[k] {
			items = append(items, picker.Item{Label: "param   " + k, Value: paramPref + k})
		}
	}
	if m.hasGPU() || len(m.cols.System) > 0 {
		for _, c := range systemColumns {
			items = append(items, picker.Item{Label: "system  " + c.label, Value: sysPref + c.key, Checked: slices.Contains(m.cols.System, c.key)})
		}
	}
	m.picker.Open("columns", picker.New("columns for "+m.Title(), items, true))
}

func (m *Model) openSortPicker() {
	items := []picker.Item{
		{Label: "started", Value: colStarted},
		{Label: "name", Value: colName},
		{Label: "duration", Value: colDuration},
		{Label: "user", Value: colUser},
		{Label: "status", Value: colStatus},
	}
	metrics, params := client.AllKeys(m.runs)
	for _, k := range metrics {
		items = append(items, picker.Item{Label: "metric  " + k, Value: metricPref + k})
	}
	for _, k := range params {
		items = append(items, picker.Item{Label: "param   " + k, Value: paramPref + k})
	}
	if m.hasGPU() {
		for _, c := range systemColumns {
			items = append(items, picker.Item{Label: "system  " + c.label, Value: sysPref + c.key})
		}
	}
	for i := range items {
		if items[i].Value == m.sortCol {
			items[i].Note = picker.CurrentNote(m.sortDesc)
		}
	}
	m.picker.Open("sort", picker.New("sort by", items, false))
}

// openGroupPicker asks which params (or tags) to group the runs by; the
// two that explain the sorted (or first shown) metric best come checked.
func (m *Model) openGroupPicker() {
	params := sweep.VaryingParams(m.runs)
	if len(params) == 0 {
		return
	}
	checked := map[string]bool{}
	if metric := m.groupMetric(); metric != "" {
		for _, p := range sweep.Strongest(sweep.Importances(m.runs, metric, params), 2) {
			checked[p] = true
		}
	}
	items := make([]picker.Item, 0, len(params))
	for _, p := range params {
		items = append(items, picker.Item{Label: p, Value: p, Checked: checked[p]})
	}
	m.picker.Open("groups", picker.New("group "+m.Title()+" by", items, true))
}

// groupMetric is the metric groups are first judged by: the sorted one,
// else the first metric column.
func (m *Model) groupMetric() string {
	if k := m.sortMetric(); k != "" {
		return k
	}
	if len(m.cols.Metrics) > 0 {
		return m.cols.Metrics[0]
	}
	return ""
}

type saveResultMsg struct{ err error }

func (m *Model) pickerKey(k tea.KeyPressMsg) tea.Cmd {
	kind, res, ok := m.picker.Update(k)
	if !ok {
		return nil
	}
	switch kind {
	case "groups":
		if len(res.Values) == 0 {
			return views.Toast(views.LevelInfo, views.GroupByHint)
		}
		return views.Open(views.OpenMsg{Kind: views.KindGroups, Experiment: m.exp, ExperimentIDs: m.expIDs, Runs: m.runs,
			GroupBy: res.Values, Metric: m.groupMetric(), Filter: m.applied})
	case "sort":
		if res.Chosen == "" {
			return nil
		}
		if res.Chosen == m.sortCol {
			m.sortDesc = !m.sortDesc
		} else {
			m.sortCol = res.Chosen
			m.sortDesc = defaultDesc(res.Chosen, m.env.Config)
			m.ensureSortColumnShown()
		}
		m.Table.ShowColumn(m.sortCol)
		return tea.Batch(m.resort(), m.loadGPU())
	case "columns":
		var c config.Columns
		for _, v := range res.Values {
			switch {
			case strings.HasPrefix(v, metricPref):
				c.Metrics = append(c.Metrics, v[len(metricPref):])
			case strings.HasPrefix(v, paramPref):
				c.Params = append(c.Params, v[len(paramPref):])
			case strings.HasPrefix(v, sysPref):
				c.System = append(c.System, v[len(sysPref):])
			}
		}
		m.cols, m.colsSet = c, true
		m.Table.SetColumns(tableColumns(c))
		return tea.Batch(m.saveColumns(), m.loadGPU())
	}
	return nil
}

// ensureSortColumnShown adds a metric or param sort column to the table
// when it is not shown, so the order is visible (not saved).
func (m *Model) ensureSortColumnShown() {
	switch {
	case strings.HasPrefix(m.sortCol, metricPref):
		k := m.sortCol[len(metricPref):]
		for _, x := range m.cols.Metrics {
			if x == k {
				return
			}
		}
		m.cols.Metrics = append([]string{k}, m.cols.Metrics...)
	case strings.HasPrefix(m.sortCol, paramPref):
		k := m.sortCol[len(paramPref):]
		for _, x := range m.cols.Params {
			if x == k {
				return
			}
		}
		m.cols.Params = append([]string{k}, m.cols.Params...)
	case strings.HasPrefix(m.sortCol, sysPref):
		k := m.sortCol[len(sysPref):]
		if slices.Contains(m.cols.System, k) {
			return
		}
		m.cols.System = append(m.cols.System, k)
	default:
		return
	}
	m.Table.SetColumns(tableColumns(m.cols))
}

// saveColumns remembers the columns for this experiment in the config
// file. The write runs in a Cmd on a copy, so Update never waits on disk.
func (m *Model) saveColumns() tea.Cmd {
	if len(m.expIDs) != 1 {
		return nil
	}
	cfg := m.env.Config
	if cfg.Columns == nil {
		cfg.Columns = map[string]config.Columns{}
	}
	cfg.Columns[m.expIDs[0]] = m.cols
	if cfg.Path() == "" {
		return nil
	}
	snapshot := *cfg
	snapshot.Columns = maps.Clone(cfg.Columns)
	return func() tea.Msg { return saveResultMsg{err: snapshot.Save()} }
}
