package parallel

import (
	"slices"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/views"
	"mltui/views/components/picker"
)

// Update handles keys; the picker gets them while it is open.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	if m.picker.IsOpen() {
		return m, m.pickerKey(k)
	}
	return m, m.key(k)
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	a := &m.axes[m.focus]
	c := &m.cols[a.col]
	groups := func() []rowGroup {
		if l := m.layout; l != nil && l.version == m.version && m.focus < len(l.groups) {
			return l.groups[m.focus]
		}
		return a.groups(c, max(m.plotH(), 1))
	}
	moved := true
	switch {
	case key.Matches(k, m.keys.Left):
		m.focus = max(m.focus-1, 0)
		moved = false
	case key.Matches(k, m.keys.Right):
		m.focus = min(m.focus+1, len(m.axes)-1)
		moved = false
	case key.Matches(k, m.keys.Axes):
		m.openAxesPicker()
		moved = false
	case key.Matches(k, m.keys.CopyFilter):
		return m.withFilter(func(f string) tea.Cmd { return views.Copy(f, "filter") })
	case key.Matches(k, m.keys.Open), key.Matches(k, m.keys.ShowRuns):
		return m.withFilter(func(f string) tea.Cmd {
			return views.Open(views.OpenMsg{Kind: views.KindRuns, Experiment: m.exp, ExperimentIDs: m.expIDs, Filter: f})
		})
	case key.Matches(k, m.keys.ClearAll):
		for i := range m.axes {
			m.axes[i].brush.clear()
		}
	case key.Matches(k, m.keys.Clear):
		a.brush.clear()
	case key.Matches(k, m.keys.Log):
		if c.Categorical() {
			return views.Toast(views.LevelInfo, "%s is categorical: no log scale", c.Name)
		}
		a.log = !a.log
		a.brush.clear() // its edges were places on the old scale
		a.fit(c)
		m.version++
	case c.Categorical():
		moved = m.laneKey(k, a, len(c.Lanes))
	case key.Matches(k, m.keys.Up):
		a.brush.moveTop(groups(), 1)
	case key.Matches(k, m.keys.Down):
		a.brush.moveTop(groups(), -1)
	case key.Matches(k, m.keys.LowerUp):
		a.brush.moveBottom(groups(), 1)
	case key.Matches(k, m.keys.LowerDown):
		a.brush.moveBottom(groups(), -1)
	case key.Matches(k, m.keys.Top):
		a.brush.topTo(groups(), true)
	case key.Matches(k, m.keys.Bottom):
		a.brush.topTo(groups(), false)
	case key.Matches(k, m.keys.Lane):
		return views.Toast(views.LevelInfo, "%s is numeric: ↑/↓ and [ ] move the brush's edges", c.Name)
	default:
		moved = false
	}
	if moved {
		m.brushV++
	}
	return nil
}

// laneKey moves the lane cursor or toggles a lane; it reports whether
// the brush changed.
func (m *Model) laneKey(k tea.KeyPressMsg, a *axis, lanes int) bool {
	b := &a.brush
	switch {
	case key.Matches(k, m.keys.Up), key.Matches(k, m.keys.LowerUp):
		b.lane = min(b.lane+1, lanes-1)
	case key.Matches(k, m.keys.Down), key.Matches(k, m.keys.LowerDown):
		b.lane = max(b.lane-1, 0)
	case key.Matches(k, m.keys.Top):
		b.lane = lanes - 1
	case key.Matches(k, m.keys.Bottom):
		b.lane = 0
	case key.Matches(k, m.keys.Lane):
		b.toggleLane(lanes)
		return true
	}
	return false
}

// withFilter runs do with the brush's filter, or says why there is none.
func (m *Model) withFilter(do func(string) tea.Cmd) tea.Cmd {
	if !m.brushed() {
		return views.Toast(views.LevelInfo, "nothing is brushed: ↑/↓ on a numeric axis, space on a categorical one")
	}
	f, ok, why := m.filter()
	if !ok {
		return views.Toast(views.LevelWarning, "the brush cannot be written as an MLflow filter: %s", why)
	}
	return do(f)
}

func (m *Model) openAxesPicker() {
	var items []picker.Item
	on := map[int]bool{}
	for _, a := range m.axes {
		on[a.col] = true
		items = append(items, picker.Item{Label: m.cols[a.col].label(), Value: strconv.Itoa(a.col), Checked: true})
	}
	for i, c := range m.cols {
		if !on[i] {
			items = append(items, picker.Item{Label: c.label(), Value: strconv.Itoa(i)})
		}
	}
	m.picker.Open("axes", picker.New("axes, left to right", items, true))
}

func (m *Model) pickerKey(k tea.KeyPressMsg) tea.Cmd {
	kind, res, ok := m.picker.Update(k)
	if !ok || kind != "axes" {
		return nil
	}
	var cols []int
	for _, v := range res.Values {
		if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(m.cols) && !slices.Contains(cols, i) {
			cols = append(cols, i)
		}
	}
	if len(cols) < 2 {
		return views.Toast(views.LevelInfo, "pick two or more axes")
	}
	m.setAxes(cols)
	return nil
}
