package chart

import (
	"math"
	"sort"
)

// Bin is the envelope of the points of one segment that fall into one pixel
// column: their minimum and maximum, and the first and last value so that
// neighbouring columns join where the data actually goes.
type Bin struct {
	Col         int
	Min, Max    float64
	First, Last float64
	N           int // points in the column
	// Edge marks an interpolated crossing of the left or right border (the
	// line to a point outside the zoomed range), not a logged point.
	Edge bool
}

// xMap maps x values onto cols pixel columns: column c holds
// [x0 + c·w, x0 + (c+1)·w) with w = (x1-x0)/cols, and x1 itself lands in the
// last column.
type xMap struct {
	x0, x1 float64
	cols   int
}

func (m xMap) col(x float64) int {
	if m.x1 <= m.x0 {
		return m.cols / 2
	}
	c := int(math.Floor((x - m.x0) / (m.x1 - m.x0) * float64(m.cols)))
	return min(max(c, 0), m.cols-1)
}

// envelope bins the trace's points within [m.x0, m.x1] by column, segment
// by segment, and calls fn with each segment's bins in column order. The
// bins slice is reused between calls.
func (t *trace) envelope(m xMap, fn func(bins []Bin)) {
	var bins []Bin
	for _, s := range t.segs {
		bins = t.segmentBins(s, m, bins[:0])
		if len(bins) > 0 {
			fn(bins)
		}
	}
}

func (t *trace) segmentBins(s segment, m xMap, bins []Bin) []Bin {
	// The segment's x never decreases, so the visible points are [a, b).
	a := s.lo + sort.Search(s.hi-s.lo, func(i int) bool { return t.x(s.lo+i) >= m.x0 })
	b := a + sort.Search(s.hi-a, func(i int) bool { return t.x(a+i) > m.x1 })
	if a > s.lo && a < s.hi {
		// A line comes in from the left: where it crosses the border.
		bins = append(bins, t.edge(a-1, a, m.x0, 0))
	}
	for i := a; i < b; {
		c := m.col(t.x(i))
		// The column's points are [i, e): the first point past its column.
		e := i + 1
		if e < b && m.col(t.x(e)) == c {
			e = i + sort.Search(b-i, func(k int) bool { return m.col(t.x(i+k)) > c })
		}
		var mn, mx float64
		if e-i <= 2*rangeBlock {
			mn, mx = t.ys[i], t.ys[i]
			for _, v := range t.ys[i+1 : e] {
				mn, mx = min(mn, v), max(mx, v)
			}
		} else {
			mn, mx, _ = t.mm.query(i, e)
		}
		bins = append(bins, Bin{Col: c, Min: mn, Max: mx, First: t.ys[i], Last: t.ys[e-1], N: e - i})
		i = e
	}
	if b < s.hi && b > s.lo {
		bins = append(bins, t.edge(b-1, b, m.x1, m.cols-1))
	}
	return bins
}

// edge interpolates the line between points i and j at x, as a bin in col.
func (t *trace) edge(i, j int, x float64, col int) Bin {
	xi, xj := t.x(i), t.x(j)
	y := t.ys[i]
	if xj > xi {
		y += (t.ys[j] - t.ys[i]) * (x - xi) / (xj - xi)
	}
	return Bin{Col: col, Min: y, Max: y, First: y, Last: y, Edge: true}
}
