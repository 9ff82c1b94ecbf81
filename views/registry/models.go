package registry

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/sahilm/fuzzy"

	"mltui/client"
	"mltui/format"
	"mltui/keys"
	"mltui/promote"
	"mltui/views"
	"mltui/views/components/table"
)

// Models is the registered-model list (KindModels).
type Models struct {
	env    views.Env
	keys   keys.Models
	table  table.Model
	width  int
	height int

	models  []client.RegisteredModel
	order   []int
	loaded  bool
	err     error
	pending views.Request
	filter  string
	byName  bool // sort by name instead of last update
	reverse bool
}

// NewModels is the views.Factory for KindModels.
func NewModels(env views.Env, _ views.OpenMsg) (views.Screen, error) {
	m := &Models{env: env, keys: env.Keys.Models(), table: table.New(env.Styles())}
	m.table.SetColumns([]table.Column{
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
	req, cmd := m.env.Load("models", func(ctx context.Context, s client.Store) (any, error) {
		return client.AllRegisteredModels(ctx, s, client.ModelQuery{MaxResults: 1000})
	})
	m.pending = req
	return cmd
}

// Title is the breadcrumb.
func (m *Models) Title() string { return "models" }

// KeyMap is the help.
func (m *Models) KeyMap() help.KeyMap { return m.keys }

// SetSize lays the list out with a side panel when there is room.
func (m *Models) SetSize(w, h int) {
	m.width, m.height = w, h
	tw, th := m.tableSize()
	m.table.SetSize(tw, th)
}

func (m *Models) sideWidth() int {
	if m.width >= 100 {
		return min(m.width/3, 60)
	}
	return 0
}

func (m *Models) tableSize() (int, int) {
	h := m.height - 1
	if sw := m.sideWidth(); sw > 0 {
		return m.width - sw - 1, h
	}
	return m.width, max(h-detailRows, 3)
}

const detailRows = 6

// Selected is the model under the cursor.
func (m *Models) Selected() (client.RegisteredModel, bool) {
	c := m.table.Cursor()
	if c < 0 || c >= len(m.order) {
		return client.RegisteredModel{}, false
	}
	return m.models[m.order[c]], true
}

// Update handles keys and loads.
func (m *Models) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case views.LoadedMsg:
		if msg.Req != m.pending {
			return m, nil
		}
		m.pending = views.Request{}
		if msg.Err != nil {
			m.err = msg.Err
			return m, nil
		}
		sel, _ := m.Selected()
		m.err, m.loaded = nil, true
		m.models, _ = msg.Value.([]client.RegisteredModel)
		m.reorder(sel.Name)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Models) key(k tea.KeyPressMsg) tea.Cmd {
	n := len(m.order)
	switch {
	case key.Matches(k, m.keys.Down):
		m.table.Move(1, n)
	case key.Matches(k, m.keys.Up):
		m.table.Move(-1, n)
	case key.Matches(k, m.keys.Top):
		m.table.SetCursor(0, n)
	case key.Matches(k, m.keys.Bottom):
		m.table.SetCursor(n-1, n)
	case key.Matches(k, m.keys.PageDown):
		m.table.Move(m.table.VisibleRows()/2, n)
	case key.Matches(k, m.keys.PageUp):
		m.table.Move(-m.table.VisibleRows()/2, n)
	case key.Matches(k, m.keys.Open):
		if sel, ok := m.Selected(); ok {
			return views.Open(views.OpenMsg{Kind: views.KindModel, Model: sel.Name})
		}
	case key.Matches(k, m.keys.Sort):
		sel, _ := m.Selected()
		m.byName = !m.byName
		m.reorder(sel.Name)
	case key.Matches(k, m.keys.Reverse):
		sel, _ := m.Selected()
		m.reverse = !m.reverse
		m.reorder(sel.Name)
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
	if pattern != "" {
		names := make([]string, len(ms))
		for i, x := range ms {
			names[i] = x.Name
		}
		matches := fuzzy.Find(pattern, names)
		out := make([]int, len(matches))
		for i, mt := range matches {
			out[i] = mt.Index
		}
		return out
	}
	out := make([]int, len(ms))
	for i := range ms {
		out[i] = i
	}
	slices.SortStableFunc(out, func(a, b int) int {
		var c int
		if byName {
			c = strings.Compare(ms[a].Name, ms[b].Name)
		} else {
			c = cmp.Compare(ms[b].LastUpdatedTimestamp, ms[a].LastUpdatedTimestamp)
		}
		if reverse {
			return -c
		}
		return c
	})
	return out
}

func (m *Models) reorder(keep string) {
	m.order = orderModels(m.models, m.filter, m.byName, m.reverse)
	at := 0
	for i, j := range m.order {
		if m.models[j].Name == keep {
			at = i
		}
	}
	m.table.SetCursor(at, len(m.order))
	if m.byName {
		m.table.SetSort("name", m.reverse)
	} else {
		m.table.SetSort("updated", !m.reverse)
	}
}

// FilterKind: fuzzy as you type.
func (m *Models) FilterKind() views.FilterKind { return views.FilterFuzzy }

// FilterPlaceholder is the hint in the empty filter.
func (m *Models) FilterPlaceholder() string { return "fuzzy match model names" }

// Filter is the applied pattern.
func (m *Models) Filter() string { return m.filter }

// FilterError: fuzzy filters cannot fail.
func (m *Models) FilterError() string { return "" }

// SetFilter applies a fuzzy pattern.
func (m *Models) SetFilter(text string) tea.Cmd {
	sel, _ := m.Selected()
	m.filter = text
	m.reorder(sel.Name)
	return nil
}

// Focused refreshes when the user comes back (aliases may have moved).
func (m *Models) Focused() tea.Cmd {
	if m.pending.Zero() {
		return m.load()
	}
	return nil
}

// View draws the table, the selected model's details and a footer.
func (m *Models) View() string {
	s := m.env.Styles()
	tw, th := m.tableSize()
	var body string
	switch {
	case !m.loaded && m.err != nil:
		body = s.Error.Render(format.Truncate("could not load models: "+m.err.Error(), tw)) + "\n" + s.Muted.Render("r retries")
	case !m.loaded:
		body = s.Muted.Render("loading registered models…")
	case len(m.order) == 0 && m.filter != "":
		body = m.table.View(m) + "\n" + s.Muted.Render("no model matches "+m.filter)
	case len(m.order) == 0:
		body = s.Muted.Render("no registered models in this store")
	default:
		body = m.table.View(m)
	}
	body = lipgloss.NewStyle().Width(tw).Height(th).MaxHeight(th).Render(body)
	if sw := m.sideWidth(); sw > 0 {
		panel := lipgloss.NewStyle().Width(sw).Height(th).MaxHeight(th).PaddingLeft(1).
			BorderLeft(true).BorderStyle(lipgloss.NormalBorder()).BorderForeground(m.env.Theme.Palette.Border).
			Render(m.details(sw - 2))
		body = lipgloss.JoinHorizontal(lipgloss.Top, body, panel)
	} else {
		body += "\n" + lipgloss.NewStyle().Width(m.width).Height(detailRows).MaxHeight(detailRows).Render(m.details(m.width))
	}
	foot := format.Int(len(m.order)) + " models"
	if m.filter != "" {
		foot = format.Int(len(m.order)) + " of " + format.Int(len(m.models)) + " models"
	}
	if m.byName {
		foot += " · sorted by name"
	} else {
		foot += " · sorted by last update"
	}
	if m.err != nil && m.loaded {
		return body + "\n" + s.Error.Render(format.Truncate("refresh failed: "+m.err.Error(), m.width))
	}
	return body + "\n" + s.Muted.Render(format.Truncate(foot, m.width))
}

func (m *Models) details(w int) string {
	s := m.env.Styles()
	sel, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	kv := func(k, v string) string {
		return s.Label.Render(format.Fit(k, 9)) + s.Value.Render(format.Truncate(format.OneLine(v), max(w-9, 1)))
	}
	lines := []string{s.PanelTitle.Render(format.Truncate(sel.Name, w))}
	if sel.Description != "" {
		lines = append(lines, s.Muted.Render(format.Truncate(format.OneLine(sel.Description), w)))
	}
	lines = append(lines, kv("created", format.Timestamp(format.Millis(sel.CreationTimestamp))),
		kv("updated", format.Age(m.env.Now(), format.Millis(sel.LastUpdatedTimestamp))+" ago"))
	if as := promote.AliasHolders(sel); len(as) > 0 {
		lines = append(lines, s.SectionHeader.Render("aliases"))
		for _, a := range as {
			lines = append(lines, kv(a.Alias, "v"+a.Version))
		}
	}
	var tags []client.Tag
	for _, t := range sel.Tags {
		if t.Key != promote.HistoryTag {
			tags = append(tags, t)
		}
	}
	slices.SortFunc(tags, func(a, b client.Tag) int { return strings.Compare(a.Key, b.Key) })
	if len(tags) > 0 {
		lines = append(lines, s.SectionHeader.Render("tags"))
		for _, t := range tags {
			lines = append(lines, s.Muted.Render(format.Truncate(t.Key+" = "+format.OneLine(t.Value), w)))
		}
	}
	return strings.Join(lines, "\n")
}

// Len is the number of rows shown.
func (m *Models) Len() int { return len(m.order) }

// Cell is the text of one cell.
func (m *Models) Cell(row int, col table.Column) string {
	x := m.models[m.order[row]]
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
