package scatter

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
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
		m.pickerKey(k)
		return m, nil
	}
	return m, m.key(k)
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	l := m.layout
	switch {
	case key.Matches(k, m.keys.XCol):
		m.openPicker("x", "x axis", m.x)
	case key.Matches(k, m.keys.YCol):
		m.openPicker("y", "y axis", m.y)
	case key.Matches(k, m.keys.Color):
		m.openPicker("color", "colour by", m.color)
	case key.Matches(k, m.keys.LogX):
		m.logX = !m.logX
		m.version++
	case key.Matches(k, m.keys.LogY):
		m.logY = !m.logY
		m.version++
	case l == nil || len(l.pts) == 0:
		return nil
	case key.Matches(k, m.keys.Left):
		m.cursor = nearest(l, m.cursor, -1, 0)
	case key.Matches(k, m.keys.Right):
		m.cursor = nearest(l, m.cursor, 1, 0)
	case key.Matches(k, m.keys.Up):
		m.cursor = nearest(l, m.cursor, 0, 1)
	case key.Matches(k, m.keys.Down):
		m.cursor = nearest(l, m.cursor, 0, -1)
	case key.Matches(k, m.keys.Top):
		m.cursor = 0
	case key.Matches(k, m.keys.Bottom):
		m.cursor = len(l.pts) - 1
	case key.Matches(k, m.keys.PageDown):
		m.cursor = min(m.cursor+10, len(l.pts)-1)
	case key.Matches(k, m.keys.PageUp):
		m.cursor = max(m.cursor-10, 0)
	case key.Matches(k, m.keys.Mark):
		m.env.Marks.Toggle(m.runs[l.run[m.cursor]])
		l.marks = -1 // redraw the highlight
	case key.Matches(k, m.keys.Open):
		r := m.runs[l.run[m.cursor]]
		return views.Open(views.OpenMsg{Kind: views.KindRun, RunIDs: []string{r.Info.RunID}, Runs: []client.Run{r}, Experiment: m.exp})
	}
	return nil
}

func nearest(l *layout, from, dx, dy int) int {
	return plotNearest(l, from, dx, dy)
}

func (m *Model) openPicker(which, title string, cur int) {
	var items []picker.Item
	if which == "color" {
		items = append(items, picker.Item{Label: "(none)", Value: "-1"})
	}
	for i, c := range m.cols {
		it := picker.Item{Label: c.label(), Value: itoa(i)}
		if i == cur {
			it.Note = "current"
		}
		items = append(items, it)
	}
	m.picker.Open(which, picker.New(title, items, false))
}

func (m *Model) pickerKey(k tea.KeyPressMsg) {
	which, res, ok := m.picker.Update(k)
	if !ok || res.Chosen == "" {
		return
	}
	i := atoi(res.Chosen)
	if i < -1 || i >= len(m.cols) || (i < 0 && which != "color") {
		return
	}
	switch which {
	case "x":
		m.x = i
	case "y":
		m.y = i
	case "color":
		m.color = i
	}
	m.version++
	m.cursor = 0
}
