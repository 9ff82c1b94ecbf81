package listscreen

import (
	tea "charm.land/bubbletea/v2"

	"mltui/views"
)

// Mouse moves the cursor for a wheel turn or a click on a row (the table
// fills the body's top left) and opens the row on a double click. It
// returns what opening asks for.
func (f *Frame[T]) Mouse(msg views.MouseMsg) tea.Cmd {
	n := len(f.order)
	if d := msg.Wheel(); d != 0 {
		f.Table.Move(d, n)
		return nil
	}
	tw, _ := f.TableSize()
	if msg.Action != views.MouseClick || msg.X >= tw { // not on the side panel
		return nil
	}
	if r, ok := f.Table.RowAt(msg.Y, n); ok {
		f.Table.SetCursor(r, n)
		if msg.Double {
			return f.Open()
		}
	}
	return nil
}

// Open opens the selected row (enter, a double click) with Spec.Open.
func (f *Frame[T]) Open() tea.Cmd {
	x, ok := f.Selected()
	if !ok || f.spec.Open == nil {
		return nil
	}
	return f.spec.Open(x)
}
