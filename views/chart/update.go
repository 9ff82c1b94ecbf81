package chart

import (
	"math"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	plot "mltui/chart"
	"mltui/client"
	"mltui/views"
	"mltui/views/components/picker"
)

// smoothSteps are the weights s and S step through.
var smoothSteps = []float64{0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99}

// Update handles keys, load results, refresh ticks and throttled redraws;
// a Kitty picture that came into view is sent to the terminal.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	s, cmd := m.update(msg)
	return s, tea.Batch(cmd, m.syncImage())
}

func (m *Model) update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.Loaded[stepImages]:
		return m, m.imagesLoaded(msg)
	case views.Loaded[loadedPicture]:
		m.pictures[msg.Value.Path] = msg.Value.Pic
		return m, nil
	case views.Loaded[[]client.Run]:
		return m, m.runsLoaded(msg)
	case views.Loaded[firstResult]:
		return m, m.firstLoaded(msg)
	case views.Loaded[refineResult]:
		return m, m.refineLoaded(msg)
	case views.Loaded[rangeResult]:
		return m, m.rangeLoaded(msg)
	case views.Loaded[tailResult]:
		return m, m.tailLoaded(msg)
	case flushMsg:
		m.flushPending = false
		if m.dataDirty {
			m.applyAll()
		}
		return m, nil
	case views.TickMsg:
		return m, m.tick()
	case views.MouseMsg:
		return m, m.mouse(msg)
	case tea.KeyPressMsg:
		if m.picker != nil {
			return m, m.pickerKey(msg)
		}
		return m, m.key(msg)
	}
	return m, nil
}

// tick follows live runs and retries what failed.
func (m *Model) tick() tea.Cmd {
	if m.runsErr != nil && !m.runsBusy {
		m.runsErr = nil
		return m.loadRuns()
	}
	var cmds []tea.Cmd
	for _, p := range m.panels {
		if !p.loaded && p.err != nil {
			p.err = nil
			cmds = append(cmds, m.loadFirst(p.metric))
		}
	}
	if len(m.failed) > 0 {
		clear(m.failed)
		cmds = append(cmds, m.queueRefine())
	}
	cmds = append(cmds, m.loadTail())
	return tea.Batch(cmds...)
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.Metric):
		m.openPicker()
	case key.Matches(k, km.Grid):
		return m.toggleGrid()
	case key.Matches(k, km.NextPanel):
		if len(m.panels) > 0 {
			m.focus = (m.focus + 1) % len(m.panels)
			m.layout()
		}
	case key.Matches(k, km.PrevPanel):
		if len(m.panels) > 0 {
			m.focus = (m.focus + len(m.panels) - 1) % len(m.panels)
			m.layout()
		}
	case key.Matches(k, km.XAxis):
		m.axis = (m.axis + 1) % 3
		m.zoomed, m.cursorOn = false, false
		m.layout()
	case key.Matches(k, km.SmoothMore):
		m.smooth = nextSmooth(m.smooth, +1)
		m.layout()
	case key.Matches(k, km.SmoothLess):
		m.smooth = nextSmooth(m.smooth, -1)
		m.layout()
	case key.Matches(k, km.LogY):
		m.logY = !m.logY
		m.layout()
	case key.Matches(k, km.ZoomIn):
		return m.zoom(0.5)
	case key.Matches(k, km.ZoomOut):
		return m.zoom(2)
	case key.Matches(k, km.PanLeft):
		return m.pan(-0.25)
	case key.Matches(k, km.PanRight):
		return m.pan(0.25)
	case key.Matches(k, km.Reset):
		m.zoomed, m.cursorOn = false, false
		m.layout()
	case key.Matches(k, km.Cursor):
		m.cursorOn = !m.cursorOn
		if m.cursorOn {
			x := m.view()
			m.cursor = (x.Lo + x.Hi) / 2
		}
		m.layout()
	case key.Matches(k, km.CursorLeft):
		return m.moveCursor(-1)
	case key.Matches(k, km.CursorRight):
		return m.moveCursor(+1)
	case key.Matches(k, km.CursorJumpL):
		return m.moveCursor(-10)
	case key.Matches(k, km.CursorJumpR):
		return m.moveCursor(+10)
	case key.Matches(k, km.PrevImage):
		return m.stepImage(-1)
	case key.Matches(k, km.NextImage):
		return m.stepImage(+1)
	case key.Matches(k, km.Refresh):
		return m.reload()
	case key.Matches(k, km.Bands):
		return m.toggleBands()
	}
	return nil
}

