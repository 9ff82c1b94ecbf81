package chart

import "math"

// rangeBlock is the fan-out of the min/max pyramid. Small blocks keep the
// scan at each end of a query short; 16 measured best for 1M points.
const rangeBlock = 16

// span is the smallest and largest value of a block.
type span struct{ lo, hi float64 }

// minMax answers "min and max of ys[lo:hi]" in O(rangeBlock·log n) using a
// pyramid of per-block minima and maxima. It is what makes a per-column
// envelope over a million points cheap enough to recompute on every zoom.
// Queries stay inside one segment, so the raw values they scan are finite;
// the pyramid itself leaves non-finite values out when it is built.
type minMax struct {
	ys     []float64
	levels [][]span // level L summarises rangeBlock^(L+1) values
}

func newMinMax(ys []float64) *minMax {
	m := &minMax{ys: ys}
	if len(ys) <= 2*rangeBlock {
		return m
	}
	// Level 0 from the raw values, skipping NaN and ±Inf.
	n := (len(ys) + rangeBlock - 1) / rangeBlock
	l0 := make([]span, n)
	for b := range n {
		s := span{math.Inf(1), math.Inf(-1)}
		for _, v := range ys[b*rangeBlock : min((b+1)*rangeBlock, len(ys))] {
			if finite(v) {
				s.lo, s.hi = min(s.lo, v), max(s.hi, v)
			}
		}
		l0[b] = s
	}
	m.levels = append(m.levels, l0)
	for prev := l0; len(prev) > 2*rangeBlock; {
		n := (len(prev) + rangeBlock - 1) / rangeBlock
		next := make([]span, n)
		for b := range n {
			s := span{math.Inf(1), math.Inf(-1)}
			for _, c := range prev[b*rangeBlock : min((b+1)*rangeBlock, len(prev))] {
				s.lo, s.hi = min(s.lo, c.lo), max(s.hi, c.hi)
			}
			next[b] = s
		}
		m.levels = append(m.levels, next)
		prev = next
	}
	return m
}

// query returns the min and max of ys[lo:hi], which must hold only finite
// values (one segment, or part of one); ok is false for an empty range.
func (m *minMax) query(lo, hi int) (mn, mx float64, ok bool) {
	acc := span{math.Inf(1), math.Inf(-1)}
	level := -1 // -1 is the raw values
	for lo < hi {
		if level+1 >= len(m.levels) || hi-lo < 2*rangeBlock {
			m.scan(level, lo, hi, &acc)
			break
		}
		a := (lo + rangeBlock - 1) / rangeBlock * rangeBlock
		b := hi / rangeBlock * rangeBlock
		m.scan(level, lo, a, &acc)
		m.scan(level, b, hi, &acc)
		lo, hi = a/rangeBlock, b/rangeBlock
		level++
	}
	return acc.lo, acc.hi, acc.lo <= acc.hi
}

func (m *minMax) scan(level, lo, hi int, acc *span) {
	a, z := acc.lo, acc.hi
	if level < 0 {
		for _, v := range m.ys[lo:hi] {
			a, z = min(a, v), max(z, v)
		}
	} else {
		// Blocks without finite values hold +Inf/-Inf and never win.
		for _, s := range m.levels[level][lo:hi] {
			a, z = min(a, s.lo), max(z, s.hi)
		}
	}
	acc.lo, acc.hi = a, z
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
