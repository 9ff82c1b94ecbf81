package registry

import (
	"cmp"
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mltui/client"
	"mltui/format"
	"mltui/keys"
	"mltui/promote"
	"mltui/views"
	"mltui/views/components/listscreen"
	"mltui/views/components/table"
)

// Models is the registered-model list (KindModels).
type Models struct {
	listscreen.Frame[client.RegisteredModel]
	env  views.Env
	keys keys.Models

	byName  bool // sort by name instead of last update
	reverse bool
}

// NewModels is the views.Factory for KindModels.
func NewModels(env views.Env, _ views.OpenMsg) (views.Screen, error) {
	m := &Models{env: env, keys: env.Keys.Models()}
	m.Frame = listscreen.New(env, listscreen.Spec[client.RegisteredModel]{
		ID: func(x client.RegisteredModel) string { return x.Name },
		Order: func(ms []client.RegisteredModel, filter string) []int {
			return orderModels(ms, filter, m.byName, m.reverse)
		},
		Reload: m.load,
		Sorted: m.sorted,
		Open: func(x client.RegisteredModel) tea.Cmd {
			return views.Open(views.OpenMsg{Kind: views.KindModel, Model: x.Name})
		},
		Layout:      listscreen.Layout{SideFrom: 100, SideMax: 60, DetailRows: detailRows},
		Filter:      views.FilterFuzzy,
		Placeholder: "fuzzy match model names",
	})
	m.Table.SetColumns([]table.Column{
		{Key: "name", Title: "NAME", Width: 24, Min: 12, Flex: true, Fixed: true},
		{Key: "latest", Title: "LATEST", Width: 6, Right: true},
		{Key: "aliases", Title: "ALIASES", Width: 28, Min: 12},
		{Key: "updated", Title: "UPDATED", Width: 8, Right: true},
	})
	return m, nil
}

// Init loads the list.
func (m *Models) Init() tea.Cmd { return m.load() }

func (m *Models) load() tea.Cmd {
	return m.Begin(views.Load(m.env, "models", func(ctx context.Context, s client.Store) ([]client.RegisteredModel, error) {
		return client.AllRegisteredModels(ctx, s, client.ModelQuery{MaxResults: 1000})
	}))
}

// Title is the breadcrumb.
func (m *Models) Title() string { return "models" }

// KeyMap is the help.
func (m *Models) KeyMap() help.KeyMap { return m.keys }

const detailRows = 6

// Update handles keys and loads.
func (m *Models) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.Loaded[[]client.RegisteredModel]:
		if m.Arrived(msg) {
			m.SetItems(msg.Value)
		}
	case views.MouseMsg:
		return m, m.Mouse(msg)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Models) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.Navigate(k, m.keys.Nav):
	case key.Matches(k, m.keys.Open):
		return m.Open()
	case key.Matches(k, m.keys.Sort):
		m.byName = !m.byName
		m.Reorder()
	case key.Matches(k, m.keys.Reverse):
		m.reverse = !m.reverse
		m.Reorder()
	case key.Matches(k, m.keys.Refresh):
		return m.load()
	case key.Matches(k, m.keys.CopyName):
		if sel, ok := m.Selected(); ok {
			return views.Copy(sel.Name, "model name")
		}
	}
	return nil
}

// orderModels returns the indexes to show: fuzzy matches in score order,
// else sorted by last update (newest first) or name.
func orderModels(ms []client.RegisteredModel, pattern string, byName, reverse bool) []int {
	out := listscreen.All(len(ms))
	if pattern != "" {
		return listscreen.Fuzzy(pattern, out, func(i int) string { return ms[i].Name })
	}
	listscreen.SortStable(out, reverse, func(a, b int) int {
		if byName {
			return strings.Compare(ms[a].Name, ms[b].Name)
		}
		return cmp.Compare(ms[b].LastUpdatedTimestamp, ms[a].LastUpdatedTimestamp)
	})
	return out
}

// sorted is the column marked in the header, and its direction.
func (m *Models) sorted() (string, bool) {
	if m.byName {
		return "name", m.reverse
	}
	return "updated", !m.reverse
}

// View draws the table, the selected model's details and a footer.
func (m *Models) View() string {
	body := m.Body(m, listscreen.Text{
		Loading: "loading registered models…",
		Failed:  "could not load models",
		Retry:   "r retries",
		Empty:   "no registered models in this store",
		NoMatch: "no model matches",
	})
	sorted := "sorted by last update"
	if m.byName {
		sorted = "sorted by name"
	}
	return m.Compose(body, m.details, m.Footer("models", sorted))
}

func (m *Models) details(w int) string {
	sel, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	d := listscreen.NewDetails(m.env.Styles(), w, 9)
	d.Title(sel.Name)
	if sel.Description != "" {
		d.Muted(sel.Description)
	}
	d.KV("created", format.Timestamp(format.Millis(sel.CreationTimestamp)))
	d.KV("updated", format.Age(m.env.Now(), format.Millis(sel.LastUpdatedTimestamp))+" ago")
	if as := promote.AliasHolders(sel); len(as) > 0 {
		d.Section("aliases")
		for _, a := range as {
			d.KV(a.Alias, "v"+a.Version)
		}
	}
	var tags []client.Tag
	for _, t := range sel.Tags {
		if t.Key != promote.HistoryTag {
			tags = append(tags, t)
		}
	}
	d.Tags(tags, false)
	return d.String()
}

// Cell is the text of one cell.
func (m *Models) Cell(row int, col table.Column) string {
	x := m.Row(row)
	switch col.Key {
	case "name":
		return x.Name
	case "latest":
		if v := promote.LatestVersion(x); v != "" {
			return "v" + v
		}
		return ""
	case "aliases":
		parts := []string{}
		for _, a := range promote.AliasHolders(x) {
			parts = append(parts, a.Alias+"=v"+a.Version)
		}
		return strings.Join(parts, " ")
	case "updated":
		return format.Age(m.env.Now(), format.Millis(x.LastUpdatedTimestamp))
	}
	return ""
}

// RowKind: every model is a normal row.
func (m *Models) RowKind(int) table.RowKind { return table.RowNormal }

// Accent: no per-cell colours.
func (m *Models) Accent(int, table.Column) (lipgloss.Style, bool) { return lipgloss.Style{}, false }
