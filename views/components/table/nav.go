package table

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/keys"
)

// Navigate moves the cursor for a movement key among n rows and reports
// whether k was one. A page is half the visible rows, at least one, so
// every list pages alike.
func (m *Model) Navigate(k tea.KeyPressMsg, nav keys.Nav, n int) bool {
	page := max(m.VisibleRows()/2, 1)
	switch {
	case key.Matches(k, nav.Down):
		m.Move(1, n)
	case key.Matches(k, nav.Up):
		m.Move(-1, n)
	case key.Matches(k, nav.Top):
		m.SetCursor(0, n)
	case key.Matches(k, nav.Bottom):
		m.SetCursor(n-1, n)
	case key.Matches(k, nav.PageDown):
		m.Move(page, n)
	case key.Matches(k, nav.PageUp):
		m.Move(-page, n)
	default:
		return false
	}
	return true
}

// RowAt is the data row drawn on line y of the table (0 is the header),
// ok false for the header and the blank lines below the last row of n.
func (m Model) RowAt(y, n int) (int, bool) {
	if y < 1 || y > m.height {
		return 0, false
	}
	r := m.offset + y - 1
	return r, r < n
}
