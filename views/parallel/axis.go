package parallel

import (
	plot "mltui/chart"
)

// axis is one vertical axis: a column, its scale and its brush.
type axis struct {
	col   int // index into Model.cols
	log   bool
	scale plot.ScatterAxis
	brush brush
}

// brush is the part of an axis a run must lie in. A numeric brush is a
// range of positions on the axis, both edges inclusive; a categorical one
// is the chosen lanes (none chosen: no brush).
type brush struct {
	on     bool
	lo, hi float64 // numeric: positions in [0, 1]
	pick   []bool  // categorical: per lane
	lane   int     // categorical: the lane cursor
}

// eps absorbs rounding when an edge sits on a value's position.
const eps = 1e-9

func (a *axis) fit(c *column) {
	a.scale, _ = plot.FitAxis(c.Vals, a.log && !c.Categorical(), len(c.Lanes))
}

// pos is run i's place on the axis; ok false when it has no usable value
// (missing, NaN, ±Inf, or ≤ 0 on a log axis).
func (a *axis) pos(c *column, i int) (float64, bool) {
	if !c.Has[i] {
		return 0, false
	}
	return a.scale.Pos(c.Vals[i])
}

// inside: run i lies in the brush (a brush that is off holds every run).
func (a *axis) inside(c *column, i int) bool {
	if !a.brush.on {
		return true
	}
	if c.Categorical() {
		return c.Has[i] && a.brush.pick[int(c.Vals[i])]
	}
	p, ok := a.pos(c, i)
	return ok && p >= a.brush.lo-eps && p <= a.brush.hi+eps
}

// active: the brush leaves out at least one run that has the key. A brush
// that holds every value the runs have selects nothing away, so it is not
// written into the filter and does not drop the runs lacking the key.
func (a *axis) active(c *column) bool {
	if !a.brush.on {
		return false
	}
	for i := range c.Has {
		if c.Has[i] && !a.inside(c, i) {
			return true
		}
	}
	return false
}

// rowGroup is the values that fall in one cell row of the plot: the
// lowest and highest position among them. Brush edges step from row to
// row, the top edge to a row's highest value, the bottom edge to its
// lowest, so an edge never splits a row.
type rowGroup struct {
	row    int
	lo, hi float64
}

// groups are the rows holding a usable value, bottom to top.
func (a *axis) groups(c *column, h int) []rowGroup {
	var out []rowGroup
	byRow := map[int]int{}
	for i := range c.Has {
		p, ok := a.pos(c, i)
		if !ok {
			continue
		}
		r := plot.ParallelRow(h, p)
		g, ok := byRow[r]
		if !ok {
			byRow[r] = len(out)
			out = append(out, rowGroup{row: r, lo: p, hi: p})
			continue
		}
		out[g].lo, out[g].hi = min(out[g].lo, p), max(out[g].hi, p)
	}
	sortGroups(out)
	return out
}

func sortGroups(gs []rowGroup) {
	for i := 1; i < len(gs); i++ { // few rows: insertion sort, bottom (high row) first
		for j := i; j > 0 && gs[j].row > gs[j-1].row; j-- {
			gs[j], gs[j-1] = gs[j-1], gs[j]
		}
	}
}

// start turns a numeric brush on over every value.
func (b *brush) start(gs []rowGroup) {
	if !b.on {
		b.on, b.lo, b.hi = true, gs[0].lo, gs[len(gs)-1].hi
	}
}

// groupOf is the index of the group holding position p (the nearest one
// below it, or 0).
func groupOf(gs []rowGroup, p float64) int {
	g := 0
	for i, r := range gs {
		if r.lo <= p+eps {
			g = i
		}
	}
	return g
}

// moveTop moves the top edge dir rows of values (+1 up); it never goes
// below the bottom edge's row.
func (b *brush) moveTop(gs []rowGroup, dir int) {
	if len(gs) == 0 {
		return
	}
	b.start(gs)
	g := min(max(groupOf(gs, b.hi)+dir, groupOf(gs, b.lo)), len(gs)-1)
	b.hi = gs[g].hi
}

// moveBottom moves the bottom edge dir rows of values; it never goes
// above the top edge's row.
func (b *brush) moveBottom(gs []rowGroup, dir int) {
	if len(gs) == 0 {
		return
	}
	b.start(gs)
	g := max(min(groupOf(gs, b.lo)+dir, groupOf(gs, b.hi)), 0)
	b.lo = gs[g].lo
}

// topTo puts the top edge at the highest row (up) or at the bottom
// edge's row.
func (b *brush) topTo(gs []rowGroup, up bool) {
	if len(gs) == 0 {
		return
	}
	b.start(gs)
	if up {
		b.hi = gs[len(gs)-1].hi
	} else {
		b.hi = gs[groupOf(gs, b.lo)].hi
	}
}

// toggleLane puts the lane under the cursor in or out of a categorical
// brush; with no lane left the brush is off.
func (b *brush) toggleLane(lanes int) {
	if len(b.pick) != lanes {
		b.pick = make([]bool, lanes)
	}
	if b.lane < 0 || b.lane >= lanes {
		return
	}
	b.pick[b.lane] = !b.pick[b.lane]
	b.on = false
	for _, p := range b.pick {
		b.on = b.on || p
	}
}

func (b *brush) clear() {
	b.on, b.pick = false, nil
}
