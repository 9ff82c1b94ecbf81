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
// bins of the last mapping are kept, so redraws that do not move or resize
// the x axis (a cursor step, a theme change) do not bin again.
func (t *trace) envelope(m xMap, fn func(bins []Bin)) {
	if !t.binned || t.binMap != m {
		t.bins = t.bins[:0]
		t.binSegs = t.binSegs[:0]
		for _, s := range t.segs {
			start := len(t.bins)
			t.bins = t.segmentBins(s, m, t.bins)
			if len(t.bins) > start {
				t.binSegs = append(t.binSegs, [2]int{start, len(t.bins)})
			}
		}
		t.binMap, t.binned = m, true
	}
	for _, r := range t.binSegs {
		fn(t.bins[r[0]:r[1]])
	}
}

// searchCol returns the first index in [i, hi) whose column is past c
// (hi if none). x never decreases in a segment, so the column is monotone
// in the index; the first probe is interpolated from the column boundary,
// which lands on or next to the answer for evenly logged steps, and the
// bracket then grows and is bisected.
func (t *trace) searchCol(m xMap, i, hi, c int) int {
	past := func(k int) bool { return m.col(t.x(k)) > c }
	if i >= hi || past(i) {
		return i
	}
	if i == hi-1 {
		return hi
	}
	// i is in column c; guess where column c+1 starts.
	g := i + 1
	if span := t.x(hi-1) - t.x(i); span > 0 && m.x1 > m.x0 {
		xb := m.x0 + float64(c+1)*(m.x1-m.x0)/float64(m.cols)
		if f := (xb - t.x(i)) / span * float64(hi-1-i); f > 0 && f < float64(hi) {
			g = i + int(f)
		}
	}
	g = min(max(g, i+1), hi-1)
	// Bracket (lo, up]: past(lo) false, past(up) true (or up == hi).
	lo, up := i, hi
	if past(g) {
		up = g
		for step := 1; ; step *= 2 {
			k := g - step
			if k <= lo {
				break
			}
			if !past(k) {
				lo = k
				break
			}
			up = k
		}
	} else {
		lo = g
		for step := 1; ; step *= 2 {
			k := g + step
			if k >= hi {
				break
			}
			if past(k) {
				up = k
				break
			}
			lo = k
		}
	}
	return lo + 1 + sort.Search(up-lo-1, func(k int) bool { return past(lo + 1 + k) })
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
		e := t.searchCol(m, i+1, b, c) // the column's points are [i, e)
		var mn, mx float64
		if e-i <= 2*rangeBlock {
			mn, mx = t.ys[i], t.ys[i]
			for _, v := range t.ys[i+1 : e] {
				if v < mn {
					mn = v
				}
				if v > mx {
					mx = v
				}
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
