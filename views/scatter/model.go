// Package scatter is the scatter plot screen: one point per run, a metric
// or param on each axis (log scale, categorical params as lanes), coloured
// by a third column; a cursor walks between points and opens runs.
package scatter

import (
	"errors"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	plot "mltui/chart"
	"mltui/client"
	"mltui/keys"
	"mltui/views"
	"mltui/views/components/picker"
)

// Model is the scatter screen.
type Model struct {
	env    views.Env
	keys   keys.Scatter
	exp    *client.Experiment
	runs   []client.Run
	cols   []column // every metric then every param
	styles plot.ScatterStyles

	x, y, color   int // indices into cols; color -1 = none
	logX, logY    bool
	picker        picker.Slot // "x", "y" or "color"
	cursor        int         // index into plotted
	width, height int

	// The layout, rebuilt when the axes or size change (see layout.go).
	layout  *layout
	version int // bumped on every axis change
}

// New is the views.Factory for KindScatter: req.Runs are the runs to plot,
// req.Metric the default y.
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if len(req.Runs) == 0 {
		return nil, errors.New("scatter: no runs to plot")
	}
	m := &Model{
		env:    env,
		keys:   env.Keys.Scatter(),
		exp:    req.Experiment,
		runs:   req.Runs,
		styles: paints(env),
		color:  -1,
	}
	m.cols = columns(m.runs)
	m.x, m.y = defaultAxes(m.cols, req.Metric)
	return m, nil
}

// Init has nothing to load: the runs came with the request.
func (m *Model) Init() tea.Cmd { return nil }

// Title is the breadcrumb.
func (m *Model) Title() string { return "scatter" }

// KeyMap is the picker's while one is open.
func (m *Model) KeyMap() help.KeyMap {
	return m.picker.KeyMap(m.keys)
}

// CapturingInput: the picker takes typed text.
func (m *Model) CapturingInput() bool { return m.picker.IsOpen() }

// SetSize is the body area.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }
