package experiments

import (
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"mltui/client"
	"mltui/format"
	"mltui/views/components/table"
)

// View draws the table, the details of the selected experiment (beside or
// below) and a footer line.
func (m *Model) View() string {
	s := m.env.Styles()
	tw, th := m.tableSize()
	var body string
	switch {
	case !m.loaded && m.err != nil:
		body = s.Error.Render(format.Truncate("could not load experiments: "+errText(m.err), tw)) + "\n" +
			s.Muted.Render("r retries")
	case !m.loaded:
		body = s.Muted.Render("loading experiments…")
	case len(m.order) == 0 && m.filter != "":
		body = m.table.View(m) + "\n" + s.Muted.Render("no experiment matches "+m.filter)
	case len(m.order) == 0:
		body = s.Muted.Render("no experiments in this store")
	default:
		body = m.table.View(m)
	}
	body = format.Box(body, tw, th)

	details := m.details(max(m.sideWidth()-1, m.width))
	if sw := m.sideWidth(); sw > 0 {
		panel := lipgloss.NewStyle().Width(sw).Height(th).MaxHeight(th).PaddingLeft(1).
			BorderLeft(true).BorderStyle(lipgloss.NormalBorder()).BorderForeground(m.env.Theme.Palette.Border).
			Render(m.details(sw - 2))
		body = lipgloss.JoinHorizontal(lipgloss.Top, body, panel)
	} else {
		body += "\n" + format.Box(details, m.width, detailRows)
	}
	return body + "\n" + m.footer()
}

func (m *Model) footer() string {
	s := m.env.Styles()
	parts := []string{format.Int(len(m.order)) + " experiments"}
	if m.filter != "" {
		parts[0] = format.Int(len(m.order)) + " of " + format.Int(m.visibleTotal()) + " experiments"
	}
	parts = append(parts, "sorted by "+m.sortKey.String())
	if m.showDeleted {
		parts = append(parts, "showing deleted")
	}
	if m.err != nil && m.loaded {
		return s.Error.Render(format.Truncate("refresh failed: "+errText(m.err), m.width))
	}
	return s.Muted.Render(format.Truncate(strings.Join(parts, " · "), m.width))
}

func (m *Model) visibleTotal() int {
	n := 0
	for _, e := range m.exps {
		if m.showDeleted || e.LifecycleStage != client.LifecycleDeleted {
			n++
		}
	}
	return n
}

// details are the selected experiment's facts and tags: a column of
// key/values beside the table, or four dense lines under it.
func (m *Model) details(w int) string {
	s := m.env.Styles()
	e, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	now := m.env.Now()
	tags := slices.Clone(e.Tags)
	slices.SortFunc(tags, func(a, b client.Tag) int { return strings.Compare(a.Key, b.Key) })
	state := ""
	if e.LifecycleStage == client.LifecycleDeleted {
		state = " (deleted)"
	}
	if m.sideWidth() == 0 {
		var tl []string
		for _, t := range tags {
			if !strings.HasPrefix(t.Key, "mlflow.") {
				tl = append(tl, t.Key+"="+format.OneLine(t.Value))
			}
		}
		if len(tl) == 0 {
			tl = []string{"-"}
		}
		lines := []string{
			s.PanelTitle.Render(format.Truncate(e.Name+state, w)),
			s.Muted.Render(format.Truncate("id "+e.ID+" · created "+format.Timestamp(format.Millis(e.CreationTime))+
				" · updated "+format.Age(now, format.Millis(e.LastUpdateTime))+" ago", w)),
			s.Muted.Render(format.Truncate("tags "+strings.Join(tl, " · "), w)),
			s.Muted.Render(format.Truncate("artifacts "+e.ArtifactLocation, w)),
		}
		return strings.Join(lines, "\n")
	}
	kv := func(k, v string) string {
		return s.Label.Render(format.Fit(k, 10)) + s.Value.Render(format.Truncate(v, max(w-10, 1)))
	}
	lines := []string{
		s.PanelTitle.Render(format.Truncate(e.Name, w)),
		kv("id", e.ID),
		kv("created", format.Timestamp(format.Millis(e.CreationTime))),
		kv("updated", format.Age(now, format.Millis(e.LastUpdateTime))+" ago"),
	}
	if state != "" {
		lines = append(lines, kv("state", "deleted"))
	}
	lines = append(lines, kv("artifacts", e.ArtifactLocation))
	if len(tags) > 0 {
		lines = append(lines, "", s.SectionHeader.Render("tags"))
		for _, t := range tags {
			lines = append(lines, s.Muted.Render(format.Truncate(t.Key+" = "+format.OneLine(t.Value), w)))
		}
	}
	return strings.Join(lines, "\n")
}

// Len, Cell, RowKind and Accent make the model the table's Source.
func (m *Model) Len() int { return len(m.order) }

// Cell is the text of one cell.
func (m *Model) Cell(row int, col table.Column) string {
	e := m.exps[m.order[row]]
	switch col.Key {
	case "name":
		return e.Name
	case "id":
		return e.ID
	case "updated":
		return format.Age(m.env.Now(), format.Millis(e.LastUpdateTime))
	case "runs":
		c := m.counts[e.ID]
		switch {
		case c == nil:
			return ""
		case c.loading:
			return "…"
		case c.err != nil:
			return "?"
		case c.more:
			return format.Int(c.n) + "+"
		default:
			return format.Int(c.n)
		}
	case "tags":
		n := 0
		for _, t := range e.Tags {
			if !strings.HasPrefix(t.Key, "mlflow.") {
				n++
			}
		}
		if n == 0 {
			return ""
		}
		return format.Int(n)
	}
	return ""
}

// RowKind dims deleted experiments.
func (m *Model) RowKind(row int) table.RowKind {
	if m.exps[m.order[row]].LifecycleStage == client.LifecycleDeleted {
		return table.RowDeleted
	}
	return table.RowNormal
}

// Accent: no per-cell colours here.
func (m *Model) Accent(int, table.Column) (lipgloss.Style, bool) { return lipgloss.Style{}, false }
