package chart

import (
	"strings"

	"charm.land/lipgloss/v2"

	plot "mltui/chart"
	"mltui/theme"
)

// Paints builds the chart engine's paints from the theme: series colours
// from the theme's series palette (stable per run), faint and bold for the
// raw and smoothed lines, and the theme's muted and subtle styles for
// axes and notes. Each style is rendered once into an escape prefix and
// suffix, so drawing costs no style work per cell.
func Paints(t *theme.Theme) plot.Styles {
	s := &t.Styles
	st := plot.Styles{
		Title:  paint(s.Title),
		Note:   paint(s.Muted),
		Axis:   paint(s.Subtle),
		Label:  paint(s.Muted),
		Cursor: paint(s.Accent),
	}
	for slot := range theme.SeriesCount() {
		base := lipgloss.NewStyle().Foreground(t.SeriesColorAt(slot))
		st.Series = append(st.Series, plot.SeriesPaint{
			plot.Normal: paint(base),
			plot.Faint:  paint(base.Faint(true)),
			plot.Bold:   paint(base.Bold(true)),
		})
	}
	return st
}

// paint splits a style's rendering of one placeholder character into the
// text before and after it.
func paint(st lipgloss.Style) plot.Paint {
	const mark = "X"
	out := st.Render(mark)
	i := strings.Index(out, mark)
	if i < 0 {
		return plot.Paint{}
	}
	return plot.Paint{Pre: out[:i], Post: out[i+len(mark):]}
}
