package experiments

import (
	"strings"

	"charm.land/lipgloss/v2"

	"mltui/client"
	"mltui/format"
	"mltui/views/components/listscreen"
	"mltui/views/components/table"
)

// View draws the table, the details of the selected experiment (beside or
// below) and a footer line.
func (m *Model) View() string {
	body := m.Body(m, listscreen.Text{
		Loading: "loading experiments…",
		Failed:  "could not load experiments",
		Retry:   "r retries",
		Empty:   "no experiments in this store",
		NoMatch: "no experiment matches",
	})
	return m.Compose(body, m.details, m.footer())
}

func (m *Model) footer() string {
	parts := []string{"sorted by " + m.sortKey.String()}
	if m.showDeleted {
		parts = append(parts, "showing deleted")
	}
	return m.Footer("experiments", parts...)
}

// details are the selected experiment's facts and tags: a column of
// key/values beside the table, or four dense lines under it.
func (m *Model) details(w int) string {
	e, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	now := m.env.Now()
	d := listscreen.NewDetails(m.env.Styles(), w, 10)
	state := ""
	if e.LifecycleStage == client.LifecycleDeleted {
		state = " (deleted)"
	}
	if !m.Beside() {
		var tl []string
		for _, t := range listscreen.SortedTags(e.Tags) {
			if !strings.HasPrefix(t.Key, "mlflow.") {
				tl = append(tl, t.Key+"="+t.Value)
			}
		}
		if len(tl) == 0 {
			tl = []string{"-"}
		}
		d.Title(e.Name + state)
		d.Muted("id " + e.ID + " · created " + format.Timestamp(format.Millis(e.CreationTime)) +
			" · updated " + format.Age(now, format.Millis(e.LastUpdateTime)) + " ago")
		d.Muted("tags " + strings.Join(tl, " · "))
		d.Muted("artifacts " + e.ArtifactLocation)
		return d.String()
	}
	d.Title(e.Name)
	d.KV("id", e.ID)
	d.KV("created", format.Timestamp(format.Millis(e.CreationTime)))
	d.KV("updated", format.Age(now, format.Millis(e.LastUpdateTime))+" ago")
	if state != "" {
		d.KV("state", "deleted")
	}
	d.KV("artifacts", e.ArtifactLocation)
	d.Tags(e.Tags, true)
	return d.String()
}

// Cell, RowKind, Accent and the frame's Len make the model the table's
// Source.
// Cell is the text of one cell.
func (m *Model) Cell(row int, col table.Column) string {
	e := m.Row(row)
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
	if m.Row(row).LifecycleStage == client.LifecycleDeleted {
		return table.RowDeleted
	}
	return table.RowNormal
}

// Accent: no per-cell colours here.
func (m *Model) Accent(int, table.Column) (lipgloss.Style, bool) { return lipgloss.Style{}, false }
