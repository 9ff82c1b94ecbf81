package scatter

import (
	"strings"

	"charm.land/lipgloss/v2"

	plot "mltui/chart"
	"mltui/format"
)

// yLabelW is the width of the y tick labels left of the plot.
const yLabelW = 9

func plotNearest(l *layout, from, dx, dy int) int { return plot.Nearest(l.pts, from, dx, dy) }

// View draws the header, the plot with its axes and the detail footer.
func (m *Model) View() string {
	st := m.env.Styles()
	if p := m.picker.List(); p != nil {
		return p.View(st, m.width, m.height)
	}
	if len(m.cols) == 0 || m.x < 0 || m.y < 0 {
		return st.Muted.Render("no metrics or params to plot")
	}
	pw, ph := max(m.width-yLabelW-1, 4), max(m.height-4, 2)
	l := m.ensure(pw, ph)
	lines := make([]string, 0, m.height)
	lines = append(lines, format.Truncate(m.header(l), m.width))

	cx, cy := -1, -1
	if len(l.pts) > 0 {
		p := l.pts[m.cursor]
		cx, cy, _ = l.grid.Cell(p.X, p.Y)
	}
	rows := l.grid.Lines(&m.styles, cx, cy)
	ylab := m.yLabels(l, ph)
	for i, r := range rows {
		lines = append(lines, st.Muted.Render(padLeft(ylab[i], yLabelW))+st.Subtle.Render("│")+r)
	}
	lines = append(lines, strings.Repeat(" ", yLabelW)+st.Subtle.Render("└"+strings.Repeat("─", pw)))
	lines = append(lines, st.Muted.Render(m.xLabels(l, pw)))
	lines = append(lines, format.Truncate(m.footer(l), m.width))
	return strings.Join(lines, "\n")
}

func (m *Model) header(l *layout) string {
	st := m.env.Styles()
	s := st.Muted.Render("x ") + m.axisName(m.x, m.logX) + st.Muted.Render("  y ") + m.axisName(m.y, m.logY)
	if m.color >= 0 {
		c := m.cols[m.color]
		s += st.Muted.Render("  colour ") + format.Visible(c.label()) + " "
		for _, p := range m.styles.Colors {
			s += p.Pre + "■" + p.Post
		}
		if c.Lanes != nil {
			s += st.Muted.Render(" " + format.Visible(c.Lanes[0]) + "…" + format.Visible(c.Lanes[len(c.Lanes)-1]))
		} else {
			s += st.Muted.Render(" " + fmtFloat(l.ca.Lo) + "…" + fmtFloat(l.ca.Hi))
		}
	}
	return s + st.Muted.Render("  "+plural(len(l.pts)))
}

func (m *Model) axisName(i int, log bool) string {
	c := m.cols[i]
	s := format.Visible(c.label())
	if log && c.Lanes == nil {
		s += " (log)"
	}
	return s
}

func (m *Model) yLabels(l *layout, ph int) []string {
	out := make([]string, ph)
	pos, labels := l.ya.Ticks(max(ph/4, 2))
	lanes := m.cols[m.y].Lanes
	for i, p := range pos {
		row := int((1 - p) * float64(ph-1))
		if row < 0 || row >= ph {
			continue
		}
		lab := labels[i]
		if lanes != nil {
			lab = format.Visible(lanes[i])
		}
		out[row] = format.Truncate(lab, yLabelW-1)
	}
	return out
}

func (m *Model) xLabels(l *layout, pw int) string {
	buf := []rune(strings.Repeat(" ", pw+yLabelW+1))
	pos, labels := l.xa.Ticks(max(pw/12, 2))
	lanes := m.cols[m.x].Lanes
	next := 0
	for i, p := range pos {
		lab := labels[i]
		if lanes != nil {
			lab = format.Truncate(format.Visible(lanes[i]), max(pw/len(lanes)-1, 1))
		}
		col := yLabelW + 1 + int(p*float64(pw-1)) - lipgloss.Width(lab)/2
		col = max(col, next)
		r := []rune(lab)
		if col+len(r) > len(buf) {
			continue
		}
		copy(buf[col:], r)
		next = col + len(r) + 1
	}
	return string(buf)
}

func (m *Model) footer(l *layout) string {
	st := m.env.Styles()
	var parts []string
	if len(l.pts) > 0 {
		i := l.run[m.cursor]
		r := m.runs[i]
		name := r.Info.RunName
		if name == "" {
			name = r.Info.RunID
		}
		s := st.Accent.Render("◆ "+format.Visible(name)) + "  " + m.value(m.x, i) + ", " + m.value(m.y, i)
		if m.color >= 0 {
			s += ", " + m.value(m.color, i)
		}
		if m.env.Marks.Has(r.Info.RunID) {
			s += st.RowMarked.Render("  marked")
		}
		parts = append(parts, s)
	}
	for _, n := range l.missing {
		parts = append(parts, st.Muted.Render(n))
	}
	return strings.Join(parts, st.Muted.Render(" · "))
}

func (m *Model) value(col, run int) string {
	c := m.cols[col]
	v := "—"
	switch {
	case !c.Has[run]:
	case c.Lanes != nil:
		v = format.Visible(c.Lanes[int(c.Vals[run])])
	default:
		v = fmtFloat(c.Vals[run])
	}
	return format.Visible(c.Name) + "=" + v
}

func padLeft(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}
