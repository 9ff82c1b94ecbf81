package chart

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"mltui/format"

	"github.com/charmbracelet/x/ansi"
)

// Stat summarises one series for the legend.
type Stat struct {
	N         int // points
	NonFinite int // NaN and ±Inf points
	// Last is MLflow's latest value: the point with the largest (step,
	// timestamp, value). It may be NaN.
	Last     float64
	LastStep int64
	HasLast  bool
	// Min and Max are over finite values, with the step where each first
	// occurs.
	Min, Max         float64
	MinStep, MaxStep int64
	HasRange         bool
}

// ComputeStats summarises a series in one pass.
func ComputeStats(s *Series) Stat {
	st := Stat{N: s.Len(), Min: math.Inf(1), Max: math.Inf(-1)}
	var lastTs int64
	for i, v := range s.Values {
		step, ts := s.Steps[i], s.Times[i]
		if !st.HasLast || later(step, ts, v, st.LastStep, lastTs, st.Last) {
			st.Last, st.LastStep, lastTs, st.HasLast = v, step, ts, true
		}
		if !finite(v) {
			st.NonFinite++
			continue
		}
		if v < st.Min {
			st.Min, st.MinStep = v, step
		}
		if v > st.Max {
			st.Max, st.MaxStep = v, step
		}
	}
	st.HasRange = st.Min <= st.Max
	return st
}

// later orders points as MLflow picks the latest metric: by step, then
// timestamp, then value (NaN sorts last here, as in SQL's is_nan ordering).
func later(step, ts int64, v float64, step0, ts0 int64, v0 float64) bool {
	if step != step0 {
		return step > step0
	}
	if ts != ts0 {
		return ts > ts0
	}
	return v > v0 || (math.IsNaN(v) && !math.IsNaN(v0))
}

// Stats returns the cached summary of the i-th series.
func (p *Plot) Stats(i int) Stat {
	s := p.series[i]
	k := traceKey{id: s.ID, rev: s.Rev, n: s.Len()}
	if st, ok := p.stats[k]; ok {
		return st
	}
	st := ComputeStats(s)
	p.stats[k] = st
	return st
}

// Reading is the value of one series at the cursor.
type Reading struct {
	Slot     int
	Name     string
	Step     int64
	X        float64 // on the current axis
	Value    float64
	Smoothed float64 // set when smoothing is on
	OK       bool    // the series has a finite point to read
}

// Readout returns each series' point nearest to x on the current axis
// (raw value, and the smoothed value when smoothing is on).
func (p *Plot) Readout(x float64) []Reading {
	out := make([]Reading, len(p.series))
	for si, s := range p.series {
		r := Reading{Slot: s.Slot, Name: s.Name}
		t := p.trace(s, 0)
		best, bestD := -1, math.Inf(1)
		for _, sg := range t.segs {
			j := sg.lo + sort.Search(sg.hi-sg.lo, func(i int) bool { return t.x(sg.lo+i) >= x })
			for _, k := range []int{j - 1, j} {
				if k < sg.lo || k >= sg.hi {
					continue
				}
				// Ties go to the later segment: after a resume, the newer data.
				if d := math.Abs(t.x(k) - x); d <= bestD {
					best, bestD = k, d
				}
			}
		}
		if best >= 0 {
			r.OK, r.Step, r.X, r.Value = true, s.Steps[best], t.x(best), s.Values[best]
			if p.opts.Smoothing > 0 {
				r.Smoothed = p.trace(s, p.opts.Smoothing).ys[best]
				if p.opts.LogY {
					r.Smoothed = math.Pow(10, r.Smoothed)
				}
			}
		}
		out[si] = r
	}
	return out
}

// legendMarks tell series apart without colour.
var legendMarks = []string{"●", "■", "▲", "◆", "★", "▼", "✚", "◀", "▶", "⬟", "◉", "□", "△", "◇", "☆", "▽"}

