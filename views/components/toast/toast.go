// Package toast keeps short notices that fade after a few seconds and
// draws them over the bottom-right of the screen body.
package toast

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/format"
	"mltui/theme"
)

// Level mirrors views.Level without importing views.
type Level int

const (
	Info Level = iota
	Success
	Warning
	Error
)

// DefaultTTL is how long a toast stays.
const DefaultTTL = 4 * time.Second

type item struct {
	id      int
	level   Level
	text    string
	expires time.Time
}

// ExpireMsg removes a toast.
type ExpireMsg struct{ ID int }

// Model is the stack of toasts, newest last.
type Model struct {
	items []item
	next  int
	max   int
}

// New returns an empty stack that shows at most 3 toasts.
func New() Model { return Model{max: 3} }

// Push adds a toast and returns the Cmd that will expire it.
func (m *Model) Push(now time.Time, level Level, text string, ttl time.Duration) tea.Cmd {
	if ttl <= 0 {
		ttl = DefaultTTL
		if level == Error {
			ttl = 2 * DefaultTTL
		}
	}
	m.next++
	id := m.next
	m.items = append(m.items, item{id: id, level: level, text: text, expires: now.Add(ttl)})
	if len(m.items) > m.max {
		m.items = m.items[len(m.items)-m.max:]
	}
	return tea.Tick(ttl, func(time.Time) tea.Msg { return ExpireMsg{ID: id} })
}

// Expire removes a toast by id.
func (m *Model) Expire(id int) {
	for i, it := range m.items {
		if it.id == id {
			m.items = append(m.items[:i:i], m.items[i+1:]...)
			return
		}
	}
}

// Len is the number of toasts showing.
func (m Model) Len() int { return len(m.items) }

// Texts are the toasts' texts, oldest first (for tests).
func (m Model) Texts() []string {
	out := make([]string, len(m.items))
	for i, it := range m.items {
		out[i] = it.text
	}
	return out
}

func glyph(l Level) string {
	switch l {
	case Success:
		return theme.GlyphFinished
	case Warning:
		return theme.GlyphStale
	case Error:
		return theme.GlyphFailed
	default:
		return "•"
	}
}

// Overlay draws the toasts over the last lines of body (width w), one line
// each, right-aligned; the body keeps its height.
func (m Model) Overlay(s *theme.Styles, body string, w int) string {
	if len(m.items) == 0 || w < 10 {
		return body
	}
	lines := strings.Split(body, "\n")
	n := len(m.items)
	for i, it := range m.items {
		row := len(lines) - n + i
		if row < 0 {
			continue
		}
		style := s.ToastInfo
		switch it.level {
		case Success:
			style = s.ToastSuccess
		case Warning:
			style = s.ToastWarning
		case Error:
			style = s.ToastError
		}
		text := " " + glyph(it.level) + " " + format.Truncate(format.Visible(it.text), w*2/3) + " "
		rendered := style.Render(text)
		tw := ansi.StringWidth(rendered)
		left := ansi.Truncate(lines[row], max(w-tw, 0), "")
		if pad := w - tw - ansi.StringWidth(left); pad > 0 {
			left += strings.Repeat(" ", pad)
		}
		lines[row] = left + rendered
	}
	return strings.Join(lines, "\n")
}
