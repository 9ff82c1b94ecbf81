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
	"github.com/sahilm/fuzzy"

	"mltui/client"
	"mltui/format"
	"mltui/keys"
	"mltui/promote"
	"mltui/views"
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
	env     views.Env
	keys    keys.Versions
	table   table.Model
	actions *actions
	width   int
	height  int

	name    string
	data    modelData
	metrics []string // key metric columns
	order   []int
	loaded  bool
	err     error
	pending views.Request
	filter  string
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
	m := &Versions{env: env, keys: env.Keys.Versions(ro), table: table.New(env.Styles()), name: req.Model, focus: req.Version}
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
	m.table.SetColumns(cols)
}

// Init loads the model and its versions.
func (m *Versions) Init() tea.Cmd { return m.load() }

func (m *Versions) load() tea.Cmd {
	name := m.name
	req, cmd := m.env.Load("versions", func(ctx context.Context, s client.Store) (any, error) {
		return loadModel(ctx, s, name)
	})
	m.pending = req
	return cmd
}

// Title is the breadcrumb.
func (m *Versions) Title() string { return m.name }

// KeyMap is the help.
func (m *Versions) KeyMap() help.KeyMap { return m.keys }

// CapturingInput is true while a dialog is open: it owns every key.
func (m *Versions) CapturingInput() bool { return m.actions.open() }

// SetSize lays out the table and the details.
func (m *Versions) SetSize(w, h int) {
	m.width, m.height = w, h
	tw, th := m.tableSize()
	m.table.SetSize(tw, th)
}

func (m *Versions) sideWidth() int {
	if m.width >= 120 {
		return min(m.width/3, 56)
	}
	return 0
}

func (m *Versions) tableSize() (int, int) {
	h := m.height - 1
	if sw := m.sideWidth(); sw > 0 {
		return m.width - sw - 1, h
	}
	return m.width, max(h-detailRows, 3)
}

// Selected is the version under the cursor.
func (m *Versions) Selected() (promote.VersionInfo, bool) {
	c := m.table.Cursor()
	if c < 0 || c >= len(m.order) {
		return promote.VersionInfo{}, false
	}
	return m.data.Versions[m.order[c]], true
}

