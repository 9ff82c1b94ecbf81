package chart

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"mltui/format"

	"github.com/charmbracelet/x/ansi"
)

// The smallest chart that still has room for a line and its axes.
const (
	MinWidth  = 16
	MinHeight = 5
)

// layer is one line to draw: a series' raw or smoothed trace.
type layer struct {
	t    *trace
	slot int
	v    Variant
}

// Render draws the chart as exactly Height lines of Width cells: a title
// row, the plot with its y axis, the x axis and the x labels. The result
// is cached until the data, the size or an option changes.
func (p *Plot) Render() string {
	if p.valid {
		return p.out
	}
	p.out = p.draw()
	p.valid = true
	p.prune()
	return p.out
}

func (p *Plot) layers() []layer {
	var ls []layer
	smooth := p.opts.Smoothing
	raw := Normal
	if smooth > 0 {
		raw = Faint
	}
	for _, s := range p.series {
		ls = append(ls, layer{p.trace(s, 0), s.Slot, raw})
	}
	if smooth > 0 {
		for _, s := range p.series {
			ls = append(ls, layer{p.trace(s, smooth), s.Slot, Bold})
		}
	}
	return ls
}

// xRange is the x range to show: the zoom, or all the data.
func (p *Plot) xRange() (Range, bool) {
	r, ok := p.Extent()
	if p.opts.Zoomed && p.opts.XHi > p.opts.XLo {
		r, ok = Range{p.opts.XLo, p.opts.XHi}, true
	}
	if !ok {
		return Range{0, 1}, false
	}
	if r.Hi <= r.Lo {
		// One step (or one instant): centre it.
		pad := 1.0
		if p.opts.X != XStep {
			pad = 1000
		}
		r = Range{r.Lo - pad, r.Hi + pad}
	}
	return r, true
}

func (p *Plot) draw() string {
	w, h := p.opts.Width, p.opts.Height
	if w < MinWidth || h < MinHeight {
		return blankBox(w, h, "too small")
	}
	layers := p.layers()
	xr, hasData := p.xRange()

	yr := Range{math.Inf(1), math.Inf(-1)}
	for _, l := range layers {
		if lo, hi, ok := l.t.yRange(xr.Lo, xr.Hi); ok {
			yr.Lo, yr.Hi = min(yr.Lo, lo), max(yr.Hi, hi)
		}
	}
	p.bandYRange(xr.Lo, xr.Hi, &yr)
	hasY := yr.Lo <= yr.Hi
	if !hasY {
		yr = Range{0, 1}
	}
	if yr.Hi == yr.Lo {
		pad := math.Abs(yr.Lo) * 0.1
		if p.opts.LogY || pad == 0 {
			pad = 0.5 // half a decade on a log axis; ±0.5 around zero
		}
		yr = Range{yr.Lo - pad, yr.Hi + pad}
	}

	plotH := h - 3
	yt := p.yTicks(yr, plotH)
	gutter := 1
	for _, t := range yt {
		gutter = max(gutter, ansi.StringWidth(t.label)+1)
	}
	gutter = min(gutter, w/3)
	plotW := w - gutter - 1
	m := xMap{xr.Lo, xr.Hi, plotW * 2}

	c := &p.canvas
	c.reset(plotW, plotH)
	ph := float64(c.ph() - 1)
	py := func(y float64) int { return int(math.Round((yr.Hi - y) / (yr.Hi - yr.Lo) * ph)) }
	p.drawBands(m, py)
	for _, l := range layers {
		l.t.envelope(m, func(bins []Bin) {
			px, pyl := 0, 0
			for j, b := range bins {
				if j > 0 {
					c.line(px, pyl, b.Col, py(b.First), l.slot, l.v)
				}
				c.vline(b.Col, py(b.Max), py(b.Min), l.slot, l.v)
				px, pyl = b.Col, py(b.Last)
			}
		})
	}
	p.shownX, p.shownY, p.plotCols = xr, yr, plotW*2

	cursorCol := -1
	if p.opts.ShowCursor && p.opts.Cursor >= xr.Lo && p.opts.Cursor <= xr.Hi {
		cursorCol = m.col(p.opts.Cursor) / 2
	}

	var b strings.Builder
	b.Grow((w + 16) * h * 3)
	p.titleRow(&b, w)

	tickAt := map[int]string{}
	for _, t := range yt {
		row := py(t.v) / 4
		if _, dup := tickAt[row]; !dup && row >= 0 && row < plotH {
			tickAt[row] = t.label
		}
	}
	points := 0
	for _, s := range p.series {
		points += s.Len()
	}
	msg := ""
	switch {
	case points == 0:
		msg = "no data"
	case !hasData || !hasY:
		msg = "no finite values"
	}
	for r := range plotH {
		b.WriteByte('\n')
		label, tick := tickAt[r]
		p.styles.Label.write(&b, padLeft(label, gutter-1))
		b.WriteByte(' ')
		axis := "│"
		if tick {
			axis = "┤"
		}
		p.styles.Axis.write(&b, axis)
		if msg != "" && r == plotH/2 {
			p.styles.Note.write(&b, center(msg, plotW))
			continue
		}
		p.cellRow(&b, r, cursorCol)
	}
	b.WriteByte('\n')
	p.xAxisRows(&b, xr, m, gutter, plotW)
	return b.String()
}

