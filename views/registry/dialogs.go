package registry

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mltui/format"
	"mltui/theme"
)

// dialog is one modal step of an action. It draws into the screen's body.
type dialog interface {
	update(a *actions, k tea.KeyPressMsg) tea.Cmd
	view(a *actions, w, h int) string
}

// frame draws a titled panel of exactly w×h cells around lines (each cut
// to the inner width), with a hint line at the bottom.
func frame(s *theme.Styles, title string, lines []string, hint string, w, h int) string {
	w, h = max(w, 20), max(h, 5)
	inner := w - 4
	body := make([]string, 0, len(lines)+2)
	body = append(body, s.PanelTitle.Render(format.Truncate(format.Visible(title), inner)), "")
	for _, l := range lines {
		body = append(body, fitStyled(l, inner))
	}
	room := h - 2
	if hint != "" {
		room--
	}
	if len(body) > room {
		body = append(body[:max(room-1, 0)], s.Muted.Render("…"))
	}
	for len(body) < room {
		body = append(body, "")
	}
	if hint != "" {
		body = append(body, s.Muted.Render(format.Truncate(hint, inner)))
	}
	return s.PanelFocused.Width(w).Height(h).MaxHeight(h).Padding(0, 1).Render(strings.Join(body, "\n"))
}

// visibleLines copies a dialog's plain lines, which quote model names,
// tags and server errors, made safe to draw (format.Visible).
func visibleLines(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = format.Visible(l)
	}
	return out
}

// fitStyled cuts a possibly styled line to w cells.
func fitStyled(l string, w int) string {
	if format.Width(l) <= w {
		return l
	}
	return format.Truncate(l, w)
}

// option is one choice of a picker.
type option struct {
	label string
	value string
	extra string
	muted bool
}

// pickDialog is a list of options; enter chooses, esc cancels.
type pickDialog struct {
	title   string
	lines   []string // shown above the options
	options []option
	cursor  int
	hint    string
	choose  func(a *actions, o option) tea.Cmd
}

// choose moves a dialog's cursor among n choices for up and down (the
// arrows, ctrl+p/n, and j/k: these dialogs take no text) and reports
// whether k was one of them.
func choose(a *actions, k tea.KeyPressMsg, cursor *int, n int) bool {
	switch {
	case key.Matches(k, a.keys.Up) || k.String() == "k":
		*cursor = max(*cursor-1, 0)
	case key.Matches(k, a.keys.Down) || k.String() == "j":
		*cursor = min(*cursor+1, max(n-1, 0))
	default:
		return false
	}
	return true
}

func (d *pickDialog) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.keys.Cancel):
		a.close()
	case choose(a, k, &d.cursor, len(d.options)):
	case key.Matches(k, a.keys.Select):
		if d.cursor < len(d.options) {
			return d.choose(a, d.options[d.cursor])
		}
	}
	return nil
}

func (d *pickDialog) view(a *actions, w, h int) string {
	s := a.env.Styles()
	lines := visibleLines(d.lines)
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	for i, o := range d.options {
		text := "  " + o.label
		st := s.Base
		if o.muted {
			st = s.Muted
		}
		if i == d.cursor {
			text = "› " + o.label
			st = s.RowSelected
		}
		lines = append(lines, st.Render(format.Truncate(format.Visible(text), w-4)))
	}
	hint := d.hint
	if hint == "" {
		hint = "↑/↓ choose · enter select · esc cancel"
	}
	return frame(s, d.title, lines, hint, w, h)
}

// confirmSpec describes a confirmation: y/N (default No), or typing a
// protected alias's name.
type confirmSpec struct {
	title string
	lines []string
	typed string // when set, this text must be typed to confirm
	run   func() tea.Cmd
}

type confirmDialog struct {
	spec  confirmSpec
	input textinput.Model
	err   string
}

func newConfirm(a *actions, spec confirmSpec) *confirmDialog {
	d := &confirmDialog{spec: spec}
	if spec.typed != "" {
		d.input = newInput(a, "type "+spec.typed)
	}
	return d
}

func newInput(a *actions, placeholder string) textinput.Model {
	in := textinput.New()
	in.SetStyles(a.env.Styles().TextInput)
	in.Placeholder = placeholder
	in.Prompt = "› "
	in.CharLimit = 5000
	in.SetVirtualCursor(true)
	in.Focus()
	return in
}

func (d *confirmDialog) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, a.keys.Cancel) {
		a.close()
		return nil
	}
	if d.spec.typed == "" {
		if key.Matches(k, a.keys.Yes) {
			return d.spec.run()
		}
		// Anything else, enter included, is No.
		a.close()
		return nil
	}
	if key.Matches(k, a.keys.Select) {
		switch strings.TrimSpace(d.input.Value()) {
		case d.spec.typed:
			return d.spec.run()
		case "":
			a.close()
		default:
			d.err = "type " + d.spec.typed + " exactly to confirm, or esc to cancel"
		}
		return nil
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(k)
	d.err = ""
	return cmd
}

func (d *confirmDialog) view(a *actions, w, h int) string {
	s := a.env.Styles()
	lines := append(visibleLines(d.spec.lines), "")
	if d.spec.typed == "" {
		lines = append(lines, s.Warning.Render("Confirm? ")+s.Bold.Render("y")+s.Muted.Render("/N (enter = No)"))
		return frame(s, d.spec.title, lines, "y confirm · any other key cancels", w, h)
	}
	lines = append(lines, s.Warning.Render(d.spec.typed+" is protected: type its name to confirm"))
	d.input.SetWidth(max(w-10, 10))
	lines = append(lines, d.input.View())
	if d.err != "" {
		lines = append(lines, s.InputError.Render(d.err))
	}
	return frame(s, d.spec.title, lines, "enter confirm (empty = No) · esc cancel", w, h)
}

// busyDialog shows a write in progress.
type busyDialog struct{ title string }

func (d *busyDialog) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	// The write may already be on the wire: esc cancels the wait, and the
	// screen reloads so it shows what the store holds.
	if key.Matches(k, a.keys.Cancel) {
		a.close()
		return a.reload()
	}
	return nil
}

func (d *busyDialog) view(a *actions, w, h int) string {
	s := a.env.Styles()
	return frame(s, d.title, []string{s.Muted.Render("writing, then reading back…")}, "esc stop waiting", w, h)
}

// messageDialog shows a result or an error until a key is pressed.
type messageDialog struct {
	title string
	lines []string
	isErr bool
}

func (d *messageDialog) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	a.close()
	return nil
}

func (d *messageDialog) view(a *actions, w, h int) string {
	s := a.env.Styles()
	var lines []string
	for i, raw := range d.lines {
		st := s.Base
		switch t := strings.TrimSpace(raw); {
		case d.isErr && i == 0:
			st = s.Error
		case strings.HasPrefix(t, "!"), strings.HasPrefix(t, "warning:"):
			st = s.Warning
		}
		for _, l := range wrap(format.Visible(raw), w-4) {
			lines = append(lines, st.Render(l))
		}
	}
	return frame(s, d.title, lines, "any key to close", w, h)
}

// wrap breaks a plain line into pieces of at most w cells, at spaces
// where it can, keeping the line's indent on continuation lines.
func wrap(l string, w int) []string {
	w = max(w, 8)
	if format.Width(l) <= w {
		return []string{l}
	}
	indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
	if len(indent) > w/2 {
		indent = ""
	}
	out := strings.Split(lipgloss.NewStyle().Width(w-len(indent)).Render(strings.TrimLeft(l, " ")), "\n")
	for i := range out {
		out[i] = indent + strings.TrimRight(out[i], " ")
	}
	return out
}
