// Package helpview renders the "?" overlay: every key of the current
// screen and of the global keymap, in columns, generated from the key
// bindings. Columns that do not fit side by side wrap below, so no key is
// ever dropped for width.
package helpview

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"mltui/format"
	"mltui/theme"
)

// Section is one titled group of key bindings.
type Section struct {
	Title  string
	Groups [][]key.Binding
}

// column renders one group: keys padded to a common width, then
// descriptions.
func column(s *theme.Styles, g []key.Binding) (string, int) {
	kw := 0
	var rows []key.Binding
	for _, b := range g {
		if !b.Enabled() || b.Help().Key == "" {
			continue
		}
		rows = append(rows, b)
		kw = max(kw, format.Width(b.Help().Key))
	}
	if len(rows) == 0 {
		return "", 0
	}
	lines := make([]string, len(rows))
	w := 0
	for i, b := range rows {
		h := b.Help()
		plain := format.Fit(h.Key, kw) + " " + h.Desc
		w = max(w, format.Width(plain))
		lines[i] = s.Help.FullKey.Render(format.Fit(h.Key, kw)) + " " + s.Help.FullDesc.Render(h.Desc)
	}
	return strings.Join(lines, "\n"), w
}

// layout places columns side by side, starting a new band when the next
// one would pass width.
func layout(s *theme.Styles, groups [][]key.Binding, width int) []string {
	const gap = 4
	var bands []string
	var band []string
	used := 0
	flush := func() {
		if len(band) > 0 {
			bands = append(bands, lipgloss.JoinHorizontal(lipgloss.Top, band...))
			band, used = nil, 0
		}
	}
	for _, g := range groups {
		col, w := column(s, g)
		if w == 0 {
			continue
		}
		if used > 0 && used+gap+w > width {
			flush()
		}
		if used > 0 {
			col = lipgloss.NewStyle().PaddingLeft(gap).Render(col)
			w += gap
		}
		band = append(band, col)
		used += w
	}
	flush()
	return bands
}

// Render draws the sections inside a panel of width w and height h;
// closeHint follows the first title ("esc or ? closes help").
func Render(s *theme.Styles, w, h int, closeHint string, sections ...Section) string {
	inner := max(w-4, 10)
	var parts []string
	for _, sec := range sections {
		bands := layout(s, sec.Groups, inner)
		if len(bands) == 0 {
			continue
		}
		title := s.SectionHeader.Render(sec.Title)
		if len(parts) == 0 {
			title += s.Subtle.Render("  · " + closeHint)
		} else {
			parts = append(parts, "")
		}
		parts = append(parts, title, strings.Join(bands, "\n"))
	}
	lines := strings.Split(strings.Join(parts, "\n"), "\n")
	rows := max(h-2, 1)
	if len(lines) > rows {
		lines = append(lines[:rows-1], s.Subtle.Render("… (window too small for all keys)"))
	}
	for i, l := range lines {
		lines[i] = format.Truncate(l, inner)
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
