package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/views"
	"mltui/views/components/cmdline"
)

// key routes a key press. ctrl+c always quits at once; q quits unless
// someone is typing; inputs (command line, filter, a screen's own input)
// get keys before the global ones.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, m.keys.ForceQuit) {
		return m.quit()
	}
	if m.cmdActive {
		var cmd tea.Cmd
		m.cmd, cmd = m.cmd.Update(k)
		return cmd
	}
	if m.filter.Editing() {
		return m.filterKey(k)
	}
	if m.showHelp {
		if key.Matches(k, m.keys.Help, m.keys.Back, m.keys.Quit) {
			m.showHelp = false
		}
		return nil
	}
	t, ok := m.top()
	if ok {
		if c, ok := t.screen.(views.InputCapturer); ok && c.CapturingInput() {
			return m.toTop(k)
		}
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		return m.quit()
	case key.Matches(k, m.keys.Help):
		m.showHelp = true
		return nil
	case key.Matches(k, m.keys.Command):
		m.cmdActive = true
		m.cmd = cmdline.New(m.sh.Styles(), cmdline.Sources{Experiments: m.expNames, Profiles: m.profiles()})
		m.cmd.SetWidth(m.width)
		return nil
	case key.Matches(k, m.keys.Filter):
		if f, ok := t.screen.(views.Filterer); ok {
			return m.filter.Start(f.Filter(), f.FilterPlaceholder())
		}
		return views.Toast(views.LevelInfo, "this screen has no filter")
	case key.Matches(k, m.keys.Back):
		return m.back()
	}
	return m.toTop(k)
}

// back is esc outside inputs: cancel requests that are retrying, else
// clear an applied filter, else close the screen.
func (m *Model) back() tea.Cmd {
	if _, retrying := m.sh.Flights().Retrying(); retrying {
		n := m.sh.Flights().CancelAll()
		return views.Toast(views.LevelWarning, "cancelled %d request(s)", n)
	}
	if t, ok := m.top(); ok {
		if f, ok := t.screen.(views.Filterer); ok && (f.Filter() != "" || f.FilterError() != "") {
			return f.SetFilter("")
		}
	}
	return m.pop()
}

// filterKey edits the filter. Fuzzy screens filter as you type; query
// screens get the text on enter. esc restores the filter from before.
func (m *Model) filterKey(k tea.KeyPressMsg) tea.Cmd {
	t, ok := m.top()
	if !ok {
		m.filter.Stop()
		return nil
	}
	f, ok := t.screen.(views.Filterer)
	if !ok {
		m.filter.Stop()
		return nil
	}
	switch k.String() {
	case "enter":
		m.filter.Stop()
		if f.FilterKind() == views.FilterQuery || f.Filter() != m.filter.Value() {
			return f.SetFilter(m.filter.Value())
		}
		return nil
	case "esc":
		m.filter.Stop()
		if f.Filter() != m.filter.Before() {
			return f.SetFilter(m.filter.Before())
		}
		return nil
	}
	var cmd tea.Cmd
	before := m.filter.Value()
	m.filter, cmd = m.filter.Update(k)
	if f.FilterKind() == views.FilterFuzzy && m.filter.Value() != before {
		return tea.Batch(cmd, f.SetFilter(m.filter.Value()))
	}
	return cmd
}

// paste goes to whichever input has focus.
func (m *Model) paste(p tea.PasteMsg) tea.Cmd {
	switch {
	case m.cmdActive:
		var cmd tea.Cmd
		m.cmd, cmd = m.cmd.Update(p)
		return cmd
	case m.filter.Editing():
		var cmd tea.Cmd
		m.filter, cmd = m.filter.Update(p)
		return cmd
	}
	return m.toTop(p)
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.sh.Flights().CancelAll()
	return tea.Quit
}
