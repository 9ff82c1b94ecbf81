// Package filterbar is the "/" filter input the shell shows above a screen
// that accepts filters, with the screen's filter error underneath.
package filterbar

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mltui/format"
	"mltui/theme"
)

// Model is the filter input.
type Model struct {
	input   textinput.Model
	editing bool
	before  string // the filter when editing started, restored on esc
	width   int
	styles  *theme.Styles
}

// New returns an idle filter bar.
func New(styles *theme.Styles) Model {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.SetStyles(styles.TextInput)
	ti.SetVirtualCursor(true)
	return Model{input: ti, styles: styles}
}

// SetStyles switches styles (theme change).
func (m *Model) SetStyles(s *theme.Styles) { m.styles = s; m.input.SetStyles(s.TextInput) }

// SetWidth sets the width.
func (m *Model) SetWidth(w int) { m.width = w; m.input.SetWidth(max(w-3, 1)) }

// Start begins editing with the current filter text.
func (m *Model) Start(current, placeholder string) tea.Cmd {
	m.editing = true
	m.before = current
	m.input.Placeholder = placeholder
	m.input.SetValue(current)
	m.input.CursorEnd()
	return m.input.Focus()
}

// Stop ends editing.
func (m *Model) Stop() { m.editing = false; m.input.Blur() }

// Editing reports whether the input has focus.
func (m Model) Editing() bool { return m.editing }

// Value is the text in the input.
func (m Model) Value() string { return m.input.Value() }

// Before is the filter that was applied when editing started.
func (m Model) Before() string { return m.before }

// Update edits the text.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

// Height is how many rows View takes for an applied filter and an error.
func Height(editing bool, applied, errText string) int {
	h := 0
	if editing || applied != "" {
		h++
	}
	if errText != "" {
		h++
	}
	return h
}

// View renders the bar: the input while editing, else the applied filter;
// errText goes on the line under it.
func (m Model) View(applied, errText string) string {
	var out string
	switch {
	case m.editing:
		out = m.input.View()
	case applied != "":
		out = m.styles.Prompt.Render("/ ") + m.styles.Muted.Render(format.Truncate(format.Visible(applied), m.width-2))
	}
	if errText != "" {
		line := m.styles.InputError.Render(format.Truncate(theme.GlyphFailed+" "+format.Visible(errText), m.width))
		if out != "" {
			out += "\n"
		}
		out += line
	}
	return out
}
