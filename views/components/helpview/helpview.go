// Package helpview renders the "?" overlay: every key of the global keymap
// and of the current screen, in columns, generated from the key bindings.
package helpview

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"mltui/theme"
	"mltui/views/format"
)

// Section is one titled group of key bindings.
type Section struct {
	Title  string
	Groups [][]key.Binding
}

// Render draws the sections inside a panel of width w and height h.
func Render(s *theme.Styles, w, h int, sections ...Section) string {
	hm := help.New()
	hm.Styles = s.Help
	var parts []string
	for _, sec := range sections {
		if len(sec.Groups) == 0 {
			continue
		}
		hm.SetWidth(max(w-4, 10))
		parts = append(parts, s.SectionHeader.Render(sec.Title), hm.FullHelpView(sec.Groups), "")
	}
	parts = append(parts, s.Subtle.Render("esc or ? closes help"))
	body := strings.Join(parts, "\n")
	lines := strings.Split(body, "\n")
	inner := max(h-2, 1)
	if len(lines) > inner {
		lines = append(lines[:inner-1], s.Subtle.Render("… (window too small for all keys)"))
	}
	for i, l := range lines {
		lines[i] = format.Truncate(l, max(w-4, 1))
	}
	return s.PanelFocused.Width(w).Height(h).Padding(0, 1).Render(strings.Join(lines, "\n"))
}

// Flatten makes FullHelp groups of a KeyMap (nil safe).
func Flatten(km help.KeyMap) [][]key.Binding {
	if km == nil {
		return nil
	}
	return km.FullHelp()
}

// Compile-time check that lipgloss stays a direct dependency here
// (panel styles come from theme, sizes from lipgloss).
var _ = lipgloss.Width
