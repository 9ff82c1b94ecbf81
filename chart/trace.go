package chart

import "math"

// segment is a run of points [lo, hi) whose x never decreases and whose
// plotted values are all finite. Lines are drawn within a segment only.
type segment struct{ lo, hi int }

// trace is what a Plot derives from one series for one setting of the x
// axis, log scale and smoothing: the plotted values, the segments and the
// min/max pyramid. It is cached and rebuilt only when those change.
type trace struct {
	xs     []int64
	offset int64
	ys     []float64 // plotted values: raw, smoothed and/or log10
	segs   []segment
	mm     *minMax

	// The bins of the last x mapping (see envelope).
	binMap  xMap
	binned  bool
	bins    []Bin
	binSegs [][2]int
	// The y range of the last x range (see yRange).
	yrX0, yrX1  float64
	yrLo, yrHi  float64
	yrOK, yrSet bool
}

func (t *trace) x(i int) float64 { return float64(t.xs[i] - t.offset) }

// newTrace derives a trace. smooth 0 means raw values.
func newTrace(s *Series, axis XAxis, logY bool, smooth float64) *trace {
	xs, off := s.xs(axis)
	n := min(len(xs), len(s.Values))
	ys := s.Values[:n]
	if smooth > 0 {
		ys = Smooth(nil, ys, smooth)
	}
	if logY {
		out := make([]float64, n)
		for i, v := range ys {
			// Values ≤ 0 have no place on a log axis: they become gaps.
			if v > 0 {
				out[i] = math.Log10(v)
			} else {
				out[i] = math.NaN()
			}
		}
		ys = out
	}
	t := &trace{xs: xs[:n], offset: off, ys: ys}
	t.segs = splitSegments(t.xs, t.ys)
	t.mm = newMinMax(ys)
	return t
}

// splitSegments breaks the series wherever x goes backwards or a value is
// not finite (the point itself is left out: a gap).
func splitSegments(xs []int64, ys []float64) []segment {
	var segs []segment
	start := -1
	for i := range ys {
		if !finite(ys[i]) {
			if start >= 0 {
				segs = append(segs, segment{start, i})
				start = -1
			}
			continue
		}
		if start >= 0 && xs[i] < xs[i-1] {
			segs = append(segs, segment{start, i})
			start = -1
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		segs = append(segs, segment{start, len(ys)})
	}
	return segs
}

// xExtent is the smallest and largest x of any plotted point.
func (t *trace) xExtent() (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range t.segs {
		lo, hi = min(lo, t.x(s.lo)), max(hi, t.x(s.hi-1))
	}
	return lo, hi, lo <= hi
}
