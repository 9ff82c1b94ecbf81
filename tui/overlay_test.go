package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"mltui/views"
)

// overlayMsgs are the overlay messages and raw writes a command yields.
func overlayMsgs(cmd tea.Cmd) (ticks []overlayMsg, raws []string, clears int) {
	for _, m := range run(cmd) {
		switch m := m.(type) {
		case overlayMsg:
			ticks = append(ticks, m)
		case tea.RawMsg:
			raws = append(raws, fmt.Sprint(m.Msg))
		case tea.BatchMsg, nil:
		default:
			if fmt.Sprintf("%T", m) == "tea.clearScreenMsg" {
				clears++
			}
		}
	}
	return
}

// A Sixel/iTerm2 picture is drawn after the frame that made room for it,
// at its body cell with the cursor saved and restored; once, until the
// screen is repainted (a resize) or the picture changes; and when it goes
// the screen is cleared, since its pixels would stay.
func TestOverlayIsDrawnOnceAfterTheFrame(t *testing.T) {
	h := newHarness(t)
	s := h.screens[0]
	s.ov = &views.Overlay{X: 3, Y: 1, Seq: "IMG", Key: "k1"}

	ticks, raws, _ := overlayMsgs(h.send(views.ClearErrorMsg{}))
	if len(ticks) != 1 || ticks[0].key != "k1" || len(raws) != 0 {
		t.Fatalf("first frame: ticks %v raws %q", ticks, raws)
	}
	_, raws, _ = overlayMsgs(h.send(ticks[0]))
	// Row: the header line, then body line 1 → terminal row 3; column 4.
	if len(raws) != 1 || raws[0] != "\x1b7\x1b[3;4HIMG\x1b8" {
		t.Fatalf("drawn: %q", raws)
	}
	if ticks, raws, _ := overlayMsgs(h.send(views.ClearErrorMsg{})); len(ticks)+len(raws) != 0 {
		t.Fatalf("drawn again without a change: %v %q", ticks, raws)
	}
	// A resize repaints every cell: drawn again.
	if ticks, _, _ := overlayMsgs(h.send(tea.WindowSizeMsg{Width: 100, Height: 30})); len(ticks) != 1 {
		t.Fatalf("after a resize: %v", ticks)
	}
	// A stale tick (the picture changed meanwhile) draws nothing.
	s.ov = &views.Overlay{X: 3, Y: 1, Seq: "IMG2", Key: "k2"}
	ticks, _, clears := overlayMsgs(h.send(views.ClearErrorMsg{}))
	if len(ticks) != 1 || ticks[0].key != "k2" || clears != 0 {
		t.Fatalf("changed before it was drawn: %v, %d clears", ticks, clears)
	}
	if _, raws, _ := overlayMsgs(h.send(overlayMsg{key: "k1"})); len(raws) != 0 {
		t.Fatalf("a stale tick drew %q", raws)
	}
	overlayMsgs(h.send(ticks[0]))
	// Gone: the screen is cleared once.
	s.ov = nil
	if _, _, clears := overlayMsgs(h.send(views.ClearErrorMsg{})); clears != 1 {
		t.Fatalf("taken away: %d clears", clears)
	}
	if _, _, clears := overlayMsgs(h.send(views.ClearErrorMsg{})); clears != 0 {
		t.Fatalf("cleared twice")
	}
	// Help over the screen hides it too.
	s.ov = &views.Overlay{X: 0, Y: 0, Seq: "IMG", Key: "k3"}
	ticks, _, _ = overlayMsgs(h.send(views.ClearErrorMsg{}))
	overlayMsgs(h.send(ticks[0]))
	if _, _, clears := overlayMsgs(h.press("?")); clears != 1 {
		t.Fatalf("help opened over a picture: %d clears", clears)
	}
}
