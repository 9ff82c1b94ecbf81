package tui

import (
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/views"
)

// overlayDelay is how long after a frame an overlay is drawn: the renderer
// flushes on a ticker (about 60 a second), and an image written before the
// frame that blanks its cells would be painted over at once.
const overlayDelay = 80 * time.Millisecond

// overlayState is the top screen's picture: the one asked for and the one
// on the terminal.
type overlayState struct {
	want  string // the key waiting to be drawn ("" none)
	shown string // the key on the terminal ("" none)
	seq   string
	x, y  int
}

// overlayMsg says the delay for key has passed.
type overlayMsg struct{ key string }

// repainted: the renderer redraws every cell (a resize), so whatever was
// drawn over them is gone and is drawn again.
func (o *overlayState) repainted() { o.want, o.shown = "", "" }

// syncOverlay compares the top screen's overlay with what is shown: a new
// one is drawn after overlayDelay; when one is taken away, or replaced, the
// screen is cleared and repainted, since its pixels stay on the terminal
// under cells the renderer believes unchanged.
func (m *Model) syncOverlay() tea.Cmd {
	ov, ok := m.topOverlay()
	o := &m.overlay
	if !ok {
		o.want = ""
		if o.shown != "" {
			o.shown = ""
			return tea.ClearScreen
		}
		return nil
	}
	if ov.Key == o.want {
		return nil
	}
	o.want, o.seq, o.x, o.y = ov.Key, ov.Seq, ov.X, ov.Y
	key := ov.Key
	tick := tea.Tick(overlayDelay, func(time.Time) tea.Msg { return overlayMsg{key: key} })
	if o.shown != "" {
		o.shown = ""
		return tea.Sequence(tea.ClearScreen, tick)
	}
	return tick
}

// topOverlay is the overlay of the top screen when nothing covers it.
func (m *Model) topOverlay() (views.Overlay, bool) {
	if m.showHelp || m.cmdActive {
		return views.Overlay{}, false
	}
	t, ok := m.top()
	if !ok {
		return views.Overlay{}, false
	}
	s, ok := t.screen.(views.Overlayer)
	if !ok {
		return views.Overlay{}, false
	}
	ov, ok := s.Overlay()
	if !ok || ov.Seq == "" || ov.Key == "" {
		return views.Overlay{}, false
	}
	return ov, true
}

// drawOverlay writes the picture at its cell, the cursor saved and put
// back (DECSC/DECRC), once the frame that made room for it is out.
func (m *Model) drawOverlay(msg overlayMsg) tea.Cmd {
	o := &m.overlay
	if msg.key != o.want || o.shown == o.want {
		return nil
	}
	o.shown = o.want
	row := headerRows + m.filterRows() + o.y + 1
	return tea.Raw("\x1b7\x1b[" + strconv.Itoa(row) + ";" + strconv.Itoa(o.x+1) + "H" + o.seq + "\x1b8")
}
