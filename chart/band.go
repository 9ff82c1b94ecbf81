package chart

import (
	"hash/fnv"
	"math"
	"slices"
	"strconv"
)

// Band is a group of runs drawn as one: the mean of its members step by
// step, and the envelope of every member's points around it. The mean is
// what the legend and the cursor read; the envelope is drawn from the
// members' own points, column by column, so a spike in one member is in
// the band even when the mean smooths it away.
type Band struct {
	Mean    *Series
	Members []*Series
}

// MeanOf is the per-step mean of the members' finite values, as a series
// with the given identity. A member that logged one step twice counts
// with its last value there, as MLflow's latest-value rule would; a step
// where no member has a finite value is a gap (NaN). Times are the mean
// of the members' times at the step, so the time axes still work.
func MeanOf(id, name string, slot int, members []*Series) *Series {
	type acc struct {
		sum, n float64
		tsum   float64
		tn     float64
	}
	byStep := map[int64]*acc{}
	var steps []int64
	for _, m := range members {
		last := map[int64]int{} // step → index of the member's last point there
		for i, st := range m.Steps[:m.Len()] {
			last[st] = i
		}
		for st, i := range last {
			a := byStep[st]
			if a == nil {
				a = &acc{}
				byStep[st] = a
				steps = append(steps, st)
			}
			if i < len(m.Times) {
				a.tsum += float64(m.Times[i])
				a.tn++
			}
			if v := m.Values[i]; finite(v) {
				a.sum += v
				a.n++
			}
		}
	}
	slices.Sort(steps)
	out := &Series{ID: id, Name: name, Slot: slot, Rev: MembersRev(members),
		Steps: steps, Times: make([]int64, len(steps)), Values: make([]float64, len(steps))}
	for i, st := range steps {
		a := byStep[st]
		if a.tn > 0 {
			out.Times[i] = int64(math.Round(a.tsum / a.tn))
		}
		out.Values[i] = math.NaN()
		if a.n > 0 {
			out.Values[i] = a.sum / a.n
		}
	}
	for _, m := range members {
		out.Sampled = out.Sampled || m.Sampled
		out.Partial = out.Partial || m.Partial
	}
	return out
}

// MembersRev is the identity of the members' data: it changes when any
// member's data does (the series' Rev and length), so a caller can keep a
// mean until then.
func MembersRev(members []*Series) uint64 {
	h := fnv.New64a()
	for _, m := range members {
		_, _ = h.Write([]byte(m.ID + "\x00" + strconv.FormatUint(m.Rev, 10) + "\x00" + strconv.Itoa(m.Len()) + "\x00"))
	}
	return h.Sum64()
}

// SetBands draws bands: each band's mean is a series (the legend and the
// cursor read it) and its members' envelope is drawn faint around it.
// SetSeries afterwards drops the bands.
func (p *Plot) SetBands(bs []Band) {
	means := make([]*Series, len(bs))
	var keys []seriesKey
	for i, b := range bs {
		means[i] = b.Mean
		keys = append(keys, seriesKey{id: "\x00band"})
		for _, s := range b.Members {
			keys = append(keys, seriesKey{s.ID, s.Rev, s.Len(), b.Mean.Slot, "", s.Sampled, s.Partial})
		}
	}
	same := p.bands != nil && slices.Equal(keys, p.bandSeen)
	p.setSeries(means)
	if !same {
		p.bands, p.bandSeen, p.valid = bs, keys, false
	} else {
		p.bands = bs
	}
}

// Bands returns the bands being drawn (nil when the series are drawn one
// by one).
func (p *Plot) Bands() []Band { return p.bands }

// drawBands draws each band's upper and lower edge: per pixel column the
// largest and smallest value any member has there (over every point the
// column holds, so nothing is averaged away), joined column to column.
// Only the edges are drawn: a filled braille band would swallow its mean
// line, which is drawn over it in the same colour.
func (p *Plot) drawBands(m xMap, py func(float64) int) {
	c := &p.canvas
	cols := m.cols
	if cap(p.bandLo) < cols {
		p.bandLo, p.bandHi = make([]float64, cols), make([]float64, cols)
	}
	lo, hi := p.bandLo[:cols], p.bandHi[:cols]
	for _, b := range p.bands {
		for i := range lo {
			lo[i], hi[i] = math.Inf(1), math.Inf(-1)
		}
		for _, s := range b.Members {
			p.trace(s, 0).envelope(m, func(bins []Bin) {
				for _, bn := range bins {
					lo[bn.Col] = min(lo[bn.Col], bn.Min)
					hi[bn.Col] = max(hi[bn.Col], bn.Max)
				}
			})
		}
		prev := -1
		for col := range cols {
			if lo[col] > hi[col] {
				continue
			}
			if prev >= 0 {
				c.line(prev, py(hi[prev]), col, py(hi[col]), b.Mean.Slot, Faint)
				c.line(prev, py(lo[prev]), col, py(lo[col]), b.Mean.Slot, Faint)
			}
			c.vline(col, py(hi[col]), py(hi[col]), b.Mean.Slot, Faint)
			c.vline(col, py(lo[col]), py(lo[col]), b.Mean.Slot, Faint)
			prev = col
		}
	}
}

// bandYRange widens a y range to every member's values within [x0, x1].
func (p *Plot) bandYRange(x0, x1 float64, yr *Range) {
	for _, b := range p.bands {
		for _, s := range b.Members {
			if lo, hi, ok := p.trace(s, 0).yRange(x0, x1); ok {
				yr.Lo, yr.Hi = min(yr.Lo, lo), max(yr.Hi, hi)
			}
		}
	}
}

// BandStat summarises a band's members at their latest points.
type BandStat struct {
	Runs    int     // members
	Finite  int     // members whose latest value is finite
	Lo, Hi  float64 // the smallest and largest finite latest value
	HasLast bool
}

// BandStats summarises band i for the legend.
func (p *Plot) BandStats(i int) BandStat {
	b := p.bands[i]
	st := BandStat{Runs: len(b.Members), Lo: math.Inf(1), Hi: math.Inf(-1)}
	for _, s := range b.Members {
		k := traceKey{id: s.ID, rev: s.Rev, n: s.Len()}
		ms, ok := p.stats[k]
		if !ok {
			ms = ComputeStats(s)
			p.stats[k] = ms
		}
		if ms.HasLast && finite(ms.Last) {
			st.Finite++
			st.Lo, st.Hi = min(st.Lo, ms.Last), max(st.Hi, ms.Last)
		}
	}
	st.HasLast = st.Finite > 0
	return st
}
