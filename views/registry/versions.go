package registry

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
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

// versionSort is what the versions table is ordered by.
type versionSort int

const (
	sortVersion versionSort = iota
	sortCreated
	sortStage
	sortMetric
	versionSorts
)

// Versions is one model's versions (KindModel).
type Versions struct {
	listscreen.Frame[promote.VersionInfo]
	env     views.Env
	keys    keys.Versions
	actions *actions

	name    string
	data    modelData
	metrics []string // key metric columns
	sortBy  versionSort
	reverse bool
	// focus selects this version once loaded (opened from elsewhere).
	focus string
}

// NewVersions is the views.Factory for KindModel: req.Model names the
// model; req.Version, if set, is selected once loaded.
func NewVersions(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if req.Model == "" {
		return nil, fmt.Errorf("open versions: no model named")
	}
	ro := env.ReadOnly || client.IsReadOnly(env.Store)
	m := &Versions{env: env, keys: env.Keys.Versions(ro), name: req.Model, focus: req.Version}
	m.Frame = listscreen.New(env, listscreen.Spec[promote.VersionInfo]{
		ID:     func(v promote.VersionInfo) string { return v.Version },
		Order:  m.orderRows,
		Reload: m.load,
		Sorted: m.sorted,
		Open: func(v promote.VersionInfo) tea.Cmd {
			return views.Open(views.OpenMsg{Kind: views.KindVersion, Model: m.name, Version: v.Version})
		},
		Layout:      listscreen.Layout{SideFrom: 120, SideMax: 56, DetailRows: detailRows},
		Filter:      views.FilterFuzzy,
		Placeholder: "fuzzy match version, alias, stage, user, run, tag",
	})
	m.actions = newActions(env, m.load)
	m.setColumns()
	return m, nil
}

func (m *Versions) setColumns() {
	// Most useful first: what scrolls off on a narrow terminal is the
	// bookkeeping (created, user, status).
	cols := []table.Column{
		{Key: "version", Title: "VER", Width: 4, Right: true, Fixed: true},
		{Key: "aliases", Title: "ALIASES", Width: 14, Min: 8, Fixed: true},
		{Key: "stage", Title: "STAGE", Width: 10},
	}
	for _, k := range m.metrics {
		cols = append(cols, table.Column{Key: "m:" + k, Title: strings.ToUpper(k), Width: max(min(len(k), 12), 7), Right: true})
	}
	cols = append(cols,
		table.Column{Key: "approval", Title: "APPROVAL", Width: 8},
		table.Column{Key: "run", Title: "RUN", Width: 14, Min: 8, Flex: true},
		table.Column{Key: "created", Title: "CREATED", Width: 7, Right: true},
		table.Column{Key: "user", Title: "USER", Width: 10},
		table.Column{Key: "status", Title: "STATUS", Width: 7},
	)
	m.Table.SetColumns(cols)
}

// Init loads the model and its versions.
func (m *Versions) Init() tea.Cmd { return m.load() }

func (m *Versions) load() tea.Cmd {
	name := m.name
	return m.Begin(views.Load(m.env, "versions", func(ctx context.Context, s client.Store) (modelData, error) {
		return loadModel(ctx, s, name)
	}))
}

// Title is the breadcrumb.
func (m *Versions) Title() string { return m.name }

// KeyMap is the help.
func (m *Versions) KeyMap() help.KeyMap { return m.keys }

// CapturingInput is true while a dialog is open: it owns every key.
func (m *Versions) CapturingInput() bool { return m.actions.open() }

// Update handles loads, dialogs and keys.
func (m *Versions) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	if done, cmd := m.actions.update(msg); done {
		return m, cmd
	}
	switch msg := msg.(type) {
	case views.Loaded[modelData]:
		if !m.Arrived(msg) {
			return m, nil
		}
		m.data = msg.Value
		m.metrics = promote.KeyMetrics(m.env.Config.Registry, m.name, m.data.Versions, 3)
		m.setColumns()
		m.actions.set(m.data.Model, m.data.Versions)
		m.SetItems(m.data.Versions)
		if m.focus != "" {
			m.Keep(m.focus)
			m.focus = ""
		}
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case views.MouseMsg:
		return m, m.Mouse(msg)
	}
	return m, nil
}