// Mark is the legend glyph of a palette slot.
func Mark(slot int) string {
	n := len(legendMarks)
	return legendMarks[((slot%n)+n)%n]
}

// Legend returns one line per series, at most width cells each: mark, run
// name, last, min and max with their steps, and the value at the cursor
// when it is shown.
func (p *Plot) Legend(width int) []string {
	if len(p.series) == 0 || width <= 0 {
		return nil
	}
	type row struct {
		mark  string
		slot  int
		name  string
		cells []string
	}
	rows := make([]row, len(p.series))
	var readings []Reading
	if p.opts.ShowCursor {
		readings = p.Readout(p.opts.Cursor)
	}
	nameW := 4
	for i, s := range p.series {
		st := p.Stats(i)
		var cells []string
		switch {
		case i < len(p.bands):
			cells = p.bandCells(i, st)
		case st.HasLast:
			cells = append(cells, fmt.Sprintf("last %s", formatValue(st.Last)))
		default:
			cells = append(cells, "no points")
		}
		if st.HasRange && i >= len(p.bands) {
			cells = append(cells,
				fmt.Sprintf("min %s @%d", formatValue(st.Min), st.MinStep),
				fmt.Sprintf("max %s @%d", formatValue(st.Max), st.MaxStep))
		}
		if readings != nil && readings[i].OK {
			r := readings[i]
			c := fmt.Sprintf("▏step %d: %s", r.Step, formatValue(r.Value))
			if p.opts.Smoothing > 0 {
				c += " ~" + formatValue(r.Smoothed)
			}
			cells = append(cells, c)
		}
		switch {
		case s.Sampled:
			cells = append(cells, "sampled")
		case s.Partial:
			cells = append(cells, "partial")
		}
		name := s.Name
		if name == "" {
			name = s.ID
		}
		name = format.Visible(name) // run names are anyone's text
		rows[i] = row{Mark(s.Slot), s.Slot, name, cells}
		nameW = max(nameW, ansi.StringWidth(name))
	}
	nameW = min(nameW, max(width/3, 8))
	// Align each column across rows.
	var colW []int
	for _, r := range rows {
		for j, c := range r.cells {
			if j >= len(colW) {
				colW = append(colW, 0)
			}
			colW[j] = max(colW[j], ansi.StringWidth(c))
		}
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		var plain strings.Builder
		plain.WriteString(padRight(r.name, nameW))
		for j, c := range r.cells {
			plain.WriteString("  ")
			if j == len(r.cells)-1 {
				plain.WriteString(c)
			} else {
				plain.WriteString(padRight(c, colW[j]))
			}
		}
		text := ansi.Truncate(strings.TrimRight(plain.String(), " "), max(width-2, 0), "…")
		var b strings.Builder
		p.styles.series(r.slot, Normal).write(&b, r.mark)
		b.WriteByte(' ')
		p.styles.Label.write(&b, text)
		out[i] = b.String()
	}
	return out
}

// bandCells are a band's legend cells: how many runs, the mean's last
// value and the spread of the members' own last values (runs whose last
// value is NaN are counted apart: a diverged seed should be seen).
func (p *Plot) bandCells(i int, mean Stat) []string {
	bs := p.BandStats(i)
	runs := fmt.Sprintf("%d runs", bs.Runs)
	if bs.Runs == 1 {
		runs = "1 run"
	}
	if nan := bs.Runs - bs.Finite; nan > 0 {
		runs += fmt.Sprintf(" (%d NaN)", nan)
	}
	cells := []string{runs}
	if mean.HasLast {
		cells = append(cells, "mean last "+formatValue(mean.Last))
	} else {
		cells = append(cells, "no points")
	}
	if bs.HasLast {
		cells = append(cells, fmt.Sprintf("runs' last %s … %s", formatValue(bs.Lo), formatValue(bs.Hi)))
	}
	return cells
}
