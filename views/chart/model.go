// Package chart is the metric chart screen: one metric (or a grid of
// several) for the selected or marked runs, overlaid with one stable colour
// per run. It paints the server's sample first and refines to every point
// in the background, follows live runs, and offers zoom, pan, a cursor
// readout, smoothing, log y and three x axes.
package chart

import (
	"sort"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	plot "mltui/chart"
	"mltui/client"
	"mltui/client/history"
	"mltui/keys"
	"mltui/theme"
	"mltui/views"
	"mltui/views/components/picker"
	"mltui/views/components/picture"
	"mltui/watch"
)

// maxPanels bounds the grid: nine charts are already small at 250x70.
const maxPanels = 9

// redrawEvery throttles how often new data reaches the charts (live tails,
// finished refinements): each redraw re-bins every series.
const redrawEvery = 150 * time.Millisecond

// Model is the chart screen.
type Model struct {
	env    views.Env
	keys   keys.Chart
	cache  *history.Cache
	paints plot.Styles

	ids   []string
	runs  map[string]client.Run
	slots map[string]int

	by     []string    // grouping keys the screen was opened with
	groups []bandGroup // the runs grouped by them
	banded bool        // draw the groups as bands (g toggles)

	watchMode bool           // opened as a run's live view (w)
	alerter   *watch.Alerter // the config's alert rules, once per run and rule

	want    string   // the metric asked for when opened
	metrics []string // every metric key the runs have, sorted
	panels  []*panel
	focus   int
	grid    bool

	axis     plot.XAxis
	logY     bool
	smooth   float64
	zoomed   bool
	xlo, xhi float64
	cursorOn bool
	cursor   float64

	picker *picker.Model

	images    stepImages                  // the step images beside the charts
	imagesErr error                       // why they could not be listed
	imgIdx    int                         // the one shown
	imgAsked  bool                        // the listing was asked for
	pictures  map[string]*picture.Picture // by path: decoded, or nil while read
	pics      picture.Pane

	width, height int

	refineQ  []history.Key
	refining map[history.Key]bool
	failed   map[history.Key]error
	runsErr  error
	runsBusy bool
	tailBusy bool

	throttle     time.Duration
	lastApply    time.Time
	flushPending bool
	dataDirty    bool
}

// panel is one metric's chart.
type panel struct {
	metric   string
	plot     *plot.Plot
	snaps    map[string]history.Snapshot
	loaded   bool // the first load answered
	err      error
	rangeReq views.Request // the zoom range request whose answer is wanted
	means    map[string]cachedMean
}

// New is the views.Factory for KindChart: req.RunIDs in order (marked runs,
// or the selected one), req.Runs when the sender has them, req.Metric to
// draw first ("" picks a loss-like metric).
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if len(req.RunIDs) == 0 {
		return nil, errNoRuns
	}
	m := &Model{
		env:      env,
		keys:     env.Keys.Chart(),
		cache:    history.New(env.Store, history.Options{Local: env.Info.Local()}),
		paints:   plot.Paints(env.Theme),
		ids:      append([]string(nil), req.RunIDs...),
		runs:     map[string]client.Run{},
		want:     req.Metric,
		refining: map[history.Key]bool{},
		failed:   map[history.Key]error{},
		throttle: redrawEvery,
		pictures: map[string]*picture.Picture{},
		pics:     picture.NewPane(env),
		by:       append([]string(nil), req.GroupBy...),
		banded:   len(req.GroupBy) > 0,

		watchMode: req.Watch,
	}
	slots := theme.SeriesSlots(m.ids)
	m.slots = make(map[string]int, len(m.ids))
	for i, id := range m.ids {
		m.slots[id] = slots[i]
	}
	for _, r := range req.Runs {
		m.runs[r.Info.RunID] = r
	}
	return m, nil
}

type chartError string

func (e chartError) Error() string { return string(e) }

const errNoRuns = chartError("chart: no runs selected")

// Init loads the runs (unless they were handed over) and the first metric.
func (m *Model) Init() tea.Cmd {
	if !m.haveAllRuns() {
		return m.loadRuns()
	}
	return m.start()
}

func (m *Model) haveAllRuns() bool {
	for _, id := range m.ids {
		if _, ok := m.runs[id]; !ok {
			return false
		}
	}
	return true
}

// start picks the metrics once the runs are known and loads them.
func (m *Model) start() tea.Cmd {
	if m.alerter == nil {
		// Runs live when the screen opens are watched from here on.
		m.alerter = watch.NewAlerter(m.env.Config.AlertRules())
		for _, id := range m.ids {
			m.alerter.Seen(m.runs[id])
		}
	}
	m.collectMetrics()
	m.buildGroups()
	if len(m.panels) == 0 && m.watchMode && len(m.ids) > 0 {
		for _, k := range watchMetrics(m.runs[m.ids[0]]) {
			m.panels = append(m.panels, m.newPanel(k))
		}
		m.grid = len(m.panels) > 1
	}
	if len(m.panels) == 0 {
		first := m.want
		if first == "" {
			first = defaultMetric(m.metrics)
		}
		if first == "" {
			return nil
		}
		m.panels = []*panel{m.newPanel(first)}
	}
	m.layout()
	return m.loadPanels()
}

// collectMetrics gathers the metric keys the runs have logged.
func (m *Model) collectMetrics() {
	seen := map[string]bool{}
	m.metrics = m.metrics[:0]
	for _, id := range m.ids {
		for _, mt := range m.runs[id].Data.Metrics {
			if !seen[mt.Key] {
				seen[mt.Key] = true
				m.metrics = append(m.metrics, mt.Key)
			}
		}
	}
	if m.want != "" && !seen[m.want] {
		m.metrics = append(m.metrics, m.want)
	}
	sort.Strings(m.metrics)
}

// defaultMetric prefers a training loss, as a person would.
func defaultMetric(metrics []string) string {
	for _, pref := range []string{"train_loss", "loss", "training_loss", "val_loss"} {
		for _, k := range metrics {
			if k == pref {
				return k
			}
		}
	}
	if len(metrics) > 0 {
		return metrics[0]
	}
	return ""
}

func (m *Model) newPanel(metric string) *panel {
	return &panel{metric: metric, plot: plot.NewPlot(m.paints), snaps: map[string]history.Snapshot{}, means: map[string]cachedMean{}}
}

// Title is the breadcrumb segment.
func (m *Model) Title() string {
	if len(m.panels) == 0 {
		return "chart"
	}
	if m.grid && len(m.panels) > 1 {
		return "chart: " + m.panels[0].metric + " +" + itoa(len(m.panels)-1)
	}
	return "chart: " + m.panels[0].metric
}

// KeyMap feeds the help.
func (m *Model) KeyMap() help.KeyMap {
	if m.picker != nil {
		return m.picker.KeyMap()
	}
	return m.keys
}

// CapturingInput is true while the metric picker is open (it takes
// letters and esc).
func (m *Model) CapturingInput() bool { return m.picker != nil }

// SetSize lays the charts out for the body area.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}
