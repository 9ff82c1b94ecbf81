// Package format turns values into the short strings screens show: ages,
// durations, metric values, sizes, and width-aware fitting of text into
// columns (wide and combining characters count as the terminal draws them).
package format

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Millis converts epoch milliseconds to a time (zero for 0).
func Millis(ms int64) time.Time {
	if ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// Age is how long ago t was, compactly: "45s", "12m", "3h", "5d", "7mo", "2y".
// A zero time is "-".
func Age(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return Span(now.Sub(t))
}

// Span is a coarse duration with one unit: "45s", "12m", "3h", "5d".
func Span(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	case d < 730*24*time.Hour:
		return fmt.Sprintf("%dmo", int(d/(30*24*time.Hour)))
	default:
		return fmt.Sprintf("%dy", int(d/(365*24*time.Hour)))
	}
}

// Duration is a run duration with two units: "850ms", "45s", "1m05s",
// "2h03m", "3d04h".
func Duration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	default:
		return fmt.Sprintf("%dd%02dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
	}
}

// Latency is a request time at the precision people compare them:
// "0.8 ms", "12 ms", "1.2 s".
func Latency(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// Timestamp is an absolute local time, "2006-01-02 15:04:05"; "-" for zero.
func Timestamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02 15:04:05")
}

// Float is a metric value with six significant digits; NaN and ±Inf are
// spelled out.
func Float(v float64) string {
	if s, ok := NonFinite(v); ok {
		return s
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// NonFinite spells NaN and ±Inf as screens show them ("NaN", "+Inf",
// "-Inf"); ok is false for a finite v.
func NonFinite(v float64) (string, bool) {
	switch {
	case math.IsNaN(v):
		return "NaN", true
	case math.IsInf(v, 1):
		return "+Inf", true
	case math.IsInf(v, -1):
		return "-Inf", true
	}
	return "", false
}

// JSONFloat is a metric value in JSON output: finite values are numbers,
// NaN and ±Inf the strings MLflow writes ("NaN", "Infinity", "-Infinity"),
// since JSON numbers cannot hold them.
type JSONFloat float64

// MarshalJSON implements json.Marshaler.
func (v JSONFloat) MarshalJSON() ([]byte, error) {
	f := float64(v)
	switch {
	case math.IsNaN(f):
		return []byte(`"NaN"`), nil
	case math.IsInf(f, 1):
		return []byte(`"Infinity"`), nil
	case math.IsInf(f, -1):
		return []byte(`"-Infinity"`), nil
	}
	return json.Marshal(f)
}

// Int groups thousands: 12345 → "12,345".
func Int(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Bytes is a size in B, KiB, MiB, GiB.
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTP"[exp])
}

// Width is the number of terminal cells s occupies (ANSI codes ignored).
func Width(s string) int { return ansi.StringWidth(s) }

// TextWidth is the cells plain text takes once made Visible: what a column
// holding it must measure.
func TextWidth(s string) int { return ansi.StringWidth(Visible(s)) }

// Fit truncates plain text s to w cells with an ellipsis and pads it with
// spaces to exactly w cells. s goes through Visible first, so a value can
// neither break a row nor act on the terminal, and the width counted is
// the one drawn. Styled text is fitted with Truncate and styled after.
func Fit(s string, w int) string { return fit(s, w, false) }

// FitRight is Fit with the text right-aligned (numbers).
func FitRight(s string, w int) string { return fit(s, w, true) }

func fit(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	s = Visible(s)
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw >= w {
		return s
	}
	if right {
		return strings.Repeat(" ", w-sw) + s
	}
	return s + strings.Repeat(" ", w-sw)
}

// Truncate shortens s to at most w cells, ending in "…" when cut.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// ShortID is the first 8 characters of a run or model ID.
func ShortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// Box makes s exactly w cells wide and h lines tall: long lines are cut,
// short ones padded, missing lines added blank, extra lines dropped.
func Box(s string, w, h int) string {
	if h <= 0 || w <= 0 {
		return ""
	}
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	b.Grow(len(s) + h*2)
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i >= len(lines) {
			b.WriteString(strings.Repeat(" ", w))
			continue
		}
		l := lines[i]
		lw := ansi.StringWidth(l)
		if lw > w {
			l = ansi.Truncate(l, w, "")
			lw = ansi.StringWidth(l)
		}
		b.WriteString(l)
		if lw < w {
			b.WriteString(strings.Repeat(" ", w-lw))
		}
	}
	return b.String()
}

// PadLines makes s exactly h lines, adding blank lines of w spaces or
// dropping extra ones; it trusts each line to be w cells already (no
// measuring: used for big tables that render to width themselves).
func PadLines(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	n := strings.Count(s, "\n") + 1
	if n > h {
		lines := strings.SplitN(s, "\n", h+1)
		return strings.Join(lines[:h], "\n")
	}
	if n == h {
		return s
	}
	blank := strings.Repeat(" ", w)
	var b strings.Builder
	b.Grow(len(s) + (h-n)*(w+1))
	b.WriteString(s)
	for ; n < h; n++ {
		b.WriteByte('\n')
		b.WriteString(blank)
	}
	return b.String()
}

// Reading prints a measurement as a monitor does: a decimal or two, not
// six significant digits (87.3, 24000, 0.0023).
func Reading(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1000:
		return fmt.Sprintf("%.0f", v)
	case a >= 1:
		return fmt.Sprintf("%.1f", v)
	case a == 0:
		return "0"
	default:
		return fmt.Sprintf("%.2g", v)
	}
}
