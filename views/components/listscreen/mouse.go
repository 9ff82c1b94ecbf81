package listscreen

import (
	tea "charm.land/bubbletea/v2"

	"mltui/views"
)

// Mouse moves the cursor for a wheel turn or a click on a row (the table
// fills the body's top left) and opens the row on a double click. It
// reports whether the event was the list's.
func (f *Frame[T]) Mouse(msg views.MouseMsg) (bool, tea.Cmd) {
	n := len(f.order)
	if d := msg.Wheel(); d != 0 {
		f.Table.Move(d, n)
		return true, nil
	}
	if msg.Action == views.MouseClick {
		tw, _ := f.TableSize()
		if msg.X >= tw {
			return false, nil // the side panel
		}
		r, ok := f.Table.RowAt(msg.Y, n)
		if !ok {
			return false, nil
		}
		f.Table.SetCursor(r, n)
		if msg.Double {
			return true, f.Open()
		}
		return true, nil
	}
	return false, nil
}

// Open opens the selected row (enter, a double click) with Spec.Open.
func (f *Frame[T]) Open() tea.Cmd {
	x, ok := f.Selected()
	if !ok || f.spec.Open == nil {
		return nil
	}
	return f.spec.Open(x)
}
