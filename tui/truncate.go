package tui

import "github.com/charmbracelet/x/ansi"

// ansiTruncateLeft drops n cells from the left of a styled string.
func ansiTruncateLeft(s string, n int) string {
	if n <= 0 {
		return s
	}
	return ansi.TruncateLeft(s, n, "")
}
