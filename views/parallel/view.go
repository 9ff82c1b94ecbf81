package parallel

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	plot "mltui/chart"
	"mltui/format"
	"mltui/theme"
)

// The rows around the plot: axis names and top values above it, bottom
// values and three footer lines (the focused axis, the counts, the
// filter) below.
const (
	rowsAbove = 2
	rowsBelow = 4
)

func (m *Model) plotH() int { return m.height - rowsAbove - rowsBelow }

// frameKey is everything a frame depends on besides the layout.
type frameKey struct {
	version, brushV, focus, lane, w, h int
}

// View draws the axes, the lines and the footer.
func (m *Model) View() string {
	st := m.env.Styles()
	if p := m.picker.List(); p != nil {
		return p.View(st, m.width, m.height)
	}
	w, h := m.width, m.plotH()
	if w < 8 || h < 2 {
		return st.Muted.Render("too small for parallel coordinates")
	}
	key := frameKey{m.version, m.brushV, m.focus, m.axes[m.focus].brush.lane, w, h}
	if m.frame.text != "" && m.frame.key == key {
		return m.frame.text
	}
	l := m.ensure(w, h)
	axes := l.grid.Axes()
	lines := make([]string, 0, m.height)
	lines = append(lines, m.namesRow(w, axes), m.valuesRow(w, axes, true))
	labels := m.focusLabels(h)
	f := m.focus
	var b strings.Builder
	for r := range h {
		b.Reset()
		for k := range m.axes {
			b.WriteString(m.axisCell(k, r, h))
			if k == len(m.axes)-1 {
				break
			}
			lab, ok := labels[r]
			switch {
			case ok && k == f && f < len(m.axes)-1:
				lw := min(lipgloss.Width(lab.text), axes[k+1]-axes[k]-1)
				b.WriteString(lab.style.Render(format.Truncate(lab.text, lw)))
				b.WriteString(l.grid.Span(&m.paints, r, axes[k]+1+lw, axes[k+1]))
			case ok && k == f-1 && f == len(m.axes)-1:
				lw := min(lipgloss.Width(lab.text), axes[k+1]-axes[k]-1)
				b.WriteString(l.grid.Span(&m.paints, r, axes[k]+1, axes[k+1]-lw))
				b.WriteString(lab.style.Render(format.Truncate(lab.text, lw)))
			default:
				b.WriteString(l.spans[r][k])
			}
		}
		lines = append(lines, b.String())
	}
	lines = append(lines, m.valuesRow(w, axes, false))
	lines = append(lines, format.Truncate(m.focusLine(), w), format.Truncate(m.countsLine(l), w), format.Truncate(m.filterLine(), w))
	m.frame.key, m.frame.text = key, strings.Join(lines, "\n")
	return m.frame.text
}

// label is a piece of text on a row.
type label struct {
	text  string
	style lipgloss.Style
}

// axisCell is axis k's glyph on row r: the brushed part thick, lanes as
// dots (chosen ones filled), the lane cursor on the focused axis.
func (m *Model) axisCell(k, r, h int) string {
	g := &m.glyphs
	a := &m.axes[k]
	c := &m.cols[a.col]
	line := g.axis
	if k == m.focus {
		line = g.focused
	}
	if c.Categorical() {
		for i := range c.Lanes {
			p, _ := a.scale.Pos(float64(i))
			if plot.ParallelRow(h, p) != r {
				continue
			}
			picked := a.brush.on && a.brush.pick[i]
			switch {
			case k == m.focus && a.brush.lane == i && picked:
				return g.cursorPicked
			case k == m.focus && a.brush.lane == i:
				return g.cursorLane
			case picked:
				return g.picked
			case k == m.focus:
				return g.laneFocused
			}
			return g.lane
		}
		return line
	}
	if a.brush.on && r >= plot.ParallelRow(h, a.brush.hi) && r <= plot.ParallelRow(h, a.brush.lo) {
		return g.brushed
	}
	return line
}

