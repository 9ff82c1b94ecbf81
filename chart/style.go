package chart

import "strings"

// Paint wraps text in an escape-sequence prefix and suffix. The zero Paint
// draws plain text. Callers build paints once from their theme (for example
// by rendering a placeholder with a lipgloss style and splitting around it),
// so drawing a chart costs no style processing per cell.
type Paint struct{ Pre, Post string }

func (p Paint) write(b *strings.Builder, s string) {
	b.WriteString(p.Pre)
	b.WriteString(s)
	b.WriteString(p.Post)
}

// SeriesPaint holds a palette slot's paints, indexed by Variant.
type SeriesPaint [3]Paint

// Styles are the paints a chart is drawn with. The zero Styles is plain
// text, as the CLI prints when stdout is not a terminal.
type Styles struct {
	Title  Paint // the metric name
	Note   Paint // "sampled", "log", zoom and smoothing notes
	Axis   Paint // axis lines and tick marks
	Label  Paint // tick labels and legend numbers
	Cursor Paint // the cursor line
	// Series is indexed by palette slot modulo its length; empty means plain.
	Series []SeriesPaint
}

func (s *Styles) series(slot int, v Variant) Paint {
	if len(s.Series) == 0 {
		return Paint{}
	}
	n := len(s.Series)
	return s.Series[((slot%n)+n)%n][v]
}
