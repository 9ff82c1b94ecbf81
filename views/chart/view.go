package chart

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	plot "mltui/chart"
	"mltui/client"
	"mltui/client/history"
	"mltui/format"
	"mltui/theme"
	"mltui/views/components/overlay"
)

// layout sizes every chart and hands it the current settings. It runs on
// every change (Update and SetSize), never in View.
func (m *Model) layout() {
	n := len(m.panels)
	if n == 0 || m.width <= 0 || m.height <= 0 {
		return
	}
	chartH := max(m.height-m.legendHeight()-1, 1)
	cw := m.chartWidth()
	cells := []plot.Cell{{W: cw, H: chartH}}
	if m.grid && n > 1 {
		cells = plot.Grid(n, cw, chartH)
	}
	for i, p := range m.panels {
		title := p.metric
		if m.grid && n > 1 {
			if i == m.focus {
				title = theme.GlyphCollapsed + " " + title
			} else {
				title = "  " + title
			}
		}
		o := plot.Options{Title: title, X: m.axis, LogY: m.logY, Smoothing: m.smooth,
			Zoomed: m.zoomed, XLo: m.xlo, XHi: m.xhi, ShowCursor: m.cursorOn, Cursor: m.cursor}
		if i < len(cells) {
			o.Width, o.Height = cells[i].W, cells[i].H
			if len(cells) > 1 {
				o.Width -= gridGap // room between neighbours
			}
		}
		p.plot.SetOptions(o)
	}
}

// gridGap is the blank column right of each chart in a grid, so one
// chart's line never touches the next chart's axis labels.
const gridGap = 1

// legendHeight is the rows the legend gets: one per run, at most a quarter
// of the screen (plus a "+N more" row when cut).
func (m *Model) legendHeight() int {
	room := max(m.height/4, 1)
	if n := m.legendRows(); n <= room {
		return n
	}
	return room
}

// View draws the charts, the focused chart's legend and a status line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	s := m.env.Styles()
	var body string
	switch {
	case len(m.panels) == 0 && m.runsErr != nil:
		body = s.Error.Width(m.width).Render("cannot read the runs: " + m.runsErr.Error())
	case len(m.panels) == 0 && (m.runsBusy || !m.haveAllRuns()):
		body = s.Muted.Render("loading runs…")
	case len(m.panels) == 0:
		body = s.Muted.Render("these runs have logged no metrics")
	default:
		body = m.chartsAndImage() + "\n" + m.legend() + "\n" + m.status()
	}
	out := fitLines(body, m.width, m.height)
	if m.picker != nil {
		// The compositor trims trailing blanks: pad again.
		out = fitLines(overlay.Center(out, m.picker.View(s, m.width, m.height), m.width, m.height), m.width, m.height)
	}
	return out
}

// chartsAndImage are the charts, with the step image beside them when the
// runs logged any and the screen is wide enough.
func (m *Model) chartsAndImage() string {
	charts := m.charts()
	if m.imagePaneWidth() == 0 {
		return charts
	}
	chartH := max(m.height-m.legendHeight()-1, 1)
	return lipgloss.JoinHorizontal(lipgloss.Top, fitLines(charts, m.chartWidth(), chartH), m.imagePane(chartH))
}

// charts composes the panels: one, or a grid row by row.
func (m *Model) charts() string {
	if !m.grid || len(m.panels) == 1 {
		return m.panels[min(m.focus, len(m.panels)-1)].plot.Render()
	}
	chartH := max(m.height-m.legendHeight()-1, 1)
	cw := m.chartWidth()
	cells := plot.Grid(len(m.panels), cw, chartH)
	var out []string
	for i := 0; i < len(cells); {
		y := cells[i].Y
		rowLines := make([]strings.Builder, cells[i].H)
		width := 0
		for ; i < len(cells) && cells[i].Y == y; i++ {
			lines := strings.Split(m.panels[i].plot.Render(), "\n")
			for j := range rowLines {
				if j < len(lines) {
					rowLines[j].WriteString(lines[j])
				}
				rowLines[j].WriteString(strings.Repeat(" ", gridGap))
			}
			width += cells[i].W
		}
		for j := range rowLines {
			out = append(out, rowLines[j].String()+strings.Repeat(" ", max(cw-width, 0)))
		}
	}
	return strings.Join(out, "\n")
}