// glyphs are the axis cells, rendered once.
type glyphs struct {
	axis, focused, brushed    string
	lane, laneFocused, picked string
	cursorLane, cursorPicked  string
}

func newGlyphs(ps *theme.ParallelStyles) glyphs {
	return glyphs{
		axis: ps.Axis.Render("│"), focused: ps.AxisFocused.Render("│"), brushed: ps.Brush.Render("┃"),
		lane: ps.Axis.Render("•"), laneFocused: ps.AxisFocused.Render("•"), picked: ps.Brush.Render("●"),
		cursorLane: ps.Cursor.Render("•"), cursorPicked: ps.Cursor.Render("●"),
	}
}

// focusLabels are the focused axis' labels by row: its ticks (or lanes)
// and its brush's edges.
func (m *Model) focusLabels(h int) map[int]label {
	ps := &m.styles
	a := &m.axes[m.focus]
	c := &m.cols[a.col]
	out := map[int]label{}
	if c.Categorical() {
		for i, v := range c.Lanes {
			p, _ := a.scale.Pos(float64(i))
			st := ps.Label
			if a.brush.on && a.brush.pick[i] {
				st = ps.Brush
			}
			out[plot.ParallelRow(h, p)] = label{" " + format.Visible(v) + " ", st}
		}
		return out
	}
	pos, labs := a.scale.Ticks(max(h/4, 2))
	for i, p := range pos {
		out[plot.ParallelRow(h, p)] = label{" " + labs[i] + " ", ps.Label}
	}
	if a.brush.on {
		out[plot.ParallelRow(h, a.brush.hi)] = label{" " + m.edge(a, a.brush.hi) + " ", ps.Brush}
		out[plot.ParallelRow(h, a.brush.lo)] = label{" " + m.edge(a, a.brush.lo) + " ", ps.Brush}
	}
	return out
}

func (m *Model) edge(a *axis, p float64) string { return fmtFloat(a.scale.Value(a.scale.Unpos(p))) }

// namesRow is every axis' name over it; the focused one stands out.
func (m *Model) namesRow(w int, axes []int) string {
	pieces := make([]label, len(m.axes))
	for k := range m.axes {
		a := &m.axes[k]
		c := &m.cols[a.col]
		s := format.Visible(c.Name)
		if a.log && !c.Categorical() {
			s += " (log)"
		}
		st := m.styles.Name
		if k == m.focus {
			st = m.styles.AxisFocused
		}
		pieces[k] = label{s, st}
	}
	return placeRow(w, axes, pieces)
}

// valuesRow is every axis' highest (top) or lowest value.
func (m *Model) valuesRow(w int, axes []int, top bool) string {
	pieces := make([]label, len(m.axes))
	for k := range m.axes {
		a := &m.axes[k]
		c := &m.cols[a.col]
		var s string
		switch {
		case c.Categorical() && top:
			s = format.Visible(c.Lanes[len(c.Lanes)-1])
		case c.Categorical():
			s = format.Visible(c.Lanes[0])
		case a.scale.Lo > a.scale.Hi || !(a.scale.Hi >= a.scale.Lo):
		case top:
			s = fmtFloat(a.scale.Value(a.scale.Hi))
		default:
			s = fmtFloat(a.scale.Value(a.scale.Lo))
		}
		pieces[k] = label{s, m.styles.Label}
	}
	return placeRow(w, axes, pieces)
}

