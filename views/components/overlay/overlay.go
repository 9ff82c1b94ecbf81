// Package overlay draws a panel over a screen (pickers, dialogs) without
// blanking what is underneath.
package overlay

import "charm.land/lipgloss/v2"

// Center draws fg centred over base, which is w×h cells.
func Center(base, fg string, w, h int) string {
	fw, fh := lipgloss.Size(fg)
	x := max((w-fw)/2, 0)
	y := max((h-fh)/2, 0)
	return lipgloss.NewCompositor(
		lipgloss.NewLayer(base),
		lipgloss.NewLayer(fg).X(x).Y(y).Z(1),
	).Render()
}
