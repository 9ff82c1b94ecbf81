package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mltui/format"
	"mltui/views"
	"mltui/views/components/filterbar"
	"mltui/views/components/helpview"
	"mltui/views/components/statusbar"
)

const (
	headerRows = 1
	statusRows = 1
	cmdRows    = 2
)

// filterState is what the filter bar shows for the top screen.
func (m *Model) filterState() (applied, errText string, show bool) {
	t, ok := m.top()
	if !ok {
		return "", "", false
	}
	f, ok := t.screen.(views.Filterer)
	if !ok {
		return "", "", false
	}
	return f.Filter(), f.FilterError(), true
}

func (m *Model) filterRows() int {
	applied, errText, ok := m.filterState()
	if !ok {
		return 0
	}
	return filterbar.Height(m.filter.Editing(), applied, errText)
}

// relayout gives the top screen the body size left by the shell's rows.
func (m *Model) relayout() {
	if m.width == 0 || m.height == 0 {
		return
	}
	h := m.height - headerRows - statusRows - m.filterRows()
	if m.cmdActive {
		h -= cmdRows
		m.cmd.SetWidth(m.width)
	}
	h = max(h, 1)
	m.filter.SetWidth(m.width)
	t, ok := m.top()
	if !ok {
		return
	}
	if h != m.bodyH || m.width != m.bodyW || !m.sizedTop(t.id) {
		m.bodyW, m.bodyH = m.width, h
		t.screen.SetSize(m.width, h)
		m.sized = t.id
	}
}

func (m *Model) sizedTop(id views.ScreenID) bool { return m.sized == id }

// View draws header, filter bar, body (or help), command line and status
// bar. It only reads state.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "mltui"
	if m.mouseOn {
		v.MouseMode = tea.MouseModeCellMotion
	}
	if m.quitting || m.width == 0 {
		return v
	}
	s := m.sh.Styles()
	rows := []string{m.header()}
	if applied, errText, ok := m.filterState(); ok {
		if bar := m.filter.View(applied, errText); bar != "" {
			rows = append(rows, bar)
		}
	}
	var body string
	t, hasTop := m.top()
	switch {
	case m.showHelp:
		sections := []helpview.Section{{Title: "everywhere", Groups: m.keys.FullHelp()}}
		if hasTop {
			sections = append([]helpview.Section{{Title: t.screen.Title(), Groups: helpview.Flatten(t.screen.KeyMap())}}, sections...)
		}
		hint := m.keys.Back.Help().Key + " or " + m.keys.Help.Help().Key + " closes help"
		body = helpview.Render(s, m.width, m.bodyH, hint, sections...)
	case hasTop:
		body = t.screen.View()
	}
	body = format.Box(body, m.width, m.bodyH)
	body = m.toasts.Overlay(s, body, m.width)
	rows = append(rows, body)
	if m.cmdActive {
		rows = append(rows, m.cmd.View())
	}
	rows = append(rows, statusbar.Render(s, m.width, m.statusInfo()))
	v.SetContent(strings.Join(rows, "\n"))
	return v
}

// header is the breadcrumb of the stack, with the spinner on the right
// while requests are in flight.
func (m *Model) header() string {
	s := m.sh.Styles()
	sep := s.CrumbSep.Render(" › ")
	parts := []string{s.Crumb.Render(" mltui")}
	for i, e := range m.stack {
		title := format.Truncate(format.Visible(e.screen.Title()), 40)
		if i == len(m.stack)-1 {
			parts = append(parts, s.CrumbActive.Render(title))
		} else {
			parts = append(parts, s.Crumb.Render(title))
		}
	}
	left := strings.Join(parts, sep)
	right := ""
	if n := m.sh.Flights().Count(); n > 0 {
		right = s.Crumb.Render(m.spin.View() + " loading ")
	}
	rw := lipgloss.Width(right)
	if lipgloss.Width(left) > m.width-rw {
		// Keep the end of the trail: where the user is matters most.
		left = s.Crumb.Render("…") + ansiTruncateLeft(left, lipgloss.Width(left)-(m.width-rw-1))
	}
	gap := max(m.width-lipgloss.Width(left)-rw, 0)
	return left + s.Header.Render(strings.Repeat(" ", gap)) + right
}

func (m *Model) statusInfo() statusbar.Info {
	in := statusbar.Info{
		Kind:     m.sh.Info.Kind,
		URI:      m.sh.Info.URI,
		User:     m.sh.Info.User,
		Version:  m.sh.Info.Version,
		Profile:  m.sh.Profile,
		ReadOnly: m.sh.ReadOnly,
		Marks:    m.sh.Marks.Len(),
		Hint:     m.keys.Help.Help().Key + " help",
	}
	if !m.lastRefresh.IsZero() {
		in.Refreshed = format.Age(m.sh.Now(), m.lastRefresh) + " ago"
	}
	if ev, ok := m.sh.Flights().Retrying(); ok {
		reason := ""
		if ev.Reason != "" {
			reason = " (" + ev.Reason + ")"
		}
		maxs := ""
		if ev.Max > 0 {
			maxs = fmt.Sprintf("/%d", ev.Max)
		}
		in.Retry = fmt.Sprintf("%s retrying %d%s%s · esc cancels", m.spin.View(), ev.Attempt, maxs, reason)
	}
	if m.status != nil {
		in.Err = errLine(m.status.err)
	}
	return in
}
