package scatter

import (
	"math"

	"charm.land/lipgloss/v2"

	plot "mltui/chart"
	"mltui/theme"
	"mltui/views"
)

// colorBuckets is how many steps the colour column is split into.
const colorBuckets = 5

// layout is the plot for one size and set of axes: the points, which run
// each is, and the drawn grid. Moving the cursor reuses it.
type layout struct {
	version      int
	plotW, plotH int
	xa, ya, ca   plot.ScatterAxis
	pts          []plot.ScatterPoint
	run          []int // pts[i] is runs[run[i]]
	missing      []string
	grid         plot.ScatterGrid
	marks        int // the marks count it was drawn with
}

func paints(env views.Env) plot.ScatterStyles {
	st := env.Styles()
	t := env.Theme
	p := plot.ScatterStyles{
		Point:  plot.PaintOf(st.Muted),
		Marked: plot.PaintOf(st.RowMarked.Bold(true)),
		Cursor: plot.PaintOf(st.Accent.Bold(true).Reverse(true)),
	}
	for i := range colorBuckets {
		p.Colors = append(p.Colors, plot.PaintOf(lipgloss.NewStyle().Foreground(t.SeriesColorAt(i%theme.SeriesCount()))))
	}
	return p
}

// ensure rebuilds the layout when the size, axes or marks changed.
func (m *Model) ensure(plotW, plotH int) *layout {
	l := m.layout
	if l != nil && l.plotW == plotW && l.plotH == plotH && l.version == m.version && l.marks == m.env.Marks.Len() {
		return l
	}
	if l == nil || l.plotW != plotW || l.plotH != plotH || l.version != m.version {
		l = m.build(plotW, plotH)
	}
	l.marks = m.env.Marks.Len()
	for i := range l.pts {
		l.pts[i].Marked = m.env.Marks.Has(m.runs[l.run[i]].Info.RunID)
	}
	l.grid.Draw(plotW, plotH, l.pts)
	m.layout = l
	m.cursor = min(m.cursor, max(len(l.pts)-1, 0))
	return l
}

func (m *Model) build(plotW, plotH int) *layout {
	l := &layout{plotW: plotW, plotH: plotH, version: m.version}
	if m.x < 0 || m.y < 0 {
		return l
	}
	xc, yc := m.cols[m.x], m.cols[m.y]
	l.xa, _ = plot.FitAxis(xc.Vals, m.logX && xc.Lanes == nil, len(xc.Lanes))
	l.ya, _ = plot.FitAxis(yc.Vals, m.logY && yc.Lanes == nil, len(yc.Lanes))
	var cc *column
	if m.color >= 0 {
		cc = &m.cols[m.color]
		l.ca, _ = plot.FitAxis(cc.Vals, false, len(cc.Lanes))
	}
	noX, noY, badX, badY := 0, 0, 0, 0
	for i := range m.runs {
		switch {
		case !xc.Has[i]:
			noX++
			continue
		case !yc.Has[i]:
			noY++
			continue
		}
		px, okx := l.xa.Pos(xc.Vals[i])
		py, oky := l.ya.Pos(yc.Vals[i])
		if !okx {
			badX++
		}
		if !oky {
			badY++
		}
		if !okx || !oky {
			continue
		}
		slot := -1
		if cc != nil {
			if c, ok := l.ca.Pos(cc.Vals[i]); ok {
				slot = min(int(c*colorBuckets), colorBuckets-1)
			}
		}
		l.pts = append(l.pts, plot.ScatterPoint{X: px, Y: py, Slot: slot})
		l.run = append(l.run, i)
	}
	l.missing = notes(noX, xc.Name, noY, yc.Name, badX, badY, m.logX, m.logY)
	return l
}

func notes(noX int, xn string, noY int, yn string, badX, badY int, logX, logY bool) []string {
	var out []string
	add := func(n int, what string) {
		if n > 0 {
			out = append(out, plural(n)+" "+what)
		}
	}
	add(noX, "without "+xn)
	add(noY, "without "+yn)
	why := func(log bool) string {
		if log {
			return "not positive or finite"
		}
		return "not finite"
	}
	add(badX, "left out: x "+why(logX))
	add(badY, "left out: y "+why(logY))
	return out
}

func plural(n int) string {
	if n == 1 {
		return "1 run"
	}
	return itoa(n) + " runs"
}

func itoa(n int) string { return formatNum(float64(n)) }

func formatNum(v float64) string {
	if math.Trunc(v) == v && math.Abs(v) < 1e15 {
		return fmtInt(int64(v))
	}
	return fmtFloat(v)
}
