// Package statusbar renders the bottom line: which store, who, which
// server, how fresh the data is, marks, errors and retry progress.
package statusbar

import (
	"strings"

	"charm.land/lipgloss/v2"

	"mltui/format"
	"mltui/theme"
)

// Info is everything the bar shows; the shell fills it each frame from
// state it already holds (no I/O).
type Info struct {
	Kind      string // rest, sqlite, file
	URI       string // redacted
	User      string
	Version   string // server version (rest) or schema revision (sqlite)
	Profile   string
	ReadOnly  bool
	Refreshed string // "3s ago" or ""
	Marks     int
	Busy      string // spinner frame + "loading" while requests run
	Retry     string // "retrying 2/5 (HTTP 503) · esc cancels"
	Err       string
	Hint      string // "? help"
}

// Render draws the bar in exactly width cells. The left side (store) is
// truncated first so errors and retries stay readable.
func Render(s *theme.Styles, width int, in Info) string {
	if width <= 0 {
		return ""
	}
	sep := s.StatusKey.Render(" │ ")
	var right []string
	switch {
	case in.Retry != "":
		right = append(right, s.StatusWarn.Render(in.Retry))
	case in.Busy != "":
		right = append(right, s.StatusValue.Render(in.Busy))
	}
	if in.Err != "" {
		right = append(right, s.StatusError.Render(theme.GlyphFailed+" "+format.Visible(in.Err)))
	}
	if in.Marks > 0 {
		right = append(right, s.StatusOK.Render(theme.GlyphMarked+format.Int(in.Marks)+" marked"))
	}
	if in.Refreshed != "" {
		right = append(right, s.StatusBar.Render("↻ "+in.Refreshed))
	}
	if in.Hint != "" {
		right = append(right, s.StatusKey.Render(in.Hint))
	}

	var left []string
	store := in.Kind
	if in.URI != "" {
		store += " " + in.URI
	}
	left = append(left, s.StatusValue.Render(format.Visible(strings.TrimSpace(store))))
	if in.Profile != "" {
		left = append(left, s.StatusBar.Render("@"+in.Profile))
	}
	if in.ReadOnly {
		left = append(left, s.StatusWarn.Render("read-only"))
	}
	if in.User != "" {
		left = append(left, s.StatusBar.Render(format.Visible(in.User)))
	}
	if in.Version != "" {
		label := "mlflow "
		if in.Kind != "" && in.Kind != "rest" {
			label = "schema "
		}
		left = append(left, s.StatusBar.Render(label+in.Version))
	}

	r := strings.Join(right, sep)
	rw := lipgloss.Width(r)
	// Errors win over the store description when the bar is narrow.
	if rw > width-12 {
		r = format.Truncate(r, max(width-12, 1))
		rw = lipgloss.Width(r)
	}
	lw := width - rw - 2
	l := format.Truncate(strings.Join(left, sep), max(lw, 0))
	gap := width - lipgloss.Width(l) - rw - 1
	if gap < 1 {
		gap = 1
	}
	line := s.StatusBar.Render(" ") + l + s.StatusBar.Render(strings.Repeat(" ", gap)) + r
	if w := lipgloss.Width(line); w < width {
		line += s.StatusBar.Render(strings.Repeat(" ", width-w))
	}
	return line
}