// mouse: the wheel zooms (up in, down out) and pans with a sideways turn,
// as plotting tools do.
func (m *Model) mouse(msg views.MouseMsg) tea.Cmd {
	if m.picker != nil {
		return nil
	}
	switch msg.Action {
	case views.MouseWheelUp:
		return m.zoom(0.5)
	case views.MouseWheelDown:
		return m.zoom(2)
	case views.MouseWheelLeft:
		return m.pan(-0.25)
	case views.MouseWheelRight:
		return m.pan(0.25)
	}
	return nil
}

func nextSmooth(w float64, dir int) float64 {
	i := 0
	for j, s := range smoothSteps {
		if math.Abs(s-w) < 1e-9 {
			i = j
		}
	}
	return smoothSteps[min(max(i+dir, 0), len(smoothSteps)-1)]
}

func (m *Model) focused() *panel {
	if len(m.panels) == 0 {
		return nil
	}
	return m.panels[min(m.focus, len(m.panels)-1)]
}

// extent is the x range of all the data on the current axis.
func (m *Model) extent() (plot.Range, bool) {
	r := plot.Range{Lo: math.Inf(1), Hi: math.Inf(-1)}
	for _, p := range m.panels {
		if e, ok := p.plot.Extent(); ok {
			r.Lo, r.Hi = min(r.Lo, e.Lo), max(r.Hi, e.Hi)
		}
	}
	return r, r.Lo <= r.Hi
}

// view is the x range on screen.
func (m *Model) view() plot.Range {
	if m.zoomed {
		return plot.Range{Lo: m.xlo, Hi: m.xhi}
	}
	r, _ := m.extent()
	return r
}

// zoom scales the visible range by f around the cursor (or the middle),
// then fetches the new range exactly where histories are still sampled.
func (m *Model) zoom(f float64) tea.Cmd {
	ext, ok := m.extent()
	if !ok {
		return nil
	}
	cur := m.view()
	center := (cur.Lo + cur.Hi) / 2
	if m.cursorOn {
		center = m.cursor
	}
	half := (cur.Hi - cur.Lo) * f / 2
	if m.axis == plot.XStep {
		half = max(half, 2) // a few steps is as close as it gets
	}
	if 2*half >= ext.Hi-ext.Lo {
		m.zoomed = false
		m.layout()
		return nil
	}
	// Keep the cursor at the same place on screen when zooming around it.
	frac := 0.5
	if m.cursorOn && cur.Hi > cur.Lo {
		frac = (m.cursor - cur.Lo) / (cur.Hi - cur.Lo)
	}
	lo := center - 2*half*frac
	m.setView(lo, lo+2*half, ext)
	return m.fetchVisible()
}

func (m *Model) pan(f float64) tea.Cmd {
	if !m.zoomed {
		return nil
	}
	ext, _ := m.extent()
	d := (m.xhi - m.xlo) * f
	m.setView(m.xlo+d, m.xhi+d, ext)
	return m.fetchVisible()
}

// setView sets the zoom window, kept inside the data.
func (m *Model) setView(lo, hi float64, ext plot.Range) {
	w := hi - lo
	if lo < ext.Lo {
		lo, hi = ext.Lo, ext.Lo+w
	}
	if hi > ext.Hi {
		lo, hi = ext.Hi-w, ext.Hi
	}
	m.zoomed, m.xlo, m.xhi = true, lo, hi
	if m.cursorOn {
		m.cursor = min(max(m.cursor, lo), hi)
	}
	m.layout()
}

