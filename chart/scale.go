package chart

import (
	"math"
	"strconv"
	"strings"
	"time"

	"mltui/format"
)

// niceStep rounds a rough tick spacing to 1, 2 or 5 times a power of ten.
func niceStep(rough float64) float64 {
	if rough <= 0 || !finite(rough) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(rough)))
	switch r := rough / mag; {
	case r <= 1:
		return mag
	case r <= 2:
		return 2 * mag
	case r <= 5:
		return 5 * mag
	default:
		return 10 * mag
	}
}

// linearTicks returns about n evenly spaced round values within [lo, hi].
func linearTicks(lo, hi float64, n int) (ticks []float64, step float64) {
	if n < 1 || !(hi > lo) {
		return []float64{lo}, 0
	}
	step = niceStep((hi - lo) / float64(n))
	for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9; v += step {
		// Snap values like 0.30000000000000004 and -0 for clean labels.
		t := math.Round(v/step) * step
		if t == 0 {
			t = 0
		}
		ticks = append(ticks, t)
	}
	return ticks, step
}

// formatValue prints a metric value compactly: at most about 8 characters,
// exponent form for very large or small magnitudes.
func formatValue(v float64) string {
	if s, ok := format.NonFinite(v); ok {
		return s
	}
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e6 || a < 1e-3 {
		return trimExp(strconv.FormatFloat(v, 'e', 2, 64))
	}
	s := strconv.FormatFloat(v, 'g', 5, 64)
	if strings.ContainsAny(s, "e") {
		s = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return s
}

// tickLabel prints a tick value with just the decimals its spacing needs.
func tickLabel(v, step float64) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e6 || (a < 1e-3 && step < 1e-3) {
		return trimExp(strconv.FormatFloat(v, 'e', 1, 64))
	}
	dec := 0
	if step > 0 && step < 1 {
		dec = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// trimExp turns 1.50e-05 into 1.5e-5.
func trimExp(s string) string {
	mant, exp, ok := strings.Cut(s, "e")
	if !ok {
		return s
	}
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	sign := ""
	if exp[0] == '-' {
		sign = "-"
	}
	exp = strings.TrimLeft(exp[1:], "0")
	if exp == "" {
		exp = "0"
	}
	return mant + "e" + sign + exp
}

// formatStep prints a step count compactly: 950, 12.5k, 1M.
func formatStep(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trimFloat(v/1e9) + "G"
	case a >= 1e6:
		return trimFloat(v/1e6) + "M"
	case a >= 1e4:
		return trimFloat(v/1e3) + "k"
	default:
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// timeSteps are the tick spacings for time axes, in milliseconds.
var timeSteps = []int64{
	1e3, 2e3, 5e3, 10e3, 15e3, 30e3,
	60e3, 2 * 60e3, 5 * 60e3, 10 * 60e3, 15 * 60e3, 30 * 60e3,
	3600e3, 2 * 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3,
	86400e3, 2 * 86400e3, 7 * 86400e3, 14 * 86400e3, 30 * 86400e3,
}

// timeTicks picks a round spacing for a time range in milliseconds.
func timeTicks(lo, hi float64, n int) (ticks []float64, step float64) {
	if n < 1 || !(hi > lo) {
		return []float64{lo}, 0
	}
	rough := (hi - lo) / float64(n)
	if rough < 1e3 {
		return linearTicks(lo, hi, n)
	}
	step = float64(timeSteps[len(timeSteps)-1])
	for _, s := range timeSteps {
		if float64(s) >= rough {
			step = float64(s)
			break
		}
	}
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, v)
	}
	return ticks, step
}

// formatDuration prints a relative time: 45s, 12m, 1h30m, 2d4h.
func formatDuration(ms float64) string {
	neg := ms < 0
	d := time.Duration(math.Abs(ms)) * time.Millisecond
	var s string
	switch {
	case d == 0:
		s = "0"
	case d < time.Second:
		s = strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	case d < time.Minute:
		s = trimFloat(math.Round(d.Seconds()*10)/10) + "s"
	case d < time.Hour:
		m, sec := int(d.Minutes()), int(d.Seconds())%60
		s = strconv.Itoa(m) + "m"
		if sec != 0 {
			s += strconv.Itoa(sec) + "s"
		}
	case d < 24*time.Hour:
		h, m := int(d.Hours()), int(d.Minutes())%60
		s = strconv.Itoa(h) + "h"
		if m != 0 {
			s += strconv.Itoa(m) + "m"
		}
	default:
		days, h := int(d.Hours())/24, int(d.Hours())%24
		s = strconv.Itoa(days) + "d"
		if h != 0 {
			s += strconv.Itoa(h) + "h"
		}
	}
	if neg {
		return "-" + s
	}
	return s
}

// formatClock prints a wall-clock tick: seconds only when the spacing needs
// them, the date when the spacing is a day or more.
func formatClock(ms float64, step float64, loc *time.Location) string {
	t := time.UnixMilli(int64(ms)).In(loc)
	switch {
	case step >= 86400e3:
		return t.Format("Jan 02")
	case step >= 60e3:
		return t.Format("15:04")
	default:
		return t.Format("15:04:05")
	}
}