func (m *Versions) key(k tea.KeyPressMsg) tea.Cmd {
	if sel, ok := m.Selected(); ok {
		if done, cmd := m.actions.key(k, m.keys.RegistryActions, sel); done {
			return cmd
		}
	} else if key.Matches(k, m.keys.History) || key.Matches(k, m.keys.Rollback) {
		if done, cmd := m.actions.key(k, m.keys.RegistryActions, promote.VersionInfo{}); done {
			return cmd
		}
	}
	switch {
	case m.Navigate(k, m.keys.Nav):
	case key.Matches(k, m.keys.Open):
		return m.Open()
	case key.Matches(k, m.keys.Sort):
		m.sortBy = (m.sortBy + 1) % versionSorts
		if m.sortBy == sortMetric && len(m.metrics) == 0 {
			m.sortBy = sortVersion
		}
		m.Reorder()
		return info("sorted by %s", m.sortName())
	case key.Matches(k, m.keys.Reverse):
		m.reverse = !m.reverse
		m.Reorder()
	case key.Matches(k, m.keys.Refresh):
		return m.load()
	case key.Matches(k, m.keys.CopyURI):
		if sel, ok := m.Selected(); ok {
			return views.Copy("models:/"+m.name+"/"+sel.Version, "model URI")
		}
	}
	return nil
}

func (m *Versions) sortName() string {
	switch m.sortBy {
	case sortCreated:
		return "created"
	case sortStage:
		return "stage"
	case sortMetric:
		return m.metrics[0]
	}
	return "version"
}

var stageRank = map[string]int{client.StageProduction: 0, client.StageStaging: 1, client.StageNone: 2, client.StageArchived: 3}

