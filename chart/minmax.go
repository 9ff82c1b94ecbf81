package chart

import "math"

// rangeBlock is the fan-out of the min/max pyramid. Small blocks keep the
// scan at each end of a query short; 16 measured best for 1M points.
const rangeBlock = 16

// minMax answers "min and max of ys[lo:hi], ignoring non-finite values" in
// O(rangeBlock·log n) using a pyramid of per-block minima and maxima. It is
// what makes a per-column envelope over a million points cheap enough to
// recompute on every zoom.
type minMax struct {
	ys   []float64
	mins [][]float64 // level L summarises rangeBlock^(L+1) values
	maxs [][]float64
}

func newMinMax(ys []float64) *minMax {
	m := &minMax{ys: ys}
	lmin, lmax := ys, ys
	raw := true
	for len(lmin) > 2*rangeBlock {
		n := (len(lmin) + rangeBlock - 1) / rangeBlock
		nmin, nmax := make([]float64, n), make([]float64, n)
		for b := range n {
			lo, hi := b*rangeBlock, min((b+1)*rangeBlock, len(lmin))
			mn, mx := math.Inf(1), math.Inf(-1)
			for i := lo; i < hi; i++ {
				a, z := lmin[i], lmax[i]
				if raw && !finite(a) {
					continue
				}
				mn, mx = min(mn, a), max(mx, z)
			}
			nmin[b], nmax[b] = mn, mx
		}
		m.mins, m.maxs = append(m.mins, nmin), append(m.maxs, nmax)
		lmin, lmax, raw = nmin, nmax, false
	}
	return m
}

// query returns the min and max finite value in ys[lo:hi]; ok is false when
// there is none.
func (m *minMax) query(lo, hi int) (mn, mx float64, ok bool) {
	mn, mx = math.Inf(1), math.Inf(-1)
	level := -1 // -1 is the raw values
	for lo < hi {
		if level+1 >= len(m.mins) || hi-lo < 2*rangeBlock {
			m.scan(level, lo, hi, &mn, &mx)
			break
		}
		a := (lo + rangeBlock - 1) / rangeBlock * rangeBlock
		b := hi / rangeBlock * rangeBlock
		m.scan(level, lo, a, &mn, &mx)
		m.scan(level, b, hi, &mn, &mx)
		lo, hi = a/rangeBlock, b/rangeBlock
		level++
	}
	return mn, mx, mn <= mx
}

func (m *minMax) scan(level, lo, hi int, mn, mx *float64) {
	if level < 0 {
		for _, v := range m.ys[lo:hi] {
			if finite(v) {
				*mn, *mx = min(*mn, v), max(*mx, v)
			}
		}
		return
	}
	// Empty blocks hold +Inf/-Inf and so never win.
	for i := lo; i < hi; i++ {
		*mn, *mx = min(*mn, m.mins[level][i]), max(*mx, m.maxs[level][i])
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
