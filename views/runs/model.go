// Package runs is the runs table of one experiment: pages stream in,
// only visible rows render, metric and param columns are chosen per
// experiment and remembered, sorting and filtering run on the store,
// nested runs fold under their parents, space marks runs for the chart
// and diff screens, RUNNING runs refresh and are flagged when stale.
package runs

import (
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/config"
	"mltui/keys"
	"mltui/views"
	"mltui/views/components/listscreen"
	"mltui/views/components/picker"
)

// Page sizes: a small first page paints fast; later pages are big.
const (
	firstPage = 200
	laterPage = 1000
	// maxRuns caps how many runs one table holds.
	maxRuns = 100000
	// refreshAllUpTo: below this many runs a refresh re-reads every page;
	// above it only the RUNNING runs are re-read.
	refreshAllUpTo = 5000
)

// Model is the runs table screen.
type Model struct {
	listscreen.Frame[client.Run]
	env  views.Env
	keys keys.Runs

	exp     *client.Experiment
	expIDs  []string
	expName string // to resolve when opened by name
	expReq  views.Request

	runs     []client.Run
	gpu      map[string]gpuStat // by run ID: the system columns' figures
	gpuBusy  bool
	rows     []Row
	expanded map[string]bool
	cols     config.Columns
	colsSet  bool // chosen (remembered or defaulted)

	// query state (the frame has the filter typed last, which may have
	// failed, and the store's complaint about it)
	applied     string // filter of the rows shown
	sortCol     string
	sortDesc    bool
	showDeleted bool

	// streaming (the frame has the request in flight)
	incoming  []client.Run // a refresh's rows, swapped in when complete
	refresh   bool         // the running query is a background refresh
	loading   bool
	pages     int
	loaded    bool // a first page has arrived at least once
	truncated bool // stopped at maxRuns
	loadErr   error
	failed    bool // the last load failed: the next tick retries

	picker picker.Slot // "columns", "sort" or "groups"
}

// New is the views.Factory for KindRuns. It takes the experiment from
// req.Experiment, req.ExperimentIDs or req.ExperimentName.
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	m := &Model{
		env:      env,
		keys:     env.Keys.Runs(),
		expanded: map[string]bool{},
		exp:      req.Experiment,
		expIDs:   req.ExperimentIDs,
		expName:  req.ExperimentName,
		sortCol:  colStarted,
		sortDesc: true,
	}
	m.Frame = listscreen.New(env, listscreen.Spec[client.Run]{
		ID:           func(r client.Run) string { return r.Info.RunID },
		Filter:       views.FilterQuery,
		Placeholder:  "metrics.accuracy > 0.9 and params.max_depth = '5' and status = 'FINISHED'",
		StayWhenGone: true,
		Open: func(r client.Run) tea.Cmd {
			return views.Open(views.OpenMsg{Kind: views.KindRun, RunIDs: []string{r.Info.RunID}, Runs: []client.Run{r}, Experiment: m.exp})
		},
	})
	if m.exp != nil && len(m.expIDs) == 0 {
		m.expIDs = []string{m.exp.ID}
	}
	if m.exp == nil && len(m.expIDs) == 0 && m.expName == "" {
		return nil, errNoExperiment
	}
	m.restoreColumns()
	m.Table.SetSort(m.sortCol, m.sortDesc)
	m.SetFilterText(req.Filter)
	return m, nil
}

type screenError string

func (e screenError) Error() string { return string(e) }

const errNoExperiment = screenError("runs: no experiment given")

// restoreColumns takes the remembered columns for the experiment.
func (m *Model) restoreColumns() {
	if len(m.expIDs) != 1 {
		return
	}
	if c, ok := m.env.Config.Columns[m.expIDs[0]]; ok && (len(c.Metrics) > 0 || len(c.Params) > 0) {
		m.cols, m.colsSet = c, true
	}
	m.Table.SetColumns(tableColumns(m.cols))
}

// Init resolves the experiment if needed and loads the first page.
func (m *Model) Init() tea.Cmd {
	if len(m.expIDs) == 0 {
		return m.resolveExperiment()
	}
	return m.query(false)
}

// Title is the experiment name.
func (m *Model) Title() string {
	switch {
	case m.exp != nil:
		return m.exp.Name
	case m.expName != "":
		return m.expName
	default:
		return "runs"
	}
}

// CurrentExperiment lets ":runs" without a name reopen this experiment.
func (m *Model) CurrentExperiment() (client.Experiment, bool) {
	if m.exp == nil {
		return client.Experiment{}, false
	}
	return *m.exp, true
}

// KeyMap is the help (the picker's while it is open).
func (m *Model) KeyMap() help.KeyMap {
	return m.picker.KeyMap(m.keys)
}

// CapturingInput is true while a picker is open (it takes letters).
func (m *Model) CapturingInput() bool { return m.picker.IsOpen() }

// Runs are the loaded runs in table order (tests, benchmarks).
func (m *Model) Runs() []client.Run { return m.runs }

// SetRuns replaces the loaded runs as if one complete query had returned
// them (benchmarks and golden tests drive the table without a store).
func (m *Model) SetRuns(runs []client.Run) {
	m.runs = runs
	m.loaded = true
	m.ensureColumns()
	m.rebuild("")
}

// rebuild recomputes the visible rows, keeping the cursor on keepID.
func (m *Model) rebuild(keepID string) {
	switch {
	case m.sortCol == colDuration:
		sortByDuration(m.runs, m.sortDesc, m.env.Now())
	case strings.HasPrefix(m.sortCol, sysPref):
		sortBySystem(m.runs, m.gpu, m.sortCol[len(sysPref):], m.sortDesc)
	}
	m.rows = BuildRows(m.runs, m.expanded)
	order := make([]int, len(m.rows))
	for i, r := range m.rows {
		order[i] = r.Index
	}
	m.Show(m.runs, order, keepID)
}

// ensureColumns picks default columns from the first loaded runs when
// nothing is remembered for this experiment.
func (m *Model) ensureColumns() {
	if m.colsSet || len(m.runs) == 0 {
		return
	}
	m.cols = DefaultColumns(m.runs, defaultMetrics, defaultParams)
	m.colsSet = true
	m.Table.SetColumns(tableColumns(m.cols))
}
