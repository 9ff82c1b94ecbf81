package chart

import "math"

// sparkLevels are the eighths of a cell, lowest first.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// Spark draws values over time as one row of width block characters,
// [t0, t1] spread over the columns. A column shows the largest value that
// falls in it, so a short peak is never averaged away; a column with no
// sample, before the first or after the last, is a space. The scale runs from lo to hi (a percentage passes 0
// and 100; NaN bounds take the data's own range). Non-finite samples are
// left out.
func Spark(times []int64, values []float64, t0, t1 int64, width int, lo, hi float64) string {
	if width <= 0 {
		return ""
	}
	cols := make([]float64, width)
	for i := range cols {
		cols[i] = math.NaN()
	}
	dataLo, dataHi := math.Inf(1), math.Inf(-1)
	for i, v := range values {
		if i >= len(times) || !finite(v) {
			continue
		}
		c := width / 2
		if t1 > t0 {
			c = int(float64(times[i]-t0) / float64(t1-t0) * float64(width))
		}
		c = min(max(c, 0), width-1)
		if math.IsNaN(cols[c]) || v > cols[c] {
			cols[c] = v
		}
		dataLo, dataHi = min(dataLo, v), max(dataHi, v)
	}
	// Between two samples the line holds the earlier one: a series sampled
	// every few seconds is continuous, not a dotted row.
	end := len(cols) - 1 // the last column with a sample
	for end >= 0 && math.IsNaN(cols[end]) {
		end--
	}
	last := math.NaN()
	for i := 0; i < end; i++ {
		if v := cols[i]; !math.IsNaN(v) {
			last = v
		} else if !math.IsNaN(last) {
			cols[i] = last
		}
	}
	if math.IsNaN(lo) {
		lo = dataLo
	}
	if math.IsNaN(hi) {
		hi = dataHi
	}
	out := make([]rune, width)
	for i, v := range cols {
		switch {
		case math.IsNaN(v):
			out[i] = ' '
		case hi <= lo:
			out[i] = sparkLevels[0]
		default:
			f := (v - lo) / (hi - lo)
			out[i] = sparkLevels[min(max(int(math.Round(f*float64(len(sparkLevels)-1))), 0), len(sparkLevels)-1)]
		}
	}
	return string(out)
}
