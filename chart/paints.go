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
		Title:  PaintOf(s.Title),
		Note:   PaintOf(s.Muted),
		Axis:   PaintOf(s.Subtle),
		Label:  PaintOf(s.Muted),
		Cursor: PaintOf(s.Accent),
	}
	for slot := range theme.SeriesCount() {
		base := lipgloss.NewStyle().Foreground(t.SeriesColorAt(slot))
		st.Series = append(st.Series, SeriesPaint{
			Normal: PaintOf(base),
			Faint:  PaintOf(base.Faint(true)),
			Bold:   PaintOf(base.Bold(true)),
		})
	}
	return st
}

// PaintOf splits a style's rendering of one placeholder character into
// the text before and after it: a paint for any chart's cells.
func PaintOf(st lipgloss.Style) Paint {
	const mark = "X"
	out := st.Render(mark)
	i := strings.Index(out, mark)
	if i < 0 {
		return Paint{}
	}
	return Paint{Pre: out[:i], Post: out[i+len(mark):]}
}
