// Package groups is the runs of a table grouped by the values of some
// params (or tags): one row per group with its count and, per metric, the
// mean, std, min and max (NaN and Inf counted apart), unfolded to its
// runs; sorted by any aggregate; beside it, which params matter for the
// sorted metric. It works on the runs the table already loaded, so it
// reads nothing from the store itself.
package groups

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/keys"
	"mltui/sweep"
	"mltui/views"
	"mltui/views/components/listscreen"
	"mltui/views/components/picker"
)

// maxMetrics is how many metric blocks the table shows by default.
const maxMetrics = 3

// Model is the grouped runs screen.
type Model struct {
	listscreen.Frame[row]
	env  views.Env
	keys keys.Groups

	exp    *client.Experiment
	expIDs []string
	filter string // the runs table's filter these runs came through

	runs    []client.Run
	by      []string
	metrics []string

	groups   []sweep.Group
	members  [][]int // per group, its runs in display order (indexes into groups[g].Runs)
	order    []int   // groups in display order
	expanded map[string]bool
	imps     []sweep.Importance

	sortMetric string
	sortAgg    string // "mean", "min", "max", "std", "n" or aggGroup
	sortDesc   bool

	showImp bool        // the importance table instead of the groups (narrow screens)
	picker  picker.Slot // "sort", "by" or "metrics"
}

// aggGroup sorts by the grouped values themselves.
const aggGroup = "group"

// row is one line: a group, or one run of an unfolded group.
type row struct {
	g   int // index into Model.groups
	run int // index into groups[g].Runs; -1 for the group's own line
}

// New is the views.Factory for KindGroups: it groups req.Runs by
// req.GroupBy, judged first by req.Metric.
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if len(req.Runs) == 0 {
		return nil, errors.New("groups: no runs to group")
	}
	m := &Model{
		env:      env,
		keys:     env.Keys.Groups(),
		exp:      req.Experiment,
		expIDs:   req.ExperimentIDs,
		filter:   req.Filter,
		runs:     req.Runs,
		by:       req.GroupBy,
		expanded: map[string]bool{},
		sortAgg:  "mean",
	}
	m.metrics = defaultMetrics(req.Runs, req.Metric)
	if len(m.by) == 0 && len(m.metrics) > 0 {
		m.by = sweep.Strongest(sweep.Importances(m.runs, m.metrics[0], sweep.VaryingParams(m.runs)), 2)
	}
	if len(m.by) == 0 {
		return nil, errors.New("groups: no param varies among these runs")
	}
	if len(m.metrics) > 0 {
		m.sortMetric = m.metrics[0]
		m.sortDesc = !env.Config.LowerIsBetter(m.sortMetric)
	} else {
		m.sortAgg = aggGroup
	}
	m.Frame = listscreen.New(env, listscreen.Spec[row]{
		ID:          m.rowID,
		Order:       m.visible,
		Filter:      views.FilterFuzzy,
		Placeholder: "a group's values",
		Layout:      listscreen.Layout{SideFrom: 120, SideMax: 52},
		Open:        m.open,
	})
	m.regroup()
	return m, nil
}

// defaultMetrics puts metric first, then the first others (system
// metrics last), up to maxMetrics.
func defaultMetrics(runs []client.Run, metric string) []string {
	all, _ := client.AllKeys(runs)
	var out []string
	if metric != "" {
		out = append(out, metric)
	}
	for _, sys := range []bool{false, true} {
		for _, k := range all {
			if len(out) == maxMetrics {
				return out
			}
			if k != metric && strings.HasPrefix(k, "system/") == sys {
				out = append(out, k)
			}
		}
	}
	return out
}

// Init has nothing to load: the runs came with the request.
func (m *Model) Init() tea.Cmd { return nil }

// Title names the grouping.
func (m *Model) Title() string {
	return "groups by " + strings.Join(m.by, ", ")
}

// KeyMap is the help (the picker's while it is open).
func (m *Model) KeyMap() help.KeyMap {
	return m.picker.KeyMap(m.keys)
}

// CapturingInput is true while a picker is open (it takes letters).
func (m *Model) CapturingInput() bool { return m.picker.IsOpen() }

// Groups are the groups in display order (tests).
func (m *Model) Groups() []sweep.Group {
	out := make([]sweep.Group, len(m.order))
	for i, g := range m.order {
		out[i] = m.groups[g]
	}
	return out
}

func (m *Model) rowID(r row) string {
	g := m.groups[r.g]
	if r.run < 0 {
		return "g\x00" + strings.Join(g.Values, "\x00")
	}
	return g.Runs[r.run].Info.RunID
}

// open unfolds or folds a group, or opens a run.
func (m *Model) open(r row) tea.Cmd {
	if r.run < 0 {
		m.toggle(r.g)
		return nil
	}
	run := m.groups[r.g].Runs[r.run]
	return views.Open(views.OpenMsg{Kind: views.KindRun, RunIDs: []string{run.Info.RunID}, Runs: []client.Run{run}, Experiment: m.exp})
}