// cellRow writes one row of braille cells, grouping runs of one paint.
func (p *Plot) cellRow(b *strings.Builder, r, cursorCol int) {
	c := &p.canvas
	const plain, cursor = -1, -2
	style := func(i, col int) int {
		switch {
		case c.dots[i] != 0:
			return int(c.owner[i]-1)*3 + int(c.variant[i])
		case col == cursorCol:
			return cursor
		default:
			return plain
		}
	}
	var run strings.Builder
	cur := plain
	flush := func() {
		switch {
		case run.Len() == 0:
		case cur == plain:
			b.WriteString(run.String())
		case cur == cursor:
			p.styles.Cursor.write(b, run.String())
		default:
			p.styles.series(cur/3, Variant(cur%3)).write(b, run.String())
		}
		run.Reset()
	}
	for col := range c.w {
		i := r*c.w + col
		s := style(i, col)
		if s != cur {
			flush()
			cur = s
		}
		switch s {
		case plain:
			run.WriteByte(' ')
		case cursor:
			run.WriteString("│")
		default:
			run.WriteRune(c.rune(i))
		}
	}
	flush()
}

func (p *Plot) titleRow(b *strings.Builder, w int) {
	var notes []string
	sampled, partial := false, false
	for _, s := range p.series {
		sampled, partial = sampled || s.Sampled, partial || s.Partial
	}
	if sampled {
		notes = append(notes, "sampled")
	}
	if partial {
		notes = append(notes, "partial")
	}
	if len(p.bands) > 0 {
		notes = append(notes, "mean · min–max")
	}
	if p.opts.X != XStep {
		notes = append(notes, "x: "+p.opts.X.String())
	}
	if p.opts.LogY {
		notes = append(notes, "log y")
	}
	if p.opts.Smoothing > 0 {
		notes = append(notes, fmt.Sprintf("smooth %.2f", p.opts.Smoothing))
	}
	if p.opts.Zoomed {
		notes = append(notes, "zoom")
	}
	note := strings.Join(notes, " · ")
	nw := ansi.StringWidth(note)
	if nw > w-4 {
		note, nw = "", 0
	}
	title := ansi.Truncate(format.Visible(p.opts.Title), max(w-nw-1, 0), "…")
	tw := ansi.StringWidth(title)
	p.styles.Title.write(b, title)
	b.WriteString(strings.Repeat(" ", max(w-tw-nw, 0)))
	if note != "" {
		p.styles.Note.write(b, note)
	}
}

// xAxisRows writes the x axis line with tick marks and the labels under it.
func (p *Plot) xAxisRows(b *strings.Builder, xr Range, m xMap, gutter, plotW int) {
	ticks := p.xTicks(xr, plotW)
	line := []rune(strings.Repeat("─", plotW))
	labels := []rune(strings.Repeat(" ", gutter+1+plotW))
	end := -1
	for _, t := range ticks {
		col := m.col(t.v) / 2
		if col < 0 || col >= plotW {
			continue
		}
		line[col] = '┬'
		lw := ansi.StringWidth(t.label)
		start := gutter + 1 + col - lw/2
		start = min(max(start, 0), len(labels)-lw)
		if start <= end || start < 0 {
			continue
		}
		copy(labels[start:], []rune(t.label))
		end = start + lw
	}
	b.WriteString(strings.Repeat(" ", gutter))
	p.styles.Axis.write(b, "└"+string(line))
	b.WriteByte('\n')
	p.styles.Label.write(b, string(labels))
}

