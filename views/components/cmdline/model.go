package cmdline

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mltui/format"
	"mltui/theme"
)

// SubmitMsg is sent when enter is pressed on a line that parses.
type SubmitMsg struct{ Parsed Parsed }

// CancelMsg is sent when the line is closed without a command.
type CancelMsg struct{}

// Model is the command line input with its completion row.
type Model struct {
	input  textinput.Model
	src    Sources
	cands  []string
	sel    int // -1: none chosen yet
	err    string
	width  int
	styles *theme.Styles
}

// New returns a focused, empty command line.
func New(styles *theme.Styles, src Sources) Model {
	ti := textinput.New()
	ti.Prompt = ":"
	ti.Placeholder = "exp · runs [experiment] · models · ctx NAME · q"
	ti.SetStyles(styles.TextInput)
	ti.SetVirtualCursor(true)
	ti.Focus()
	m := Model{input: ti, src: src, styles: styles, sel: -1}
	m.refresh()
	return m
}

// SetWidth sets the width.
func (m *Model) SetWidth(w int) { m.width = w; m.input.SetWidth(max(w-2, 1)) }

// Value is the text typed so far.
func (m Model) Value() string { return m.input.Value() }

// Candidates are the current completions.
func (m Model) Candidates() []string { return m.cands }

func (m *Model) refresh() {
	m.cands = Complete(m.input.Value(), m.src)
	m.sel = -1
}

// Update handles a key: tab/shift+tab cycle completions, enter submits,
// esc cancels; everything else edits.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	switch k.String() {
	case "esc", "ctrl+g":
		return m, func() tea.Msg { return CancelMsg{} }
	case "tab", "down", "ctrl+n":
		m.cycle(1)
		return m, nil
	case "shift+tab", "up", "ctrl+p":
		m.cycle(-1)
		return m, nil
	case "enter":
		line := m.input.Value()
		if m.sel >= 0 && m.sel < len(m.cands) {
			line = m.cands[m.sel]
		}
		p, ok := Parse(line)
		if !ok {
			if strings.TrimSpace(line) == "" {
				return m, func() tea.Msg { return CancelMsg{} }
			}
			m.err = "unknown command " + strings.Fields(line)[0] + " — try exp, runs, models, ctx, q"
			return m, nil
		}
		return m, func() tea.Msg { return SubmitMsg{Parsed: p} }
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.err = ""
	m.refresh()
	return m, cmd
}

// cycle moves through the completions, writing the chosen one into the
// input so the next tab completes from there.
func (m *Model) cycle(d int) {
	if len(m.cands) == 0 {
		return
	}
	if len(m.cands) == 1 {
		m.input.SetValue(m.cands[0])
		m.input.CursorEnd()
		m.refresh()
		return
	}
	m.sel = (m.sel + d + len(m.cands)) % len(m.cands)
	m.input.SetValue(m.cands[m.sel])
	m.input.CursorEnd()
}

// View renders two lines: the input and the completion row (or an error).
func (m Model) View() string {
	line := m.input.View()
	var second string
	switch {
	case m.err != "":
		second = m.styles.InputError.Render(format.Truncate(format.Visible(m.err), m.width))
	case len(m.cands) > 0:
		var b strings.Builder
		used := 0
		for i, c := range m.cands {
			label := strings.TrimSpace(c)
			w := format.Width(label) + 2
			if used+w > m.width-2 {
				b.WriteString(m.styles.Subtle.Render("…"))
				break
			}
			if i == m.sel {
				b.WriteString(m.styles.CompletionS.Render(label))
			} else {
				b.WriteString(m.styles.Completion.Render(label))
			}
			b.WriteString("  ")
			used += w
		}
		second = b.String()
	default:
		second = m.styles.Subtle.Render("no completions")
	}
	return line + "\n" + second
}
