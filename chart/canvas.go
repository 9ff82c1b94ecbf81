package chart

// Braille cells are 2 dots wide and 4 tall. dotBits[y][x] is the bit of the
// dot at (x, y) within a cell (Unicode braille patterns, U+2800).
var dotBits = [4][2]uint8{{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}}

// Variant is how a series' line is drawn.
type Variant uint8

const (
	Normal Variant = iota // the only line
	Faint                 // the raw line under a smoothed one
	Bold                  // the smoothed line
)

// canvas is a braille pixel grid, reused between renders. Each cell
// remembers which series drew it last, so it can be coloured; bold lines
// keep the cell against a faint line drawn later.
type canvas struct {
	w, h    int // cells
	dots    []uint8
	owner   []int16 // series slot + 1; 0 = empty
	variant []Variant
}

func (c *canvas) reset(w, h int) {
	c.w, c.h = w, h
	n := w * h
	if cap(c.dots) < n {
		c.dots, c.owner, c.variant = make([]uint8, n), make([]int16, n), make([]Variant, n)
	}
	c.dots, c.owner, c.variant = c.dots[:n], c.owner[:n], c.variant[:n]
	clear(c.dots)
	clear(c.owner)
	clear(c.variant)
}

// pw and ph are the size in pixels.
func (c *canvas) pw() int { return c.w * 2 }
func (c *canvas) ph() int { return c.h * 4 }

func (c *canvas) set(px, py int, slot int, v Variant) {
	if px < 0 || py < 0 || px >= c.pw() || py >= c.ph() {
		return
	}
	i := (py/4)*c.w + px/2
	c.dots[i] |= dotBits[py%4][px%2]
	if c.variant[i] == Bold && v != Bold {
		return
	}
	c.owner[i], c.variant[i] = int16(slot+1), v
}

// line draws from (x0, y0) to (x1, y1) with Bresenham's algorithm.
func (c *canvas) line(x0, y0, x1, y1 int, slot int, v Variant) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := 1, 1
	if x0 > x1 {
		sx = -1
	}
	if y0 > y1 {
		sy = -1
	}
	err := dx + dy
	for {
		c.set(x0, y0, slot, v)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * err
		if e2 >= dy {
			err += dy
			x0 += sx
		}
		if e2 <= dx {
			err += dx
			y0 += sy
		}
	}
}

// vline draws a vertical run of dots between y0 and y1 inclusive.
func (c *canvas) vline(x, y0, y1 int, slot int, v Variant) {
	if y0 > y1 {
		y0, y1 = y1, y0
	}
	for y := y0; y <= y1; y++ {
		c.set(x, y, slot, v)
	}
}

func (c *canvas) rune(i int) rune { return rune(0x2800) + rune(c.dots[i]) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