// fetchVisible asks for the zoomed step range of every sampled panel.
func (m *Model) fetchVisible() tea.Cmd {
	if !m.zoomed {
		return nil
	}
	var cmds []tea.Cmd
	for _, p := range m.panels {
		var lo, hi int64
		if m.axis == plot.XStep {
			lo, hi = int64(math.Floor(m.xlo)), int64(math.Ceil(m.xhi))
		} else {
			p.plot.Render() // Shown/VisibleSteps follow the latest render
			var ok bool
			if lo, hi, ok = p.plot.VisibleSteps(); !ok {
				continue
			}
		}
		cmds = append(cmds, m.loadRange(p, lo, hi))
	}
	return tea.Batch(cmds...)
}

// moveCursor moves the cursor by n terminal columns of the focused chart;
// the step image follows it.
func (m *Model) moveCursor(n int) tea.Cmd {
	m.moveCursorBy(n)
	m.imgIdx = m.imageAtCursor()
	return m.loadPicture()
}

func (m *Model) moveCursorBy(n int) {
	p := m.focused()
	if p == nil {
		return
	}
	v := m.view()
	if !m.cursorOn {
		m.cursorOn, m.cursor = true, (v.Lo+v.Hi)/2
		m.layout()
		return
	}
	p.plot.Render()
	_, _, cols := p.plot.Shown()
	cells := max(cols/2, 1)
	step := (v.Hi - v.Lo) / float64(cells)
	if m.axis == plot.XStep {
		step = max(step, 1)
	}
	m.cursor = min(max(m.cursor+float64(n)*step, v.Lo), v.Hi)
	m.layout()
}

// toggleGrid switches between one chart and a grid. The grid starts with
// the current metric and fills up to four with the others.
func (m *Model) toggleGrid() tea.Cmd {
	if len(m.panels) == 0 {
		return nil
	}
	m.grid = !m.grid
	if !m.grid {
		keep := m.focused()
		m.panels, m.focus = []*panel{keep}, 0
		m.layout()
		return nil
	}
	if len(m.panels) == 1 {
		for _, k := range m.metrics {
			if len(m.panels) >= 4 {
				break
			}
			if !m.shown(k) {
				m.panels = append(m.panels, m.newPanel(k))
			}
		}
	}
	m.layout()
	return m.loadPanels()
}

func (m *Model) openPicker() {
	items := make([]picker.Item, 0, len(m.metrics))
	for _, k := range m.metrics {
		items = append(items, picker.Item{Label: k, Value: k, Checked: m.shown(k)})
	}
	title := "metric"
	if m.grid {
		title = "metrics in the grid (up to " + strconv.Itoa(maxPanels) + ")"
	}
	p := picker.New(title, items, m.grid)
	m.picker = &p
}

func (m *Model) pickerKey(k tea.KeyPressMsg) tea.Cmd {
	p, res := m.picker.Update(k)
	m.picker = &p
	if !res.Done {
		return nil
	}
	m.picker = nil
	if res.Canceled {
		return nil
	}
	if !m.grid {
		if res.Chosen == "" || (len(m.panels) == 1 && m.panels[0].metric == res.Chosen) {
			return nil
		}
		m.panels, m.focus = []*panel{m.panelFor(res.Chosen)}, 0
		m.layout()
		return m.loadPanels()
	}
	chosen := res.Values
	if len(chosen) == 0 {
		return nil
	}
	if len(chosen) > maxPanels {
		chosen = chosen[:maxPanels]
	}
	panels := make([]*panel, 0, len(chosen))
	for _, k := range chosen {
		panels = append(panels, m.panelFor(k))
	}
	m.panels, m.focus = panels, 0
	m.layout()
	return m.loadPanels()
}

// panelFor reuses a shown panel or makes a new one.
func (m *Model) panelFor(metric string) *panel {
	if p := m.panelOf(metric); p != nil {
		return p
	}
	return m.newPanel(metric)
}

func itoa(n int) string { return strconv.Itoa(n) }