// placeRow puts each piece at its axis: the first left-aligned, the last
// right-aligned, the others centred; a piece that would run into the next
// is cut short.
func placeRow(w int, axes []int, pieces []label) string {
	n := len(pieces)
	start, width := make([]int, n), make([]int, n)
	for k, p := range pieces {
		width[k] = lipgloss.Width(p.text)
		switch k {
		case 0:
			start[k] = axes[k]
		case n - 1:
			start[k] = axes[k] - width[k] + 1
		default:
			start[k] = axes[k] - width[k]/2
		}
	}
	for k := n - 1; k >= 0; k-- { // the last keeps its end, the first its start
		limit := w
		if k < n-1 {
			limit = start[k+1] - 1
		}
		if k > 0 && start[k] < axes[k-1]+1 {
			start[k] = axes[k-1] + 1
		}
		start[k] = max(start[k], 0)
		width[k] = max(min(width[k], limit-start[k]), 0)
	}
	var b strings.Builder
	at := 0
	for k, p := range pieces {
		if width[k] == 0 || start[k] < at {
			continue
		}
		b.WriteString(strings.Repeat(" ", start[k]-at))
		t := format.Truncate(p.text, width[k])
		b.WriteString(p.style.Render(t))
		at = start[k] + lipgloss.Width(t)
	}
	return b.String()
}

// focusLine says what the focused axis' brush holds and how to move it.
func (m *Model) focusLine() string {
	st := m.env.Styles()
	a := &m.axes[m.focus]
	c := &m.cols[a.col]
	s := m.styles.AxisFocused.Render("▸ "+format.Visible(c.label())) + " "
	switch {
	case c.Categorical() && !a.brush.on:
		return s + st.Muted.Render("no lanes chosen: space puts the lane under the cursor in the brush")
	case c.Categorical():
		var in []string
		for i, v := range c.Lanes {
			if a.brush.pick[i] {
				in = append(in, format.Visible(v))
			}
		}
		return s + m.styles.Brush.Render(strings.Join(in, ", ")) + st.Muted.Render(" in the brush")
	case !a.brush.on:
		return s + st.Muted.Render("no brush: ↑/↓ move its top edge, [ ] its bottom edge, L log scale")
	}
	s += m.styles.Brush.Render(m.edge(a, a.brush.lo) + " … " + m.edge(a, a.brush.hi))
	if !a.active(c) {
		s += st.Muted.Render(" (holds every run)")
	}
	return s
}

// countsLine is how many runs the brush holds, and what was not drawn.
func (m *Model) countsLine(l *layout) string {
	st := m.env.Styles()
	mem := m.members()
	what := " runs in the brush"
	if m.subset {
		what = " marked runs in the brush"
	}
	parts := []string{st.Base.Render(itoa(mem.n) + " of " + itoa(len(m.runs)) + what)}
	if l.drawn < len(m.runs) {
		parts = append(parts, st.Muted.Render(itoa(len(m.runs)-l.drawn)+" not drawn ("+strings.Join(l.notes, ", ")+")"))
	}
	return strings.Join(parts, st.Muted.Render(" · "))
}

// filterLine is the brush's MLflow filter, or why there is none.
func (m *Model) filterLine() string {
	st := m.env.Styles()
	if !m.brushed() {
		return st.Muted.Render("filter: nothing brushed")
	}
	f, ok, why := m.cachedFilter()
	if !ok {
		return st.Warning.Render("filter: cannot be written: " + why)
	}
	s := st.Muted.Render("filter: ") + format.Visible(f)
	if m.subset {
		s += st.Muted.Render(" (on the server it selects from every run, not only the marked)")
	}
	return s
}

// cachedFilter is filter() for the current brushes.
func (m *Model) cachedFilter() (string, bool, string) {
	if m.filt.version != m.brushV || !m.filt.set {
		f, ok, why := m.filter()
		m.filt = filterCache{version: m.brushV, set: true, f: f, ok: ok, why: why}
	}
	return m.filt.f, m.filt.ok, m.filt.why
}

type filterCache struct {
	version int
	set, ok bool
	f, why  string
}

func plural(n int) string {
	if n == 1 {
		return "1 run"
	}
	return itoa(n) + " runs"
}

func itoa(n int) string { return strconv.Itoa(n) }

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', 5, 64) }