type tick struct {
	v     float64
	label string
}

func (p *Plot) yTicks(yr Range, rows int) []tick {
	n := max(2, rows/3)
	var out []tick
	if !p.opts.LogY {
		vs, step := linearTicks(yr.Lo, yr.Hi, n)
		for _, v := range vs {
			out = append(out, tick{v, tickLabel(v, step)})
		}
		return out
	}
	if yr.Hi-yr.Lo >= 1 {
		// Whole decades.
		step := math.Max(1, math.Round(niceStep((yr.Hi-yr.Lo)/float64(n))))
		for k := math.Ceil(yr.Lo/step) * step; k <= yr.Hi; k += step {
			out = append(out, tick{k, formatValue(math.Pow(10, k))})
		}
		return out
	}
	// Less than a decade: round values, placed on the log scale.
	lo, hi := math.Pow(10, yr.Lo), math.Pow(10, yr.Hi)
	vs, step := linearTicks(lo, hi, n)
	for _, v := range vs {
		if v > 0 {
			out = append(out, tick{math.Log10(v), tickLabel(v, step)})
		}
	}
	return out
}

func (p *Plot) xTicks(xr Range, cols int) []tick {
	n := max(2, cols/12)
	var out []tick
	switch p.opts.X {
	case XWallTime:
		loc := p.opts.Location
		if loc == nil {
			loc = time.Local
		}
		vs, step := timeTicks(xr.Lo, xr.Hi, n)
		for _, v := range vs {
			out = append(out, tick{v, formatClock(v, step, loc)})
		}
	case XRelative:
		vs, _ := timeTicks(xr.Lo, xr.Hi, n)
		for _, v := range vs {
			out = append(out, tick{v, formatDuration(v)})
		}
	default:
		step := max(1, niceStep((xr.Hi-xr.Lo)/float64(n)))
		for v := math.Ceil(xr.Lo/step) * step; v <= xr.Hi; v += step {
			out = append(out, tick{v, formatStep(v)})
		}
	}
	return out
}

// yRange is the smallest and largest plotted value within [x0, x1],
// including where lines cross the borders.
func (t *trace) yRange(x0, x1 float64) (lo, hi float64, ok bool) {
	if t.yrSet && t.yrX0 == x0 && t.yrX1 == x1 {
		return t.yrLo, t.yrHi, t.yrOK
	}
	defer func() { t.yrX0, t.yrX1, t.yrLo, t.yrHi, t.yrOK, t.yrSet = x0, x1, lo, hi, ok, true }()
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range t.segs {
		a := s.lo + sort.Search(s.hi-s.lo, func(i int) bool { return t.x(s.lo+i) >= x0 })
		b := a + sort.Search(s.hi-a, func(i int) bool { return t.x(a+i) > x1 })
		if a < b {
			if mn, mx, ok := t.mm.query(a, b); ok {
				lo, hi = min(lo, mn), max(hi, mx)
			}
		}
		if a > s.lo && a < s.hi {
			e := t.edge(a-1, a, x0, 0)
			lo, hi = min(lo, e.Min), max(hi, e.Max)
		}
		if b < s.hi && b > s.lo {
			e := t.edge(b-1, b, x1, 0)
			lo, hi = min(lo, e.Min), max(hi, e.Max)
		}
	}
	return lo, hi, lo <= hi
}

func padLeft(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw >= w {
		return ansi.Truncate(s, w, "")
	}
	return strings.Repeat(" ", w-sw) + s
}

func padRight(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw >= w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

func center(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw >= w {
		return ansi.Truncate(s, w, "…")
	}
	left := (w - sw) / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", w-sw-left)
}

func blankBox(w, h int, msg string) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := make([]string, h)
	for i := range lines {
		lines[i] = strings.Repeat(" ", w)
	}
	lines[h/2] = center(msg, w)
	return strings.Join(lines, "\n")
}
