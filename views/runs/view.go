package runs

import (
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"mltui/client"
	"mltui/format"
	"mltui/keys"
	"mltui/theme"
	"mltui/views"
	"mltui/views/components/overlay"
	"mltui/views/components/table"
)

// View draws the table and a footer: counts, loading progress, sort,
// errors. It reads state only.
func (m *Model) View() string {
	s := m.env.Styles()
	_, th := m.TableSize()
	var body string
	switch {
	case !m.loaded && m.loadErr != nil:
		body = s.Error.Render(format.Truncate("could not load runs: "+format.Visible(m.loadErr.Error()), m.Width())) +
			"\n" + s.Muted.Render("retrying on the next refresh · r retries now")
	case !m.loaded:
		body = s.Muted.Render("loading runs…")
	case len(m.rows) == 0:
		body = m.Table.View(m) + "\n" + s.Muted.Render(m.emptyText())
	default:
		body = m.Table.View(m)
	}
	// The table's lines are already exactly the width: only pad the count.
	body = format.PadLines(body, m.Width(), th)
	if p := m.picker.List(); p != nil {
		body = overlay.Center(body, p.View(s, m.Width(), th), m.Width(), th)
	}
	return body + "\n" + m.footer()
}

func (m *Model) emptyText() string {
	if m.applied != "" {
		return "no runs match the filter"
	}
	return "no runs in this experiment"
}

func (m *Model) footer() string {
	s := m.env.Styles()
	var parts []string
	n := len(m.runs)
	switch {
	case m.loading && m.refresh:
		parts = append(parts, format.Int(n)+" runs · refreshing…")
	case m.loading && m.loaded:
		parts = append(parts, "loading… "+format.Int(n)+" runs (page "+format.Int(m.pages+1)+")")
	case m.truncated:
		parts = append(parts, format.Int(n)+" runs (stopped at "+format.Int(maxRuns)+"; filter to narrow)")
	default:
		parts = append(parts, format.Int(n)+" runs")
	}
	if hidden := n - len(m.rows); hidden > 0 {
		parts = append(parts, format.Int(hidden)+" folded")
	}
	if k := m.env.Marks.Len(); k > 0 {
		parts = append(parts, format.Int(k)+" marked")
	}
	dir := theme.GlyphSortAsc
	if m.sortDesc {
		dir = theme.GlyphSortDesc
	}
	parts = append(parts, "sort "+sortLabel(m.sortCol)+" "+dir)
	if m.showDeleted {
		parts = append(parts, "with deleted")
	}
	if l, r := m.Table.HiddenColumns(); l+r > 0 {
		parts = append(parts, keys.First(m.keys.Left)+"/"+keys.First(m.keys.Right)+": more columns")
	}
	line := format.Visible(strings.Join(parts, " · "))
	if m.loadErr != nil && m.loaded {
		return s.Error.Render(format.Truncate(theme.GlyphFailed+" "+format.Visible(m.loadErr.Error()), m.Width()/2)) +
			s.Muted.Render(" · "+format.Truncate(line, max(m.Width()/2-3, 1)))
	}
	return s.Muted.Render(format.Truncate(line, m.Width()))
}

func sortLabel(col string) string {
	switch {
	case strings.HasPrefix(col, metricPref):
		return col[len(metricPref):]
	case strings.HasPrefix(col, paramPref):
		return col[len(paramPref):]
	case col == colStarted:
		return "start time"
	case strings.HasPrefix(col, sysPref):
		for _, c := range systemColumns {
			if c.key == col[len(sysPref):] {
				return c.label
			}
		}
	}
	return col
}

// Cell is the text of one cell (table.Source).
func (m *Model) Cell(row int, col table.Column) string {
	rw := m.rows[row]
	r := &m.runs[rw.Index]
	switch col.Key {
	case colStatus:
		return views.Status(r.Info.Status).Glyph()
	case colName:
		return nameCell(r.Name(), rw)
	case colStarted:
		return format.Age(m.env.Now(), format.Millis(r.Info.StartTime))
	case colDuration:
		return m.durationCell(r)
	case colUser:
		return r.Info.UserID
	}
	if k, ok := strings.CutPrefix(col.Key, metricPref); ok {
		for _, mt := range r.Data.Metrics {
			if mt.Key == k {
				return format.Float(mt.Value)
			}
		}
		return ""
	}
	if k, ok := strings.CutPrefix(col.Key, sysPref); ok {
		return m.gpuCell(r, k)
	}
	if k, ok := strings.CutPrefix(col.Key, paramPref); ok {
		for _, p := range r.Data.Params {
			if p.Key == k {
				return p.Value
			}
		}
	}
	return ""
}

func nameCell(name string, rw Row) string {
	var b strings.Builder
	for range rw.Depth {
		b.WriteString("  ")
	}
	if rw.Depth > 0 {
		b.WriteString("↳ ")
	}
	switch {
	case rw.Children > 0 && rw.Expanded:
		b.WriteString(theme.GlyphExpanded + " ")
	case rw.Children > 0:
		b.WriteString(theme.GlyphCollapsed + " ")
	}
	b.WriteString(name)
	if rw.Children > 0 && !rw.Expanded {
		b.WriteString(" (" + format.Int(rw.Children) + ")")
	}
	return b.String()
}

// durationCell is the run time, or for a quiet RUNNING run "⚠ stale 12m".
func (m *Model) durationCell(r *client.Run) string {
	now := m.env.Now()
	if idle, stale := Stale(*r, now, m.env.StaleAfter()); stale {
		return theme.GlyphStale + " stale " + format.Span(idle)
	}
	d := runDuration(*r, now)
	if d == 0 && r.Info.EndTime == 0 && r.Info.Status != client.StatusRunning {
		return "-"
	}
	if d >= time.Second {
		d = d.Truncate(time.Second)
	}
	return format.Duration(d)
}

// RowKind marks marked and deleted runs (table.Source).
func (m *Model) RowKind(row int) table.RowKind {
	r := &m.runs[m.rows[row].Index]
	switch {
	case m.env.Marks.Has(r.Info.RunID):
		return table.RowMarked
	case r.Info.LifecycleStage == client.LifecycleDeleted:
		return table.RowDeleted
	}
	return table.RowNormal
}

// Accent colours the status glyph and stale flags (table.Source).
func (m *Model) Accent(row int, col table.Column) (lipgloss.Style, bool) {
	if st := m.AccentRef(row, col); st != nil {
		return *st, true
	}
	return lipgloss.Style{}, false
}

// AccentRef is Accent as pointers into the theme (table.AccentRefSource).
func (m *Model) AccentRef(row int, col table.Column) *lipgloss.Style {
	r := &m.runs[m.rows[row].Index]
	switch col.Key {
	case colStatus:
		return m.env.Styles().RunStatusRef(views.Status(r.Info.Status))
	case colDuration:
		if r.Info.Status == client.StatusRunning {
			if _, stale := Stale(*r, m.env.Now(), m.env.StaleAfter()); stale {
				return &m.env.Styles().Stale
			}
		}
	}
	return nil
}
