package chart

import (
	"strings"

	"charm.land/lipgloss/v2"

	"mltui/theme"
)

// Paints builds the chart engine's paints from the theme: series colours
// from the theme's series palette (stable per run), faint and bold for the
// raw and smoothed lines, and the theme's muted and subtle styles for
// axes and notes. Each style is rendered once into an escape prefix and
// suffix, so drawing costs no style work per cell.
func Paints(t *theme.Theme) Styles {
	s := &t.Styles
	st := Styles{
		Title:  paint(s.Title),
		Note:   paint(s.Muted),
		Axis:   paint(s.Subtle),
		Label:  paint(s.Muted),
		Cursor: paint(s.Accent),
	}
	for slot := range theme.SeriesCount() {
		base := lipgloss.NewStyle().Foreground(t.SeriesColorAt(slot))
		st.Series = append(st.Series, SeriesPaint{
			Normal: paint(base),
			Faint:  paint(base.Faint(true)),
			Bold:   paint(base.Bold(true)),
		})
	}
	return st
}

// paint splits a style's rendering of one placeholder character into the
// text before and after it.
func paint(st lipgloss.Style) Paint {
	const mark = "X"
	out := st.Render(mark)
	i := strings.Index(out, mark)
	if i < 0 {
		return Paint{}
	}
	return Paint{Pre: out[:i], Post: out[i+len(mark):]}
}
