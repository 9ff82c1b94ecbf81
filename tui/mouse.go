package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/views"
)

// doubleClick is how soon a second click on the same line opens it.
const doubleClick = 400 * time.Millisecond

// lastClick is the previous click's line and time, for telling double
// clicks.
type lastClick struct {
	y  int
	at time.Time
}

// mouse turns a terminal mouse event into the top screen's MouseMsg, in
// body coordinates. Events outside the body, over the help, the command
// line or a dialog are dropped.
func (m *Model) mouse(ev tea.Mouse, action views.MouseAction) tea.Cmd {
	if !m.mouseOn || m.showHelp || m.cmdActive || m.filter.Editing() {
		return nil
	}
	t, ok := m.top()
	if !ok {
		return nil
	}
	if c, ok := t.screen.(views.InputCapturer); ok && c.CapturingInput() {
		return nil
	}
	y := ev.Y - headerRows - m.filterRows()
	if y < 0 || y >= m.bodyH || ev.X < 0 || ev.X >= m.width {
		return nil
	}
	msg := views.MouseMsg{X: ev.X, Y: y, Action: action}
	if action == views.MouseClick {
		now := m.sh.Now()
		msg.Double = m.click.y == y && !m.click.at.IsZero() && now.Sub(m.click.at) <= doubleClick
		m.click = lastClick{y: y, at: now}
		if msg.Double {
			m.click = lastClick{} // a third click starts over
		}
	}
	return m.toTop(msg)
}

// mouseAction maps a wheel or left click; ok false for anything else.
func mouseAction(msg tea.Msg) (tea.Mouse, views.MouseAction, bool) {
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft {
			return tea.Mouse(msg), views.MouseClick, true
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			return tea.Mouse(msg), views.MouseWheelUp, true
		case tea.MouseWheelDown:
			return tea.Mouse(msg), views.MouseWheelDown, true
		case tea.MouseWheelLeft:
			return tea.Mouse(msg), views.MouseWheelLeft, true
		case tea.MouseWheelRight:
			return tea.Mouse(msg), views.MouseWheelRight, true
		}
	}
	return tea.Mouse{}, 0, false
}
