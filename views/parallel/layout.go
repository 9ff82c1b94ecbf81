package parallel

import (
	"math"

	plot "mltui/chart"
)

// layout is the plot for one size and set of axes: every run's positions,
// its colour, what could not be drawn, the rows brush edges step over,
// and the drawn lines with their rendered spans (redrawn only when a
// brush changes; moving the focus reuses them).
type layout struct {
	version, w, h int
	ys            []float64 // len(runs) × len(axes); NaN first: not drawn
	bucket        []int8    // colour slot per run
	drawn         int
	notes         []string
	groups        [][]rowGroup // per axis

	brushV int
	slot   []int8
	grid   plot.ParallelGrid
	spans  [][]string // per row, per gap between axes
}

const colorBuckets = 5

// ensure returns the layout for a w×h plot, rebuilding what changed.
func (m *Model) ensure(w, h int) *layout {
	l := m.layout
	if l == nil || l.w != w || l.h != h || l.version != m.version {
		l = m.build(w, h)
		m.layout = l
	}
	if l.brushV != m.brushV {
		mem := m.members()
		for i, b := range l.bucket {
			l.slot[i] = -1
			if mem.in[i] {
				l.slot[i] = b
			}
		}
		order := make([]int, colorBuckets)
		for i := range order {
			order[i] = i
		}
		if c := m.colorAxis(); c >= 0 && m.env.Config.LowerIsBetter(m.cols[m.axes[c].col].Name) {
			for i := range order { // the best (lowest) on top
				order[i] = colorBuckets - 1 - i
			}
		}
		l.grid.Draw(w, h, len(m.axes), l.ys, l.slot, colorBuckets, order)
		axes := l.grid.Axes()
		for r := range h {
			row := l.spans[r][:0]
			for a := range len(axes) - 1 {
				row = append(row, l.grid.Span(&m.paints, r, axes[a]+1, axes[a+1]))
			}
			l.spans[r] = row
		}
		l.brushV = m.brushV
	}
	return l
}

func (m *Model) build(w, h int) *layout {
	n := len(m.axes)
	l := &layout{version: m.version, w: w, h: h, brushV: -1,
		ys: make([]float64, len(m.runs)*n), bucket: make([]int8, len(m.runs)), slot: make([]int8, len(m.runs)),
		spans: make([][]string, h), groups: make([][]rowGroup, n)}
	missing, unusable := make([]int, n), make([]int, n)
	ca := m.colorAxis()
	for i := range m.runs {
		row := l.ys[i*n : (i+1)*n]
		ok := true
		for k := range m.axes {
			a := &m.axes[k]
			c := &m.cols[a.col]
			p, usable := a.pos(c, i)
			if !usable {
				if !c.Has[i] {
					missing[k]++
				} else {
					unusable[k]++
				}
				ok = false
				break
			}
			row[k] = p
		}
		if !ok {
			row[0] = math.NaN()
			continue
		}
		l.drawn++
		l.bucket[i] = colorBuckets / 2
		if ca >= 0 {
			t := (row[ca] - 0.04) / 0.92
			l.bucket[i] = int8(min(max(int(t*colorBuckets), 0), colorBuckets-1))
		}
	}
	for k := range m.axes {
		a := &m.axes[k]
		c := &m.cols[a.col]
		l.groups[k] = a.groups(c, h)
		if missing[k] > 0 {
			l.notes = append(l.notes, plural(missing[k])+" without "+c.Name)
		}
		if unusable[k] > 0 {
			why := "not finite"
			if a.log && !c.Categorical() {
				why = "not positive or finite"
			}
			l.notes = append(l.notes, plural(unusable[k])+": "+c.Name+" "+why)
		}
	}
	return l
}
