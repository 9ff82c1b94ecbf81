package checkpoints

import (
	"strings"

	"charm.land/lipgloss/v2"

	"mltui/format"
	"mltui/views/components/listscreen"
	"mltui/views/components/table"
)

// Column keys: the step, the model, then "m:<metric>".
const (
	colStep   = "step"
	colName   = "name"
	colStatus = "status"
	colID     = "id"
	metricCol = "m:"
)

func columns(metrics []string) []table.Column {
	cols := []table.Column{
		{Key: colStep, Title: "STEP", Width: 7, Right: true, Fixed: true},
		{Key: colName, Title: "NAME", Width: 20, Min: 10, Flex: true, Max: 40, Fixed: true},
		{Key: colStatus, Title: "STATUS", Width: 8},
	}
	for _, k := range metrics {
		cols = append(cols, table.Column{Key: metricCol + k, Title: k, Width: max(min(format.TextWidth(k)+1, 20), 9), Right: true})
	}
	return append(cols, table.Column{Key: colID, Title: "MODEL ID", Width: 14})
}

// View draws the list, the selected model's details and the footer.
func (m *Model) View() string {
	body := m.Body(m, listscreen.Text{
		Loading: "loading the run's logged models…",
		Failed:  "could not load the run's logged models",
		Retry:   "r retries",
		Empty:   "this run logged no models (MLflow 3 logs one per mlflow.<flavor>.log_model call, with step= for checkpoints)",
		NoMatch: "no logged model matches",
	})
	order := "step ↑"
	if m.desc {
		order = "step ↓"
	}
	return m.registerView(m.Compose(body, m.details, m.Footer("logged models", order)))
}

func (m *Model) details(w int) string {
	c, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	d := listscreen.NewDetails(m.env.Styles(), w, 9)
	d.Title(c.Model.Name)
	d.KV("uri", "models:/"+c.Model.ModelID)
	if c.Model.ModelType != "" {
		d.KV("type", c.Model.ModelType)
	}
	if c.Model.StatusMessage != "" {
		d.KV("message", c.Model.StatusMessage)
	}
	var ps []string
	for _, p := range c.Model.Params {
		ps = append(ps, p.Key+"="+p.Value)
	}
	if len(ps) > 0 {
		d.KV("params", strings.Join(ps, " "))
	}
	return d.String()
}

// Cell is the text of one cell (table.Source).
func (m *Model) Cell(row int, col table.Column) string {
	c := m.Row(row)
	switch col.Key {
	case colStep:
		if !c.HasStep {
			return "-"
		}
		return format.Int(int(c.Step))
	case colName:
		return c.Model.Name
	case colStatus:
		return strings.ToLower(strings.TrimPrefix(c.Model.Status, "LOGGED_MODEL_"))
	case colID:
		return c.Model.ModelID
	}
	if k, ok := strings.CutPrefix(col.Key, metricCol); ok {
		if mt, ok := latest(c.Model, k); ok {
			return format.Float(mt.Value)
		}
	}
	return ""
}

// RowKind is normal for every row (table.Source).
func (m *Model) RowKind(int) table.RowKind { return table.RowNormal }

// Accent colours a failed upload (table.Source).
func (m *Model) Accent(row int, col table.Column) (lipgloss.Style, bool) {
	if col.Key == colStatus && strings.HasSuffix(m.Row(row).Model.Status, "FAILED") {
		return m.env.Styles().Error, true
	}
	return lipgloss.Style{}, false
}
