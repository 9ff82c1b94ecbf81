package groups

import (
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"mltui/format"
	"mltui/keys"
	"mltui/sweep"
	"mltui/theme"
	"mltui/views/components/listscreen"
	"mltui/views/components/overlay"
	"mltui/views/components/table"
)

// View draws the groups, the importance table beside them (or instead of
// them on a narrow screen after i) and the footer. It reads state only.
func (m *Model) View() string {
	tw, th := m.TableSize()
	var body string
	if m.showImp && !m.Beside() {
		body = m.importance(m.Width())
	} else {
		body = m.Body(m, listscreen.Text{Empty: "no groups", NoMatch: "no group matches"})
	}
	if p := m.picker.List(); p != nil {
		body = overlay.Center(format.Box(body, tw, th), p.View(m.env.Styles(), tw, th), tw, th)
	}
	return m.Compose(body, m.importance, m.footer())
}

func (m *Model) footer() string {
	runs := 0
	for _, g := range m.groups {
		runs += len(g.Runs)
	}
	dir := theme.GlyphSortAsc
	if m.sortDesc {
		dir = theme.GlyphSortDesc
	}
	sortBy := "values"
	switch {
	case m.sortAgg == "n":
		sortBy = "runs"
	case m.sortAgg != aggGroup:
		sortBy = m.sortMetric + " " + m.sortAgg
	}
	parts := []string{format.Int(runs) + " runs", "by " + strings.Join(m.by, ", "), "sort " + sortBy + " " + dir}
	if k := m.env.Marks.Len(); k > 0 {
		parts = append(parts, format.Int(k)+" marked")
	}
	if l, r := m.Table.HiddenColumns(); l+r > 0 {
		parts = append(parts, keys.First(m.keys.Left)+"/"+keys.First(m.keys.Right)+": more columns")
	}
	if !m.Beside() {
		parts = append(parts, keys.First(m.keys.Importance)+": which params matter")
	}
	shown := 0
	for i := range m.Len() {
		if m.Row(i).run < 0 {
			shown++
		}
	}
	return m.FooterCount(shown, len(m.groups), "groups", parts...)
}

// importance is the "which params matter" table for the sorted metric,
// w cells wide.
func (m *Model) importance(w int) string {
	s := m.env.Styles()
	if m.sortMetric == "" {
		return s.Muted.Render("sort by a metric (o) to see which params matter")
	}
	var b strings.Builder
	b.WriteString(s.SectionHeader.Render(format.Truncate(format.Visible("which params matter for "+m.sortMetric), w)))
	b.WriteString("\n")
	b.WriteString(s.Muted.Render(format.Truncate("η²: its share between the param's values", w)))
	b.WriteString("\n")
	b.WriteString(s.Muted.Render(format.Truncate("ρ: rank correlation (numeric params)", w)))
	b.WriteString("\n\n")
	if len(m.imps) == 0 {
		b.WriteString(s.Muted.Render("no param varies among these runs"))
		return b.String()
	}
	nameW := 6
	for _, imp := range m.imps {
		nameW = max(nameW, min(len(imp.Param), 20))
	}
	barW := max(w-nameW-22, 0)
	b.WriteString(s.TableHeader.Render(format.Truncate(format.Fit("param", nameW)+"    η²     ρ      n", w)))
	for _, imp := range m.imps {
		b.WriteString("\n")
		name := format.Fit(imp.Param, nameW)
		if imp.Note != "" {
			b.WriteString(name + " " + s.Muted.Render(format.Truncate(imp.Note, max(w-nameW-1, 1))))
			continue
		}
		rho := "     -"
		if !math.IsNaN(imp.Spearman) {
			rho = format.FitRight(fixed2(imp.Spearman), 6)
		}
		line := name + " " + format.FitRight(fixed2(imp.Share), 5) + " " + rho + " " + format.FitRight(format.Int(imp.N), 6)
		b.WriteString(line)
		if barW > 2 {
			b.WriteString(" " + s.Accent.Render(strings.Repeat("█", int(math.Round(imp.Share*float64(barW-1))))))
		}
	}
	return b.String()
}

func fixed2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// Cell is the text of one cell (table.Source).
func (m *Model) Cell(i int, col table.Column) string {
	r := m.Row(i)
	g := &m.groups[r.g]
	if r.run >= 0 {
		run := &g.Runs[r.run]
		switch {
		case col.Key == colGroup:
			return "  ↳ " + format.Visible(run.Name())
		case strings.HasPrefix(col.Key, "mean:"):
			mt, ok := run.Metric(strings.TrimPrefix(col.Key, "mean:"))
			if !ok {
				return ""
			}
			return format.Float(mt.Value)
		}
		return ""
	}
	switch col.Key {
	case colGroup:
		glyph := theme.GlyphCollapsed
		if m.expanded[m.rowID(r)] {
			glyph = theme.GlyphExpanded
		}
		return glyph + " " + format.Visible(m.label(r.g))
	case colN:
		return format.Int(len(g.Runs))
	}
	agg, metric, ok := strings.Cut(col.Key, ":")
	if !ok {
		return ""
	}
	return statCell(g.Stats[metric], agg)
}

// statCell is one aggregate; the mean also says how many runs were NaN
// or infinite, and "-" stands for no finite value.
func statCell(st sweep.Stat, agg string) string {
	var v float64
	switch agg {
	case "mean":
		v = st.Mean
	case "std":
		v = st.Std
	case "min":
		v = st.Min
	case "max":
		v = st.Max
	}
	out := "-"
	if !math.IsNaN(v) {
		out = format.Float(v)
	}
	if agg == "mean" && st.NaN > 0 {
		out += " +" + format.Int(st.NaN) + " NaN"
	}
	return out
}

// RowKind marks marked runs and groups whose runs are all marked.
func (m *Model) RowKind(i int) table.RowKind {
	r := m.Row(i)
	g := &m.groups[r.g]
	if r.run >= 0 {
		if m.env.Marks.Has(g.Runs[r.run].Info.RunID) {
			return table.RowMarked
		}
		return table.RowNormal
	}
	for _, run := range g.Runs {
		if !m.env.Marks.Has(run.Info.RunID) {
			return table.RowNormal
		}
	}
	return table.RowMarked
}

// Accent dims the runs under a group so the groups stand out.
func (m *Model) Accent(i int, col table.Column) (lipgloss.Style, bool) {
	if m.Row(i).run >= 0 && col.Key == colGroup {
		return m.env.Styles().Muted, true
	}
	return lipgloss.Style{}, false
}