// orderVersions returns the indexes to show. Versions come newest first;
// a metric sort puts the best first (by the metric's goal) and missing or
// NaN values last.
func orderVersions(vs []promote.VersionInfo, pattern string, by versionSort, metric string, lower, reverse bool) []int {
	out := listscreen.All(len(vs))
	if pattern != "" {
		return listscreen.Fuzzy(pattern, out, func(i int) string { return rowText(vs[i]) })
	}
	num := func(v promote.VersionInfo) int { n := 0; fmt.Sscan(v.Version, &n); return n }
	slices.SortStableFunc(out, func(a, b int) int {
		x, y := vs[a], vs[b]
		var c int
		switch by {
		case sortCreated:
			c = cmp.Compare(y.CreationTimestamp, x.CreationTimestamp)
		case sortStage:
			c = cmp.Compare(stageRank[x.CurrentStage], stageRank[y.CurrentStage])
		case sortMetric:
			xv, xok := metricOf(x, metric)
			yv, yok := metricOf(y, metric)
			switch {
			case !xok || !yok:
				c = -cmp.Compare(boolInt(xok), boolInt(yok)) // missing last
				return c
			case lower:
				c = cmp.Compare(xv, yv)
			default:
				c = cmp.Compare(yv, xv)
			}
		}
		if c == 0 {
			c = cmp.Compare(num(y), num(x))
		}
		if reverse {
			return -c
		}
		return c
	})
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func metricOf(v promote.VersionInfo, key string) (float64, bool) {
	if v.Run == nil {
		return 0, false
	}
	mt, ok := v.Run.Metric(key)
	if !ok || math.IsNaN(mt.Value) {
		return 0, false
	}
	return mt.Value, true
}

// rowText is what the fuzzy filter matches against.
func rowText(v promote.VersionInfo) string {
	parts := []string{"v" + v.Version, strings.Join(v.Aliases, " "), v.CurrentStage, v.Status, v.UserID}
	if v.Run != nil {
		parts = append(parts, v.Run.Name())
	}
	for _, t := range v.Tags {
		parts = append(parts, t.Key+"="+t.Value)
	}
	return strings.Join(parts, " ")
}

// orderRows is the frame's order: the sort and the fuzzy filter.
func (m *Versions) orderRows(vs []promote.VersionInfo, filter string) []int {
	metric := m.sortMetric()
	return orderVersions(vs, filter, m.sortBy, metric, m.env.Config.LowerIsBetter(metric), m.reverse)
}

// sortMetric is the first key metric, the one a metric sort uses.
func (m *Versions) sortMetric() string {
	if len(m.metrics) > 0 {
		return m.metrics[0]
	}
	return ""
}

// sorted is the column marked in the header, and its direction.
func (m *Versions) sorted() (string, bool) {
	keyOf := map[versionSort]string{sortVersion: "version", sortCreated: "created", sortStage: "stage", sortMetric: "m:" + m.sortMetric()}
	return keyOf[m.sortBy], !m.reverse
}

// View draws the table with details, or the open dialog.
func (m *Versions) View() string {
	if m.actions.open() {
		return m.actions.dlg.view(m.actions, m.Width(), m.Height())
	}
	body := m.Body(m, listscreen.Text{
		Loading: "loading versions of " + m.name + "…",
		Failed:  "could not load " + m.name,
		Retry:   "r retries",
		Empty:   m.name + " has no versions",
		NoMatch: "no version matches",
	})
	return m.Compose(body, m.details, m.footer())
}

func (m *Versions) footer() string {
	parts := []string{"sorted by " + m.sortName()}
	if m.Loaded() {
		parts = append(parts, aliasSummary(m.data.Model))
	}
	if m.actions.readOnly() {
		parts = append(parts, "read-only")
	}
	return m.Footer("versions", parts...)
}

// details are the selected version's description, source and tags.
func (m *Versions) details(w int) string {
	v, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	s := m.env.Styles()
	d := listscreen.NewDetails(s, w, 9)
	title := fmt.Sprintf("v%s", v.Version)
	if len(v.Aliases) > 0 {
		title += " @" + strings.Join(sortedStrings(v.Aliases), " @")
	}
	d.Title(title)
	if v.Description != "" {
		d.Muted(v.Description)
	}
	run := v.RunID
	if v.Run != nil {
		run = v.Run.Name() + " (" + format.ShortID(v.RunID) + ")"
	}
	d.KV("source", v.Source)
	d.KV("run", run)
	if v.RunErr != nil {
		d.Styled(s.Warning, "run: "+v.RunErr.Error())
	}
	d.Tags(v.Tags, false)
	return d.String()
}

func sortedStrings(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

// Cell is the text of one cell.
func (m *Versions) Cell(row int, col table.Column) string {
	v := m.Row(row)
	switch col.Key {
	case "version":
		return "v" + v.Version
	case "aliases":
		return strings.Join(sortedStrings(v.Aliases), ",")
	case "stage":
		if v.CurrentStage == client.StageNone {
			return ""
		}
		return v.CurrentStage
	case "status":
		if v.Status == "READY" {
			return "ready"
		}
		return strings.ToLower(strings.TrimSuffix(v.Status, "_REGISTRATION"))
	case "created":
		return format.Age(m.env.Now(), format.Millis(v.CreationTimestamp))
	case "user":
		return v.UserID
	case "run":
		switch {
		case v.Run != nil:
			return v.Run.Name()
		case v.RunErr != nil:
			return "?"
		}
		return format.ShortID(v.RunID)
	case "approval":
		a, _ := v.Tag(promote.TagApprovalStatus)
		return a
	}
	if k, ok := strings.CutPrefix(col.Key, "m:"); ok && v.Run != nil {
		if mt, ok := v.Run.Metric(k); ok {
			return format.Float(mt.Value)
		}
	}
	return ""
}

// RowKind dims archived versions.
func (m *Versions) RowKind(row int) table.RowKind {
	if m.Row(row).CurrentStage == client.StageArchived {
		return table.RowDim
	}
	return table.RowNormal
}

// Accent colours aliases and the approval status.
func (m *Versions) Accent(row int, col table.Column) (lipgloss.Style, bool) {
	s := m.env.Styles()
	v := m.Row(row)
	switch col.Key {
	case "aliases":
		if len(v.Aliases) > 0 {
			return s.Accent, true
		}
	case "approval":
		switch a, _ := v.Tag(promote.TagApprovalStatus); a {
		case promote.Approved:
			return s.Success, true
		case promote.Rejected:
			return s.Error, true
		}
	case "status":
		if v.Status != "" && v.Status != "READY" {
			return s.Warning, true
		}
	}
	return lipgloss.Style{}, false
}
