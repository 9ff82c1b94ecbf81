package chart

// Series is one run's history of one metric in logged order. Steps, Times
// and Values have the same length; Times are epoch milliseconds.
type Series struct {
	ID     string // run ID: identity for caches; the colour slot comes from Slot
	Name   string // legend label
	Slot   int    // palette slot for the styles
	Steps  []int64
	Times  []int64
	Values []float64
	// Rev changes whenever the data changes, so a Plot knows to rebuild what
	// it derived from the series. Appending points may keep Rev: the length
	// is part of the cache key too.
	Rev uint64
	// Sampled marks a series that holds the server's evenly spaced sample,
	// not every point; the legend says so.
	Sampled bool
	// Partial marks a series that holds the first part of every point
	// while the rest is read; the legend says so.
	Partial bool
}

// Len is the number of points.
func (s *Series) Len() int { return len(s.Values) }

// XAxis is what the horizontal axis measures.
type XAxis int

const (
	XStep     XAxis = iota // the logged step
	XWallTime              // the point's timestamp
	XRelative              // time since the series' first point
)

func (a XAxis) String() string {
	switch a {
	case XWallTime:
		return "wall time"
	case XRelative:
		return "relative time"
	default:
		return "step"
	}
}

// xs returns the x coordinate source for an axis: int64 values plus an
// offset, so no float copy of a million-point series is made.
func (s *Series) xs(a XAxis) (vals []int64, offset int64) {
	switch a {
	case XWallTime:
		return s.Times, 0
	case XRelative:
		if len(s.Times) > 0 {
			return s.Times, s.Times[0]
		}
		return s.Times, 0
	default:
		return s.Steps, 0
	}
}
