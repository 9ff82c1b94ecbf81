package chart

import (
	"math"
	"strings"
)

// ParallelPaints are the paints of a parallel-coordinates plot area.
type ParallelPaints struct {
	Ramp []Paint // brushed-in lines by colour slot, low to high
	Out  Paint   // brushed-out lines
}

// ParallelGrid is a drawn parallel-coordinates plot: one polyline per run
// between neighbouring vertical axes on a braille canvas, kept so the
// screen can redraw the axes, labels and focus without drawing the lines
// again.
type ParallelGrid struct {
	c    canvas
	w, h int
	axes []int    // the cell column of each axis
	seen []uint64 // per gap: the segments already drawn (see Draw)
}

// ParallelAxes places n axes across w cells, the first at column 0 and
// the last at column w-1, evenly spaced.
func ParallelAxes(w, n int) []int {
	out := make([]int, n)
	if n == 1 {
		return out
	}
	for i := range out {
		out[i] = int(math.Round(float64(i) * float64(w-1) / float64(n-1)))
	}
	return out
}

// ParallelRow is the cell row a position y in [0, 1] (1 at the top) falls
// in on a plot h cells tall: the row Draw puts it in.
func ParallelRow(h int, y float64) int { return parallelPixel(h, y) / 4 }

func parallelPixel(h int, y float64) int {
	ph := max(h, 1) * 4
	return int(math.Round((1 - y) * float64(ph-1)))
}

// Draw draws the runs on a w×h cell grid with n axes. ys holds n
// positions per run (run i's are ys[i*n:(i+1)*n]), each in [0, 1]; a run
// whose first position is NaN is not drawn. slot is each run's colour:
// -1 brushed out (drawn first, faint), otherwise a ramp slot below slots.
// Brushed-in runs are drawn slot by slot in the order given by order, so
// the last slot ends up on top; a brushed-in line keeps its cells against
// brushed-out ones. A segment already drawn in the same paint between the
// same two pixels is drawn once, which is what keeps a sweep of many runs
// sharing values cheap.
func (g *ParallelGrid) Draw(w, h, n int, ys []float64, slot []int8, slots int, order []int) {
	w, h = max(w, 1), max(h, 1)
	g.w, g.h = w, h
	g.c.reset(w, h)
	g.axes = ParallelAxes(w, n)
	if n < 2 {
		return
	}
	ph := h * 4
	classes := slots + 1
	per := (classes*ph*ph + 63) / 64
	need := per * (n - 1)
	if cap(g.seen) < need {
		g.seen = make([]uint64, need)
	}
	g.seen = g.seen[:need]
	clear(g.seen)
	py := make([]int, n)
	runs := len(slot)
	draw := func(i int, class int, v Variant, s int) {
		row := ys[i*n : (i+1)*n]
		if math.IsNaN(row[0]) {
			return
		}
		for a := range n {
			py[a] = parallelPixel(h, row[a])
		}
		for a := range n - 1 {
			bit := (class*ph+py[a])*ph + py[a+1]
			word := a*per + bit/64
			if g.seen[word]&(1<<(bit%64)) != 0 {
				continue
			}
			g.seen[word] |= 1 << (bit % 64)
			// From the cell after axis a to the cell before axis a+1: the
			// axes' own cells are drawn by the screen.
			g.c.segment(g.axes[a]*2+2, py[a], g.axes[a+1]*2-1, py[a+1], s, v)
		}
	}
	for i := range runs {
		if slot[i] < 0 {
			draw(i, 0, Faint, 0)
		}
	}
	for _, s := range order {
		for i := range runs {
			if int(slot[i]) == s {
				draw(i, s+1, Bold, s)
			}
		}
	}
}

// Axes are the cell columns of the axes Draw placed.
func (g *ParallelGrid) Axes() []int { return g.axes }

// Size is the grid's size in cells.
func (g *ParallelGrid) Size() (w, h int) { return g.w, g.h }

// Span renders cells x0 (inclusive) to x1 (exclusive) of a row.
func (g *ParallelGrid) Span(p *ParallelPaints, row, x0, x1 int) string {
	if row < 0 || row >= g.h {
		return ""
	}
	x0, x1 = max(x0, 0), min(x1, g.w)
	var b strings.Builder
	b.Grow((x1 - x0) * 4)
	var cur *Paint
	for x := x0; x < x1; x++ {
		i := row*g.w + x
		if g.c.dots[i] == 0 {
			if cur != nil {
				b.WriteString(cur.Post)
				cur = nil
			}
			b.WriteByte(' ')
			continue
		}
		pt := &p.Out
		if g.c.variant[i] == Bold && len(p.Ramp) > 0 {
			pt = &p.Ramp[int(g.c.owner[i]-1)%len(p.Ramp)]
		}
		if cur != pt {
			if cur != nil {
				b.WriteString(cur.Post)
			}
			b.WriteString(pt.Pre)
			cur = pt
		}
		b.WriteRune(g.c.rune(i))
	}
	if cur != nil {
		b.WriteString(cur.Post)
	}
	return b.String()
}

// Unpos is the transformed value at position p on a numeric axis: Pos's
// inverse (Value turns it back into the column's value).
func (a ScatterAxis) Unpos(p float64) float64 {
	if !(a.Hi > a.Lo) {
		return a.Lo
	}
	return a.Lo + (p-pad)/(1-2*pad)*(a.Hi-a.Lo)
}

// segment is line for a run's segment: x0 ≤ x1, both ends inside the
// canvas, so the pixels need no bounds checks (Bresenham, the cell index
// kept as it goes); it paints like set.
func (c *canvas) segment(x0, y0, x1, y1 int, slot int, v Variant) {
	if x0 > x1 || x0 < 0 || x1 >= c.pw() || y0 < 0 || y0 >= c.ph() || y1 < 0 || y1 >= c.ph() {
		c.line(x0, y0, x1, y1, slot, v)
		return
	}
	dots, owner, variant := c.dots, c.owner, c.variant
	own := int16(slot + 1)
	dx, dy := x1-x0, -abs(y1-y0)
	sy := 1
	if y0 > y1 {
		sy = -1
	}
	err := dx + dy
	x, y := x0, y0
	for {
		i := (y>>2)*c.w + x>>1
		dots[i] |= dotBits[y&3][x&1]
		if v == Bold || variant[i] != Bold {
			owner[i], variant[i] = own, v
		}
		if x == x1 && y == y1 {
			return
		}
		e2 := 2 * err
		if e2 >= dy {
			err += dy
			x++
		}
		if e2 <= dx {
			err += dx
			y += sy
		}
	}
}
