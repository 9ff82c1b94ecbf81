package diff

import (
	"fmt"
	"math"
	"strconv"
)

// Delta is a value's change against the baseline. Either part may be
// undefined: the absolute change needs two finite values, the percent
// change also needs a non-zero baseline.
type Delta struct {
	Abs    float64
	Pct    float64
	HasAbs bool
	HasPct bool
}

// NewDelta is v's change from base.
func NewDelta(v, base float64) Delta {
	if !finite(v) || !finite(base) {
		return Delta{}
	}
	d := Delta{Abs: v - base, HasAbs: true}
	if base != 0 {
		d.Pct = d.Abs / math.Abs(base) * 100
		d.HasPct = finite(d.Pct)
	}
	return d
}

// AbsText is the signed absolute change, or Missing when undefined.
func (d Delta) AbsText() string {
	if !d.HasAbs {
		return Missing
	}
	if d.Abs == 0 {
		return "±0"
	}
	return signed(strconv.FormatFloat(d.Abs, 'g', 4, 64), d.Abs)
}

// PctText is the signed percent change, or Missing when undefined.
func (d Delta) PctText() string {
	if !d.HasPct {
		return Missing
	}
	p := d.Pct
	a := math.Abs(p)
	switch {
	case p == 0:
		return "±0%"
	case a >= 100:
		return fmt.Sprintf("%+.0f%%", p)
	case a >= 1:
		return fmt.Sprintf("%+.1f%%", p)
	default:
		return signed(strconv.FormatFloat(p, 'g', 2, 64), p) + "%"
	}
}

func signed(s string, v float64) string {
	if v > 0 {
		return "+" + s
	}
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// sameNumber treats NaN as equal to NaN: two runs that both logged NaN did not differ.
func sameNumber(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return a == b
}
