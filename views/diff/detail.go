package diff

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	dt "mltui/diff"
	"mltui/format"
)

// seg is a run of text with one style.
type seg struct {
	text  string
	style lipgloss.Style
}

// RenderDetail draws one row in full: for metrics every run's value and
// delta; for other values the baseline's value and the selected run's,
// wrapped, with a character diff between them. Exactly height lines.
func RenderDetail(t dt.Table, row, col, width, height int, st Styles) string {
	if height <= 0 || width <= 0 {
		return ""
	}
	if row < 0 || row >= len(t.Rows) || len(t.Columns) == 0 {
		hint := fit("  move to a row to see its full values here", width, st.Footer)
		return hint + strings.Repeat("\n"+blank(width), height-1)
	}
	r := t.Rows[row]
	col = min(max(col, 0), len(t.Columns)-1)
	var lines []string
	title := r.Section.String() + " · " + r.Label()
	if r.Metric() {
		dir := "higher is better"
		if r.Lower {
			dir = "lower is better"
		}
		lines = append(lines, st.Title.Render(format.Truncate(format.Visible(title), width-len(dir)-3))+st.Sub.Render("  "+dir))
		lines = append(lines, metricDetail(t, r, width, st)...)
	} else {
		other := col
		if other == t.Baseline {
			other = firstChanged(r, t.Baseline)
		}
		sub := ""
		if other != t.Baseline {
			sub = fmt.Sprintf("  %s against %s", t.Columns[other].Label, headLabel(t, t.Baseline))
		}
		lines = append(lines, st.Title.Render(format.Truncate(format.Visible(title), width/2))+st.Sub.Render(format.Truncate(format.Visible(sub), width-min(format.Width(format.Visible(title)), width/2))))
		lines = append(lines, textDetail(t, r, other, width, st)...)
	}
	if len(lines) > height {
		cut := len(lines) - height + 1
		lines = append(lines[:height-1], st.Fold.Render(format.Fit(fmt.Sprintf("  … %d more lines", cut), width)))
	}
	for i := range lines {
		lines[i] = padTo(lines[i], width)
	}
	for len(lines) < height {
		lines = append(lines, blank(width))
	}
	return strings.Join(lines, "\n")
}

func firstChanged(r dt.Row, base int) int {
	for i, c := range r.Cells {
		if i != base && c.Changed {
			return i
		}
	}
	return base
}

// metricDetail lists every run's value with its absolute and percent delta.
func metricDetail(t dt.Table, r dt.Row, width int, st Styles) []string {
	nameW := min(24, width/3)
	var out []string
	for i, c := range r.Cells {
		vs := st.value(c, false)
		text := c.Text
		if c.Failed {
			text = "error: " + c.Raw
		}
		line := "  " + fit(headLabel(t, i), nameW, st.Key) + "  " + vs.Render(format.Visible(text))
		switch {
		case i == t.Baseline:
			line += st.Sub.Render("  baseline")
		case c.Changed && !c.Missing && !c.Pending && !c.Failed:
			line += st.Sub.Render(fmt.Sprintf("  Δ %s  %s", c.Delta.AbsText(), c.Delta.PctText()))
		}
		if c.Best {
			line += st.Best.Render("  best")
		}
		out = append(out, format.Truncate(line, width))
	}
	return out
}

// textDetail shows the baseline value and another column's, wrapped, the
// latter as a character diff against the former.
func textDetail(t dt.Table, r dt.Row, other, width int, st Styles) []string {
	indent := 4
	w := max(width-indent, 8)
	base := r.Cells[t.Baseline]
	out := []string{"  " + st.HeaderBase.Render(headLabel(t, t.Baseline))}
	out = append(out, indentAll(wrap([]seg{{valueOf(base), styleOf(base, st)}}, w), indent)...)
	if other == t.Baseline {
		return out
	}
	c := r.Cells[other]
	out = append(out, "  "+st.Header.Render(headLabel(t, other)))
	var segs []seg
	if base.Missing || c.Missing {
		segs = []seg{{valueOf(c), styleOf(c, st)}}
	} else {
		for _, e := range dt.Runes(base.Raw, c.Raw) {
			switch e.Op {
			case dt.OpEqual:
				segs = append(segs, seg{e.Text, st.Cell})
			case dt.OpDelete:
				if st.Markers {
					e.Text = "[-" + e.Text + "-]"
				}
				segs = append(segs, seg{e.Text, st.Delete})
			case dt.OpInsert:
				if st.Markers {
					e.Text = "{+" + e.Text + "+}"
				}
				segs = append(segs, seg{e.Text, st.Insert})
			}
		}
	}
	return append(out, indentAll(wrap(segs, w), indent)...)
}

func valueOf(c dt.Cell) string {
	if c.Missing {
		return dt.Missing + " (not set)"
	}
	return c.Raw
}

func styleOf(c dt.Cell, st Styles) lipgloss.Style {
	if c.Missing {
		return st.Missing
	}
	return st.Cell
}

func indentAll(lines []string, n int) []string {
	for i := range lines {
		lines[i] = blank(n) + lines[i]
	}
	return lines
}

// wrap lays styled segments into lines of at most w cells, breaking at
// newlines and, for long runs without spaces (JSON, paths), anywhere.
func wrap(segs []seg, w int) []string {
	var lines []string
	var cur strings.Builder
	curW := 0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
	}
	for _, s := range segs {
		s.text = format.VisibleLines(s.text) // a value's own newlines still break lines
		var run strings.Builder
		emit := func() {
			if run.Len() > 0 {
				cur.WriteString(s.style.Render(run.String()))
				run.Reset()
			}
		}
		for _, r := range s.text {
			if r == '\n' {
				emit()
				flush()
				continue
			}
			rw := format.Width(string(r))
			if curW+rw > w {
				emit()
				flush()
			}
			run.WriteRune(r)
			curW += rw
		}
		emit()
	}
	if cur.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}