func (m *Model) legend() string {
	p := m.focused()
	lines := p.plot.Legend(m.width)
	room := m.legendHeight()
	if len(lines) > room {
		more := len(lines) - room + 1
		lines = append(lines[:room-1], m.env.Styles().Muted.Render(fmt.Sprintf("  +%d more %s", more, plural(more, m.legendNoun(), m.legendNoun()+"s"))))
	}
	return strings.Join(lines, "\n")
}

// status says how faithful the data is, what is being fetched, and what
// went wrong.
func (m *Model) status() string {
	s := m.env.Styles()
	var parts []string
	total, exact, fetched, est, loading := 0, 0, 0, 0, false
	var errs []string
	for _, p := range m.panels {
		if !p.loaded {
			loading = true
		}
		if p.err != nil {
			errs = append(errs, p.metric+": "+p.err.Error())
		}
		for _, id := range m.ids {
			sn, ok := p.snaps[id]
			if !ok {
				continue
			}
			total++
			if sn.Quality == history.Exact {
				exact++
			} else if sn.Fetching {
				fetched += sn.Fetched
				est += max(sn.Estimate, sn.Fetched)
			}
		}
	}
	for k, err := range m.failed {
		errs = append(errs, k.Metric+" of "+m.runName(k.RunID)+": "+err.Error())
	}
	switch {
	case loading && total == 0:
		parts = append(parts, s.Muted.Render("loading…"))
	case exact == total:
		parts = append(parts, s.Success.Render("exact")+s.Muted.Render(fmt.Sprintf(" · every point of %d %s", total, plural(total, "history", "histories"))))
	default:
		what := "sampled"
		if partialOnly(m.panels, m.ids) {
			what = "reading"
		}
		msg := fmt.Sprintf("%s · exact %d/%d", what, exact, total)
		if est > 0 {
			msg += fmt.Sprintf(" · fetching %s/%s points (%d%%)", count(fetched), count(est), min(99, 100*fetched/est))
		}
		parts = append(parts, s.Warning.Render(msg))
	}
	live := 0
	for _, id := range m.ids {
		if m.runs[id].Info.Status == client.StatusRunning {
			live++
		}
	}
	if live > 0 {
		text, style := m.liveStatus(), s.Muted
		if strings.Contains(text, "STALLED") || strings.Contains(text, "DIVERGED") {
			style = s.Warning
		}
		parts = append(parts, s.StatusRunning.Render(theme.GlyphRunning)+" "+style.Render(text))
	}
	switch n := len(m.images.List); {
	case m.imagesErr != nil:
		errs = append(errs, "images: "+format.Visible(m.imagesErr.Error()))
	case n > 0 && m.imagePaneWidth() == 0:
		parts = append(parts, s.Muted.Render(fmt.Sprintf("%d step images: %d columns show them", n, imagePaneFrom)))
	}
	if len(errs) > 0 {
		parts = append(parts, s.Error.Render(errs[0]))
	}
	return ansi.Truncate(strings.Join(parts, s.Subtle.Render("  ")), m.width, "…")
}

// partialOnly reports whether every history not yet exact is being read
// page by page (a local store), not a sample.
func partialOnly(panels []*panel, ids []string) bool {
	for _, p := range panels {
		for _, id := range ids {
			if sn, ok := p.snaps[id]; ok && sn.Quality != history.Exact && !sn.Partial {
				return false
			}
		}
	}
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// count prints a point count compactly: 950, 12.5k, 1.2M.
func count(n int) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 10_000:
		return fmt.Sprintf("%dk", n/1000)
	case n >= 1000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	default:
		return fmt.Sprint(n)
	}
}

// fitLines pads or cuts text to exactly h lines of exactly w cells.
func fitLines(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		switch lw := ansi.StringWidth(l); {
		case lw > w:
			lines[i] = ansi.Truncate(l, w, "")
		case lw < w:
			lines[i] = l + strings.Repeat(" ", w-lw)
		}
	}
	return strings.Join(lines, "\n")
}
