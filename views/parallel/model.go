// Package parallel is the parallel-coordinates screen: chosen params and
// a metric as vertical axes, one line per run between neighbouring axes,
// coloured by the metric. Brushes on the axes (a range, or chosen lanes
// of a categorical param) pick runs out; the brush is written as an
// MLflow filter to copy or to open the runs table on.
package parallel

import (
	"errors"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	plot "mltui/chart"
	"mltui/client"
	"mltui/keys"
	"mltui/sweep"
	"mltui/theme"
	"mltui/views"
	"mltui/views/components/picker"
)

// Model is the parallel-coordinates screen.
type Model struct {
	env    views.Env
	keys   keys.Parallel
	exp    *client.Experiment
	expIDs []string
	// runsFilter is the runs table's filter these runs came through; the
	// brush's filter is ANDed with it.
	runsFilter string
	subset     bool // the runs are the marked ones, not all the table loaded

	runs   []client.Run
	cols   []column // every param then every metric
	axes   []axis
	focus  int // index into axes
	styles theme.ParallelStyles
	paints plot.ParallelPaints
	glyphs glyphs

	picker        picker.Slot // "axes"
	width, height int

	layout  *layout // see layout.go
	version int     // bumped when the axes or a scale change
	brushV  int     // bumped when a brush changes
	member  membership
	filt    filterCache
	frame   struct {
		key  frameKey
		text string
	}
}

// membership is which runs the brushes hold, for one brushV.
type membership struct {
	version int
	in      []bool
	n       int
}

// New is the views.Factory for KindParallel: req.Runs are the runs to
// draw (req.RunIDs set when they are the marked ones, not every loaded
// run), req.Metric the metric axis (and colour), req.Filter the runs
// table's filter they came through.
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if len(req.Runs) == 0 {
		return nil, errors.New("parallel coordinates: no runs to draw")
	}
	m := &Model{
		env:        env,
		keys:       env.Keys.Parallel(),
		exp:        req.Experiment,
		expIDs:     req.ExperimentIDs,
		runsFilter: req.Filter,
		runs:       req.Runs,
		styles:     env.Theme.Parallel(),
		member:     membership{version: -1},
	}
	m.subset = len(req.RunIDs) > 0
	m.glyphs = newGlyphs(&m.styles)
	m.paints = plot.ParallelPaints{Out: plot.PaintOf(m.styles.Out)}
	for _, s := range m.styles.Ramp {
		m.paints.Ramp = append(m.paints.Ramp, plot.PaintOf(s))
	}
	m.cols = readColumns(m.runs)
	cols := defaultAxes(m.cols, sweep.VaryingParams(m.runs), req.Metric)
	if len(cols) < 2 {
		return nil, errors.New("parallel coordinates: fewer than two params and metrics to draw")
	}
	m.setAxes(cols)
	return m, nil
}

// setAxes replaces the axes (brushes on columns kept stay).
func (m *Model) setAxes(cols []int) {
	old := map[int]axis{}
	for _, a := range m.axes {
		old[a.col] = a
	}
	m.axes = m.axes[:0:0]
	for _, c := range cols {
		a, ok := old[c]
		if !ok {
			a = axis{col: c, log: wantsLog(&m.cols[c])}
		}
		a.fit(&m.cols[c])
		m.axes = append(m.axes, a)
	}
	m.focus = min(m.focus, len(m.axes)-1)
	m.version++
	m.brushV++
}

// colorAxis is the axis lines are coloured by: the last metric axis, -1
// when every axis is a param.
func (m *Model) colorAxis() int {
	for i := len(m.axes) - 1; i >= 0; i-- {
		if !m.cols[m.axes[i].col].Param {
			return i
		}
	}
	return -1
}

// members are the runs every active brush holds (a run lacking a brushed
// key is out; one lacking an unbrushed key is in, as the filter says).
func (m *Model) members() membership {
	if m.member.version == m.brushV {
		return m.member
	}
	in := m.member.in
	if len(in) != len(m.runs) {
		in = make([]bool, len(m.runs))
	}
	for i := range in {
		in[i] = true
	}
	for k := range m.axes {
		a := &m.axes[k]
		c := &m.cols[a.col]
		if !a.active(c) {
			continue
		}
		for i := range in {
			in[i] = in[i] && a.inside(c, i)
		}
	}
	n := 0
	for _, ok := range in {
		if ok {
			n++
		}
	}
	m.member = membership{version: m.brushV, in: in, n: n}
	return m.member
}

// Init has nothing to load: the runs came with the request.
func (m *Model) Init() tea.Cmd { return nil }

// Title is the breadcrumb.
func (m *Model) Title() string { return "parallel" }

// KeyMap is the picker's while one is open.
func (m *Model) KeyMap() help.KeyMap { return m.picker.KeyMap(m.keys) }

// CapturingInput: the picker takes typed text.
func (m *Model) CapturingInput() bool { return m.picker.IsOpen() }

// SetSize is the body area.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }
