package diff

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	dt "mltui/diff"
	"mltui/format"
	"mltui/theme"
)

// Column widths, in cells.
const (
	minColW  = 8
	maxColW  = 28
	minKeyW  = 10
	compactW = 16 // a column squeezed to show more runs: values, no deltas
	maxKeyW  = 32
	gutterW  = 1
	colGap   = 2
)

// Geometry is the measured width of the key column and of each run column.
// It depends only on the table, so the screen measures once per rebuild
// rather than on every frame.
type Geometry struct {
	KeyW int
	ColW []int // natural width: values with their deltas
	ValW []int // compact width: values only, at most compactW
}

// Measure sizes the columns to their widest content (header, value and
// delta), within minColW..maxColW.
func Measure(t dt.Table) Geometry {
	g := Geometry{KeyW: minKeyW, ColW: make([]int, len(t.Columns)), ValW: make([]int, len(t.Columns))}
	for i, c := range t.Columns {
		g.ColW[i] = max(minColW, format.Width(headLabel(t, i)), format.Width(format.Visible(c.Sub)))
		g.ValW[i] = g.ColW[i]
	}
	for _, r := range t.Rows {
		g.KeyW = max(g.KeyW, format.Width(format.Visible(r.Label()))+2)
		for i := range r.Cells {
			v, d := cellParts(t, r, i)
			w := format.Width(v)
			g.ValW[i] = max(g.ValW[i], w)
			if d != "" {
				w += 1 + format.Width(d)
			}
			if w > g.ColW[i] {
				g.ColW[i] = w
			}
		}
	}
	g.KeyW = min(g.KeyW, maxKeyW)
	for i := range g.ColW {
		g.ColW[i] = min(g.ColW[i], maxColW)
		g.ValW[i] = min(g.ValW[i], compactW, g.ColW[i])
	}
	return g
}

// Layout is what part of the diff is on screen.
type Layout struct {
	Width, Height int
	Cursor        int // selected line, -1 for none
	Offset        int // first body line shown
	ColOffset     int // first run column shown
	SelCol        int // selected run column, -1 for none
}

// headerRows are the run names and their short IDs.
const headerRows = 2

// RenderTable draws a diff with default settings (differences only, folds
// closed, no cursor) into width×height, for use inside another screen
// such as the promotion dialog's "champion v3 → v4".
func RenderTable(t dt.Table, width, height int, st Styles) string {
	lines := t.Lines(dt.View{DiffOnly: true})
	return Render(t, lines, Measure(t), Layout{Width: width, Height: height, Cursor: -1, SelCol: -1}, st)
}

// VisibleCols is how many run columns from column from fit the width (at least one).
func VisibleCols(g Geometry, width, from int) int {
	_, w := columnWidths(g, width, from)
	return len(w)
}

// columnWidths lays out the run columns from column from: at their
// natural widths if that shows as many as squeezing would, otherwise
// squeezed to their compact widths and then grown evenly into the room
// left. The last column shown is cut to the room there is.
func columnWidths(g Geometry, width, from int) (keyW int, widths []int) {
	keyW = keyWidth(g, width)
	room := width - gutterW - keyW
	fits := func(ws []int) int {
		left, n := room, 0
		for i := from; i < len(ws); i++ {
			left -= colGap + ws[i]
			if left < 0 && n > 0 {
				break
			}
			n++
		}
		return n
	}
	n := fits(g.ColW)
	if c := fits(g.ValW); c > n {
		n = c
		widths = append(widths, g.ValW[from:from+n]...)
		left := room - n*colGap
		for _, w := range widths {
			left -= w
		}
		// Share the room left, one cell at a time, up to natural widths.
		for grew := true; left > 0 && grew; {
			grew = false
			for j := range widths {
				if left > 0 && widths[j] < g.ColW[from+j] {
					widths[j]++
					left--
					grew = true
				}
			}
		}
	} else {
		widths = append(widths, g.ColW[from:from+n]...)
	}
	used := gutterW + keyW
	for j := range widths {
		if j == len(widths)-1 {
			widths[j] = max(min(widths[j], width-used-colGap), 1)
		}
		used += colGap + widths[j]
	}
	return keyW, widths
}

// keyWidth leaves runs at least half of a narrow screen.
func keyWidth(g Geometry, width int) int {
	return max(min(g.KeyW, width/3), min(minKeyW, width/2))
}

// Render draws the header and the body lines of a diff: exactly
// lay.Height lines, each lay.Width cells wide.
func Render(t dt.Table, lines []dt.Line, g Geometry, lay Layout, st Styles) string {
	if lay.Width <= 0 || lay.Height <= 0 {
		return ""
	}
	if len(t.Columns) == 0 {
		return fit("nothing to compare", lay.Width, st.Missing) + strings.Repeat("\n"+blank(lay.Width), lay.Height-1)
	}
	first := min(max(lay.ColOffset, 0), len(t.Columns)-1)
	keyW, widths := columnWidths(g, lay.Width, first)
	n := len(widths)
	cols := make([]int, n)
	for j := range cols {
		cols[j] = first + j
	}

	out := make([]string, 0, lay.Height)
	// Header: names, then short IDs; the key column says which runs show.
	pos := ""
	if n < len(t.Columns) {
		pos = fmt.Sprintf("runs %d–%d/%d", first+1, first+n, len(t.Columns))
		if first > 0 {
			pos = "◂ " + pos
		}
		if first+n < len(t.Columns) {
			pos += " ▸"
		}
	}
	var h1, h2 strings.Builder
	h1.WriteString(blank(gutterW) + blank(keyW))
	h2.WriteString(blank(gutterW) + fit(pos, keyW, st.Sub))
	for j, i := range cols {
		hs := st.Header
		switch {
		case i == lay.SelCol:
			hs = st.HeaderSel
		case i == t.Baseline:
			hs = st.HeaderBase
		}
		h1.WriteString(blank(colGap) + fit(headLabel(t, i), widths[j], hs))
		h2.WriteString(blank(colGap) + fit(t.Columns[i].Sub, widths[j], st.Sub))
	}
	out = append(out, padTo(h1.String(), lay.Width), padTo(h2.String(), lay.Width))

	body := lay.Height - headerRows
	end := min(len(lines), lay.Offset+body)
	more := 0
	if lay.Cursor < 0 && len(lines)-lay.Offset > body {
		// A static table says what it could not show.
		end = lay.Offset + body - 1
		more = len(lines) - end
	}
	for li := max(lay.Offset, 0); li < end; li++ {
		out = append(out, renderLine(t, lines[li], cols, widths, keyW, lay.Width, li == lay.Cursor, st))
	}
	if more > 0 {
		out = append(out, fit(fmt.Sprintf("  … %d more lines", more), lay.Width, st.Fold))
	}
	for len(out) < lay.Height {
		out = append(out, blank(lay.Width))
	}
	return strings.Join(out[:lay.Height], "\n")
}

func renderLine(t dt.Table, l dt.Line, cols, widths []int, keyW, width int, selected bool, st Styles) string {
	switch l.Kind {
	case dt.LineSection:
		text := gutter(selected) + dt.SectionTitle(l)
		if selected {
			return fit(text, width, st.Selected)
		}
		return fit(text, width, st.Section)
	case dt.LineFold:
		g := theme.GlyphCollapsed
		hint := " (enter)"
		if l.Open {
			g, hint = theme.GlyphExpanded, ""
		}
		text := gutter(selected) + "  " + g + " " + dt.FoldTitle(l) + hint
		if selected {
			return fit(text, width, st.Selected)
		}
		return fit(text, width, st.Fold)
	}
	r := t.Rows[l.Row]
	label := "  " + r.Label()
	if r.Long {
		label = "  " + r.Label() + " " + theme.GlyphEllipsis
	}
	if selected {
		var b strings.Builder
		b.WriteString(gutter(true) + format.Fit(label, keyW))
		for j, i := range cols {
			v, d := cellParts(t, r, i)
			b.WriteString(blank(colGap) + format.Fit(joinFit(v, d, r.Cells[i].Delta.PctText(), widths[j]), widths[j]))
		}
		return st.Selected.Render(format.Fit(b.String(), width))
	}
	var b strings.Builder
	b.WriteString(blank(gutterW) + fit(label, keyW, st.Key))
	used := gutterW + keyW
	for j, i := range cols {
		b.WriteString(blank(colGap) + renderCell(t, r, i, widths[j], st))
		used += colGap + widths[j]
	}
	if used < width {
		b.WriteString(blank(width - used))
	}
	return b.String()
}

// value is a cell's style: missing, failed and best first, then changed
// (when the caller says the change shows).
func (st Styles) value(c dt.Cell, changed bool) lipgloss.Style {
	switch {
	case c.Missing, c.Pending:
		return st.Missing
	case c.Failed:
		return st.Failed
	case c.Best:
		return st.Best
	case changed:
		return st.Changed
	}
	return st.Cell
}

// renderCell styles a value and its delta into exactly w cells; the delta
// is dropped first when the column is too narrow.
func renderCell(t dt.Table, r dt.Row, i, w int, st Styles) string {
	c := r.Cells[i]
	v, d := cellParts(t, r, i)
	vs := st.value(c, c.Changed && !r.Metric())
	vw := format.Width(v)
	if d != "" && vw+1+format.Width(d) > w {
		d = c.Delta.PctText() // narrow: the percent alone
	}
	if d == "" || vw+1+format.Width(d) > w {
		return fit(v, w, vs)
	}
	ds := st.Sub
	if c.Delta.HasAbs && c.Delta.Abs != 0 {
		if (c.Delta.Abs < 0) == r.Lower {
			ds = st.Better
		} else {
			ds = st.Worse
		}
	}
	return vs.Render(v) + " " + ds.Render(d) + blank(w-vw-1-format.Width(d))
}

// cellParts is a cell's value text and its delta text ("" if none).
func cellParts(t dt.Table, r dt.Row, i int) (string, string) {
	return r.Cells[i].Text, t.DeltaText(r, i) // Text is visible already (diff.Cell)
}

func joinFit(v, d, pct string, w int) string {
	if d != "" && format.Width(v)+1+format.Width(d) > w {
		d = pct
	}
	if d == "" || format.Width(v)+1+format.Width(d) > w {
		return v
	}
	return v + " " + d
}

func headLabel(t dt.Table, i int) string {
	if i == t.Baseline {
		return "◆ " + format.Visible(t.Columns[i].Label)
	}
	return format.Visible(t.Columns[i].Label)
}

// fit pads or cuts plain text to w cells, then styles it.
func fit(s string, w int, style lipgloss.Style) string {
	return style.Render(format.Fit(s, w))
}

// gutter marks the cursor's line, so it shows without colour or reverse video too.
func gutter(selected bool) string {
	if selected {
		return "›"
	}
	return " "
}

func blank(w int) string {
	if w <= 0 {
		return ""
	}
	return strings.Repeat(" ", w)
}

func padTo(s string, w int) string {
	if sw := format.Width(s); sw < w {
		return s + blank(w-sw)
	}
	return s
}