// Update handles loads, dialogs and keys.
func (m *Versions) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	if done, cmd := m.actions.update(msg); done {
		return m, cmd
	}
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
		keep := sel.Version
		if m.focus != "" {
			keep, m.focus = m.focus, ""
		}
		m.err, m.loaded = nil, true
		m.data, _ = msg.Value.(modelData)
		m.metrics = promote.KeyMetrics(m.env.Config.Registry, m.name, m.data.Versions, 3)
		m.setColumns()
		m.actions.set(m.data.Model, m.data.Versions)
		m.reorder(keep)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Versions) key(k tea.KeyPressMsg) tea.Cmd {
	n := len(m.order)
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
			return views.Open(views.OpenMsg{Kind: views.KindVersion, Model: m.name, Version: sel.Version})
		}
	case key.Matches(k, m.keys.Sort):
		sel, _ := m.Selected()
		m.sortBy = (m.sortBy + 1) % versionSorts
		if m.sortBy == sortMetric && len(m.metrics) == 0 {
			m.sortBy = sortVersion
		}
		m.reorder(sel.Version)
		return info("sorted by %s", m.sortName())
	case key.Matches(k, m.keys.Reverse):
		sel, _ := m.Selected()
		m.reverse = !m.reverse
		m.reorder(sel.Version)
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
	if pattern != "" {
		texts := make([]string, len(vs))
		for i, v := range vs {
			texts[i] = rowText(v)
		}
		matches := fuzzy.Find(pattern, texts)
		out := make([]int, len(matches))
		for i, mt := range matches {
			out[i] = mt.Index
		}
		return out
	}
	out := make([]int, len(vs))
	for i := range vs {
		out[i] = i
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

func (m *Versions) reorder(keep string) {
	metric := ""
	if len(m.metrics) > 0 {
		metric = m.metrics[0]
	}
	m.order = orderVersions(m.data.Versions, m.filter, m.sortBy, metric, m.env.Config.LowerIsBetter(metric), m.reverse)
	at := 0
	for i, j := range m.order {
		if m.data.Versions[j].Version == keep {
			at = i
		}
	}
	m.table.SetCursor(at, len(m.order))
	keyOf := map[versionSort]string{sortVersion: "version", sortCreated: "created", sortStage: "stage", sortMetric: "m:" + metric}
	m.table.SetSort(keyOf[m.sortBy], !m.reverse)
}

// FilterKind: fuzzy as you type over version, aliases, stage, user, run and tags.
func (m *Versions) FilterKind() views.FilterKind { return views.FilterFuzzy }

// FilterPlaceholder is the hint in the empty filter.
func (m *Versions) FilterPlaceholder() string {
	return "fuzzy match version, alias, stage, user, run, tag"
}

// Filter is the applied pattern.
func (m *Versions) Filter() string { return m.filter }

// FilterError: fuzzy filters cannot fail.
func (m *Versions) FilterError() string { return "" }

// SetFilter applies a fuzzy pattern.
func (m *Versions) SetFilter(text string) tea.Cmd {
	sel, _ := m.Selected()
	m.filter = text
	m.reorder(sel.Version)
	return nil
}

// Focused reloads when the user comes back (the detail may have written).
func (m *Versions) Focused() tea.Cmd {
	if m.pending.Zero() {
		return m.load()
	}
	return nil
}

// View draws the table with details, or the open dialog.
func (m *Versions) View() string {
	if m.actions.open() {
		return m.actions.dlg.view(m.actions, m.width, m.height)
	}
	s := m.env.Styles()
	tw, th := m.tableSize()
	var body string
	switch {
	case !m.loaded && m.err != nil:
		body = s.Error.Render(format.Truncate("could not load "+m.name+": "+m.err.Error(), tw)) + "\n" + s.Muted.Render("r retries")
	case !m.loaded:
		body = s.Muted.Render("loading versions of " + m.name + "…")
	case len(m.order) == 0 && m.filter != "":
		body = m.table.View(m) + "\n" + s.Muted.Render("no version matches "+m.filter)
	case len(m.order) == 0:
		body = s.Muted.Render(m.name + " has no versions")
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
	return body + "\n" + m.footer()
}

func (m *Versions) footer() string {
	s := m.env.Styles()
	if m.err != nil && m.loaded {
		return s.Error.Render(format.Truncate("refresh failed: "+m.err.Error(), m.width))
	}
	parts := []string{format.Int(len(m.order)) + " versions"}
	if m.filter != "" {
		parts[0] = format.Int(len(m.order)) + " of " + format.Int(len(m.data.Versions)) + " versions"
	}
	parts = append(parts, "sorted by "+m.sortName())
	if as := aliasSummary(m.data.Model); m.loaded {
		parts = append(parts, as)
	}
	if m.actions.readOnly() {
		parts = append(parts, "read-only")
	}
	return s.Muted.Render(format.Truncate(strings.Join(parts, " · "), m.width))
}

// details are the selected version's description, source and tags.
func (m *Versions) details(w int) string {
	s := m.env.Styles()
	v, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	kv := func(k, val string) string {
		return s.Label.Render(format.Fit(k, 9)) + s.Value.Render(format.Truncate(format.OneLine(val), max(w-9, 1)))
	}
	title := fmt.Sprintf("v%s", v.Version)
	if len(v.Aliases) > 0 {
		title += " @" + strings.Join(sortedStrings(v.Aliases), " @")
	}
	lines := []string{s.PanelTitle.Render(format.Truncate(title, w))}
	if v.Description != "" {
		lines = append(lines, s.Muted.Render(format.Truncate(format.OneLine(v.Description), w)))
	}
	run := v.RunID
	if v.Run != nil {
		run = v.Run.Name() + " (" + format.ShortID(v.RunID) + ")"
	}
	lines = append(lines, kv("source", v.Source), kv("run", run))
	if v.RunErr != nil {
		lines = append(lines, s.Warning.Render(format.Truncate("run: "+v.RunErr.Error(), w)))
	}
	tags := sortedTags(v.Tags)
	if len(tags) > 0 {
		lines = append(lines, s.SectionHeader.Render("tags"))
		for _, t := range tags {
			lines = append(lines, s.Muted.Render(format.Truncate(t.Key+" = "+format.OneLine(t.Value), w)))
		}
	}
	return strings.Join(lines, "\n")
}

func sortedStrings(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func sortedTags(ts []client.Tag) []client.Tag {
	out := slices.Clone(ts)
	slices.SortFunc(out, func(a, b client.Tag) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Len is the number of rows shown.
func (m *Versions) Len() int { return len(m.order) }

// Cell is the text of one cell.
func (m *Versions) Cell(row int, col table.Column) string {
	v := m.data.Versions[m.order[row]]
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
	if m.data.Versions[m.order[row]].CurrentStage == client.StageArchived {
		return table.RowDim
	}
	return table.RowNormal
}

// Accent colours aliases and the approval status.
func (m *Versions) Accent(row int, col table.Column) (lipgloss.Style, bool) {
	s := m.env.Styles()
	v := m.data.Versions[m.order[row]]
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
