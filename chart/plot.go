package chart

import (
	"math"
	"sort"
	"time"
)

// Options are everything that changes how a chart is drawn. The struct is
// comparable, so a Plot can tell when its cached drawing is still good.
type Options struct {
	Width, Height int // the whole chart, in terminal cells
	Title         string
	X             XAxis
	LogY          bool
	Smoothing     float64 // EMA weight; 0 is off, at most MaxSmoothing

	// Zoomed marks an explicit x range [XLo, XHi]; otherwise the chart
	// shows all the data.
	Zoomed   bool
	XLo, XHi float64

	// ShowCursor draws a vertical cursor at x = Cursor.
	ShowCursor bool
	Cursor     float64

	// Location is the time zone of wall-time labels; nil is time.Local.
	Location *time.Location
}

// Range is an x or y interval.
type Range struct{ Lo, Hi float64 }

// traceKey names one derived trace. Appending points changes n, so a
// growing live series gets a fresh trace without a Rev bump.
type traceKey struct {
	id     string
	rev    uint64
	n      int
	axis   XAxis
	logY   bool
	smooth float64
}

// Plot draws one metric for a set of series and keeps the result: Render
// recomputes only after the data, the size or an option changed.
type Plot struct {
	opts   Options
	styles Styles
	series []*Series
	seen   []seriesKey // identity of the series at the last SetSeries

	traces map[traceKey]*trace
	stats  map[traceKey]Stat
	canvas canvas

	// Bands (see SetBands): the series are then the bands' means.
	bands          []Band
	bandSeen       []seriesKey
	bandLo, bandHi []float64 // per pixel column, reused

	out   string
	valid bool
	// What the last render showed, for the view's zoom and cursor keys.
	shownX, shownY Range
	plotCols       int
}

type seriesKey struct {
	id   string
	rev  uint64
	n    int
	slot int
	name string
	smp  bool
	part bool
}

// NewPlot returns an empty plot drawn with st.
func NewPlot(st Styles) *Plot {
	return &Plot{styles: st, traces: map[traceKey]*trace{}, stats: map[traceKey]Stat{}}
}

// SetOptions changes the options; the drawing is redone only if they differ.
func (p *Plot) SetOptions(o Options) {
	if o != p.opts {
		p.opts, p.valid = o, false
	}
}

// Options returns the current options.
func (p *Plot) Options() Options { return p.opts }

// SetStyles changes the paints (a theme switch).
func (p *Plot) SetStyles(st Styles) { p.styles, p.valid = st, false }

// SetSeries replaces the series (and drops any bands). Unchanged series
// (same ID, Rev and length) keep their derived traces, so re-setting the
// same data is free.
func (p *Plot) SetSeries(ss []*Series) {
	if p.bands != nil {
		p.bands, p.bandSeen, p.valid = nil, nil, false
	}
	p.setSeries(ss)
}

func (p *Plot) setSeries(ss []*Series) {
	keys := make([]seriesKey, len(ss))
	for i, s := range ss {
		keys[i] = seriesKey{s.ID, s.Rev, s.Len(), s.Slot, s.Name, s.Sampled, s.Partial}
	}
	if len(keys) == len(p.seen) {
		same := true
		for i := range keys {
			if keys[i] != p.seen[i] {
				same = false
				break
			}
		}
		if same {
			p.series = ss
			return
		}
	}
	p.series, p.seen, p.valid = ss, keys, false
}

// Series returns the series being drawn.
func (p *Plot) Series() []*Series { return p.series }

// Dirty reports whether the next Render will redraw.
func (p *Plot) Dirty() bool { return !p.valid }

func (p *Plot) key(s *Series, smooth float64) traceKey {
	return traceKey{s.ID, s.Rev, s.Len(), p.opts.X, p.opts.LogY, smooth}
}

// trace returns the cached trace of s for the current options.
func (p *Plot) trace(s *Series, smooth float64) *trace {
	k := p.key(s, smooth)
	if t, ok := p.traces[k]; ok {
		return t
	}
	t := newTrace(s, p.opts.X, p.opts.LogY, smooth)
	p.traces[k] = t
	return t
}

// prune drops traces no current series or option uses, so memory follows
// what is on screen.
func (p *Plot) prune() {
	keep := map[traceKey]bool{}
	for _, s := range p.series {
		keep[p.key(s, 0)] = true
		keep[p.key(s, p.opts.Smoothing)] = true
	}
	for _, b := range p.bands {
		for _, s := range b.Members {
			keep[p.key(s, 0)] = true
		}
	}
	for k := range p.traces {
		if !keep[k] {
			delete(p.traces, k)
		}
	}
	for k := range p.stats {
		if !keep[traceKey{id: k.id, rev: k.rev, n: k.n}] {
			delete(p.stats, k)
		}
	}
}

// Extent is the x range of all the data on the current axis.
func (p *Plot) Extent() (Range, bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range p.series {
		if a, b, ok := p.trace(s, 0).xExtent(); ok {
			lo, hi = min(lo, a), max(hi, b)
		}
	}
	return Range{lo, hi}, lo <= hi
}

// Shown is the x range and y range (plotted units: log10 on a log axis) of
// the last render, and the plot's width in pixel columns.
func (p *Plot) Shown() (x, y Range, pixelCols int) { return p.shownX, p.shownY, p.plotCols }

// VisibleSteps is the step range of the points inside the shown x range,
// whatever the x axis: what a zoom needs to fetch exactly.
func (p *Plot) VisibleSteps() (lo, hi int64, ok bool) {
	lo, hi = math.MaxInt64, math.MinInt64
	for _, s := range p.series {
		t := p.trace(s, 0)
		for _, sg := range t.segs {
			a := sg.lo + sort.Search(sg.hi-sg.lo, func(i int) bool { return t.x(sg.lo+i) >= p.shownX.Lo })
			b := a + sort.Search(sg.hi-a, func(i int) bool { return t.x(a+i) > p.shownX.Hi })
			for _, st := range s.Steps[a:b] {
				lo, hi = min(lo, st), max(hi, st)
			}
		}
	}
	return lo, hi, lo <= hi
}
