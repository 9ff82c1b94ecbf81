package chart

import (
	"math"
	"strings"
)

// ScatterAxis maps one column's values onto [0, 1]: linear, log10, or
// categorical lanes (values are lane indices, spaced evenly).
type ScatterAxis struct {
	Lo, Hi float64
	Log    bool
	Lanes  int // > 0: categorical with this many lanes
}

// FitAxis finds the range of the usable values. NaN and ±Inf are never
// usable; on a log axis neither is anything ≤ 0. skipped counts the values
// left out for those reasons.
func FitAxis(vals []float64, log bool, lanes int) (a ScatterAxis, skipped int) {
	a = ScatterAxis{Log: log, Lanes: lanes, Lo: math.Inf(1), Hi: math.Inf(-1)}
	for _, v := range vals {
		t, ok := a.transform(v)
		if !ok {
			skipped++
			continue
		}
		a.Lo, a.Hi = math.Min(a.Lo, t), math.Max(a.Hi, t)
	}
	if a.Lo > a.Hi { // nothing usable
		a.Lo, a.Hi = 0, 1
	}
	return a, skipped
}

func (a ScatterAxis) transform(v float64) (float64, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	if a.Lanes > 0 {
		return v, v >= 0 && int(v) < a.Lanes
	}
	if a.Log {
		if v <= 0 {
			return 0, false
		}
		return math.Log10(v), true
	}
	return v, true
}

// Pos is v's place on the axis in [0, 1]; ok false when v is not usable.
// A single value (or a range of zero width) sits in the middle.
func (a ScatterAxis) Pos(v float64) (float64, bool) {
	t, ok := a.transform(v)
	if !ok {
		return 0, false
	}
	if a.Lanes > 0 {
		return (t + 0.5) / float64(a.Lanes), true
	}
	return a.frac(t), true
}

// pad keeps the extreme points off the axis lines.
const pad = 0.04

func (a ScatterAxis) frac(t float64) float64 {
	if !(a.Hi > a.Lo) {
		return 0.5
	}
	return pad + (1-2*pad)*(t-a.Lo)/(a.Hi-a.Lo)
}

// Value turns a transformed axis value back into the column's value.
func (a ScatterAxis) Value(t float64) float64 {
	if a.Log && a.Lanes == 0 {
		return math.Pow(10, t)
	}
	return t
}

// Ticks are up to n labelled positions in [0, 1] (lanes: every lane's index).
func (a ScatterAxis) Ticks(n int) (pos []float64, labels []string) {
	if a.Lanes > 0 {
		for i := range a.Lanes {
			pos = append(pos, (float64(i)+0.5)/float64(a.Lanes))
			labels = append(labels, "")
		}
		return pos, labels
	}
	ticks, step := linearTicks(a.Lo, a.Hi, n)
	if a.Log && step < 1 { // label whole decades when there are two
		var whole []float64
		for _, t := range ticks {
			if t == math.Trunc(t) {
				whole = append(whole, t)
			}
		}
		if len(whole) >= 2 {
			ticks = whole
		}
	}
	for _, t := range ticks {
		p := a.frac(t)
		if p < 0 || p > 1 {
			continue
		}
		pos = append(pos, p)
		if a.Log {
			labels = append(labels, formatValue(math.Pow(10, t)))
		} else {
			labels = append(labels, tickLabel(t, step))
		}
	}
	return pos, labels
}

// ScatterPoint is one run placed on the plot: X and Y in [0, 1], Slot its
// colour bucket (-1 plain), Marked drawn in the marked paint.
type ScatterPoint struct {
	X, Y   float64
	Slot   int
	Marked bool
}

// ScatterStyles are the paints of the plot area.
type ScatterStyles struct {
	Point  Paint   // uncoloured points
	Colors []Paint // colour buckets, low to high
	Marked Paint
	Cursor Paint
}

// ScatterGrid is a drawn plot area, kept so the cursor can be put on it
// without drawing the points again.
type ScatterGrid struct {
	c     canvas
	w, h  int
	paint []int16 // per cell: 0 plain, 1 marked, 2+ colour bucket
}

// Draw places every point on a w×h cell braille grid. A marked point
// keeps its cell's paint against unmarked ones drawn later.
func (g *ScatterGrid) Draw(w, h int, pts []ScatterPoint) {
	w, h = max(w, 1), max(h, 1)
	g.w, g.h = w, h
	g.c.reset(w, h)
	if cap(g.paint) < w*h {
		g.paint = make([]int16, w*h)
	}
	g.paint = g.paint[:w*h]
	clear(g.paint)
	for _, p := range pts {
		px, py, ok := g.pixel(p.X, p.Y)
		if !ok {
			continue
		}
		g.c.set(px, py, 0, Normal)
		i := (py/4)*w + px/2
		switch {
		case p.Marked:
			g.paint[i] = 1
		case g.paint[i] != 1 && p.Slot >= 0:
			g.paint[i] = int16(p.Slot) + 2
		}
	}
}

func (g *ScatterGrid) pixel(x, y float64) (int, int, bool) {
	if !(x >= 0 && x <= 1 && y >= 0 && y <= 1) {
		return 0, 0, false
	}
	pw, ph := g.c.pw(), g.c.ph()
	px := int(math.Round(x * float64(pw-1)))
	py := int(math.Round((1 - y) * float64(ph-1)))
	return px, py, true
}

// Cell is the cell a position falls in.
func (g *ScatterGrid) Cell(x, y float64) (col, row int, ok bool) {
	px, py, ok := g.pixel(x, y)
	return px / 2, py / 4, ok
}

// Lines renders the grid, one string per row; the cell at (cx, cy) is drawn
// as a cursor (cx < 0 for none).
func (g *ScatterGrid) Lines(st *ScatterStyles, cx, cy int) []string {
	out := make([]string, g.h)
	var b strings.Builder
	for y := range g.h {
		b.Reset()
		for x := range g.w {
			i := y*g.w + x
			if x == cx && y == cy {
				st.Cursor.write(&b, "◆")
				continue
			}
			if g.c.dots[i] == 0 {
				b.WriteByte(' ')
				continue
			}
			p := st.Point
			switch k := g.paint[i]; {
			case k == 1:
				p = st.Marked
			case k >= 2 && len(st.Colors) > 0:
				p = st.Colors[int(k-2)%len(st.Colors)]
			}
			p.write(&b, string(g.c.rune(i)))
		}
		out[y] = b.String()
	}
	return out
}

// Nearest is the point closest to from in direction (dx, dy) (screen
// units, y up), or from when none lies that way. Points off the direction's
// axis cost twice as much, so the cursor goes the way it is told.
func Nearest(pts []ScatterPoint, from, dx, dy int) int {
	if from < 0 || from >= len(pts) {
		return from
	}
	o := pts[from]
	best, bestD := from, math.Inf(1)
	for i, p := range pts {
		if i == from {
			continue
		}
		ax, ay := p.X-o.X, p.Y-o.Y
		along := ax*float64(dx) + ay*float64(dy)
		across := math.Abs(ax*float64(dy) - ay*float64(dx))
		if !(along > 0) {
			continue
		}
		if d := along + 2*across; d < bestD {
			best, bestD = i, d
		}
	}
	return best
}
