package diff

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"mltui/format"
)

// LongValue is the length (in runes) beyond which a value is read in the
// detail pane rather than in its cell.
const LongValue = 40

// textCell builds a cell for a string value (params, tags, attributes).
// Numeric strings also get Num so a change can be measured.
func textCell(raw string, ok bool) Cell {
	if !ok {
		return Cell{Text: Missing, Missing: true}
	}
	c := Cell{Text: format.Visible(raw), Raw: raw} // one line, nothing a terminal acts on
	if v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); err == nil {
		c.Num, c.IsNum = v, true
	}
	return c
}

// numCell builds a cell for a metric value. Raw stays empty: the full
// value is Num (exports format it at full precision).
func numCell(v float64) Cell {
	return Cell{Text: format.Float(v), Num: v, IsNum: true}
}

func missingCell() Cell { return Cell{Text: Missing, Missing: true} }

// sameCell compares two cells for "did this value differ". Pending and
// failed cells never compare equal: their value is unknown.
func sameCell(a, b Cell, metric bool) bool {
	if a.Pending || b.Pending || a.Failed || b.Failed {
		return false
	}
	if a.Missing || b.Missing {
		return a.Missing == b.Missing
	}
	if metric {
		return sameNumber(a.Num, b.Num)
	}
	return a.Raw == b.Raw
}

// finish fills the per-row facts that depend on the baseline: which cells
// changed, whether the row is identical, its change size, and for metric
// rows the deltas and the best cells.
func finish(r *Row, base int) {
	metric := r.Metric()
	b := r.Cells[base]
	r.Identical = true
	for i := range r.Cells {
		c := &r.Cells[i]
		if !sameCell(*c, r.Cells[0], metric) {
			r.Identical = false
		}
		if !r.Long && isLong(*c) {
			r.Long = true
		}
		if i == base {
			continue
		}
		c.Changed = !sameCell(*c, b, metric)
		if !c.Changed || !c.IsNum || !b.IsNum || c.Pending || b.Pending {
			continue
		}
		d := NewDelta(c.Num, b.Num)
		if metric {
			c.Delta = d
		}
		switch {
		case d.HasPct:
			r.Change = max(r.Change, abs(d.Pct))
		case d.HasAbs: // zero baseline, non-zero value: an unbounded relative change
			r.Change = inf
		}
	}
	if metric {
		markBest(r)
	}
}

// markBest highlights the best finite value of a metric row, when there are
// at least two finite values and they are not all equal.
func markBest(r *Row) {
	n, best := 0, 0.0
	spread := false
	for _, c := range r.Cells {
		if !c.IsNum || c.Pending || c.Failed || !finite(c.Num) {
			continue
		}
		switch {
		case n == 0:
			best = c.Num
		case c.Num != best:
			spread = true
			if (r.Lower && c.Num < best) || (!r.Lower && c.Num > best) {
				best = c.Num
			}
		}
		n++
	}
	if n < 2 || !spread {
		return
	}
	for i := range r.Cells {
		c := &r.Cells[i]
		if c.IsNum && !c.Pending && !c.Failed && c.Num == best {
			c.Best = true
		}
	}
}

// isLong: the value as the reader sees it (its visible form) is longer
// than a cell, or it has several lines.
func isLong(c Cell) bool {
	if len(c.Text) > LongValue && utf8.RuneCountInString(c.Text) > LongValue {
		return true
	}
	return strings.IndexByte(c.Raw, '\n') >= 0 || strings.IndexByte(c.Raw, '\r') >= 0
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
