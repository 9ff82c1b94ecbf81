package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/format"
	"mltui/keys"
	"mltui/promote"
	"mltui/views"
	"mltui/views/components/listscreen"
)

// Version is one model version's detail (KindVersion): description, tags,
// source run and logged model, and the model's artifact listing.
type Version struct {
	env     views.Env
	keys    keys.Version
	actions *actions
	width   int
	height  int

	name, version string
	data          versionData
	loaded        bool
	err           error
	pending       views.Request
	offset        int

	// The configured scoring servers' answers for this version, checked
	// after each load (config serving:).
	serving        *servingData
	servingPending views.Request
}

// NewVersion is the views.Factory for KindVersion (req.Model, req.Version).
func NewVersion(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if req.Model == "" || req.Version == "" {
		return nil, fmt.Errorf("open version: model and version are both needed")
	}
	ro := env.ReadOnly || client.IsReadOnly(env.Store)
	m := &Version{env: env, keys: env.Keys.Version(ro), name: req.Model, version: req.Version}
	m.actions = newActions(env, m.load)
	return m, nil
}

// Init loads the version.
func (m *Version) Init() tea.Cmd { return m.load() }

func (m *Version) load() tea.Cmd {
	name, ver := m.name, m.version
	req, cmd := views.Load(m.env, "version", func(ctx context.Context, s client.Store) (versionData, error) {
		return loadVersion(ctx, s, name, ver)
	})
	m.pending = req
	return cmd
}

// Title is the breadcrumb.
func (m *Version) Title() string { return "v" + m.version }

// KeyMap is the help.
func (m *Version) KeyMap() help.KeyMap { return m.keys }

// CapturingInput is true while a dialog is open.
func (m *Version) CapturingInput() bool { return m.actions.open() }

// SetSize sets the body size.
func (m *Version) SetSize(w, h int) { m.width, m.height = w, h }

// Focused reloads when the user comes back.
func (m *Version) Focused() tea.Cmd {
	if m.pending.Zero() {
		return m.load()
	}
	return nil
}

// Update handles loads, dialogs and keys.
func (m *Version) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	if done, cmd := m.actions.update(msg); done {
		return m, cmd
	}
	switch msg := msg.(type) {
	case views.Loaded[versionData]:
		if msg.Req != m.pending {
			return m, nil
		}
		m.pending = views.Request{}
		if msg.Err != nil {
			m.err = msg.Err
			return m, nil
		}
		m.err, m.loaded = nil, true
		m.data = msg.Value
		m.actions.set(m.data.Model, []promote.VersionInfo{m.data.Version})
		return m, m.checkServing()
	case views.Loaded[servingData]:
		if msg.Req != m.servingPending {
			return m, nil
		}
		m.servingPending = views.Request{}
		if msg.Err == nil {
			m.serving = &msg.Value
		}
	case tea.KeyPressMsg:
		if m.loaded {
			if done, cmd := m.actions.key(msg, m.keys.RegistryActions, m.data.Version); done {
				return m, cmd
			}
		}
		switch {
		case key.Matches(msg, m.keys.Down):
			m.offset = min(m.offset+1, max(len(m.lines())-m.height, 0))
		case key.Matches(msg, m.keys.Up):
			m.offset = max(m.offset-1, 0)
		case key.Matches(msg, m.keys.Refresh):
			return m, m.load()
		case key.Matches(msg, m.keys.Files):
			return m, views.Open(views.OpenMsg{Kind: views.KindArtifacts, Model: m.name, Version: m.version})
		case key.Matches(msg, m.keys.CopyURI):
			return m, views.Copy("models:/"+m.name+"/"+m.version, "model URI")
		case key.Matches(msg, m.keys.Open):
			if r := m.data.Version.Run; r != nil {
				run := *r
				return m, views.Open(views.OpenMsg{Kind: views.KindRun, RunIDs: []string{run.Info.RunID}, Runs: []client.Run{run}})
			}
			return m, info("v%s has no readable source run", m.version)
		}
	}
	return m, nil
}

// checkServing asks the scoring servers the config names for this version.
func (m *Version) checkServing() tea.Cmd {
	mv := m.data.Version.ModelVersion
	eps := servingFor(m.env.Config.Serving, m.name, mv)
	if len(eps) == 0 {
		m.serving = nil
		return nil
	}
	req, cmd := views.LoadWithin(m.env, "serving", servingTimeout, func(ctx context.Context, s client.Store) (servingData, error) {
		return checkServing(ctx, s, mv, eps), nil
	})
	m.servingPending = req
	return cmd
}

// View draws the detail or the open dialog.
func (m *Version) View() string {
	if m.actions.open() {
		return m.actions.dlg.view(m.actions, m.width, m.height)
	}
	lines := m.lines()
	end := min(m.offset+m.height, len(lines))
	out := lines[min(m.offset, end):end]
	for len(out) < m.height {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// lines renders the whole detail, one terminal line each.
func (m *Version) lines() []string {
	s := m.env.Styles()
	w := max(m.width, 20)
	switch {
	case !m.loaded && m.err != nil:
		return []string{s.Error.Render(format.Truncate(format.Visible(fmt.Sprintf("could not load %s v%s: %v", m.name, m.version, m.err)), w)), s.Muted.Render("r retries")}
	case !m.loaded:
		return []string{s.Muted.Render(format.Visible(fmt.Sprintf("loading %s v%s…", m.name, m.version)))}
	}
	v := m.data.Version
	lw := labelWidth(m.data, w)
	kv := func(k, val string) string {
		return s.Label.Render(format.Fit(k, lw)) + s.Value.Render(format.Truncate(format.Visible(val), max(w-lw, 1)))
	}
	title := fmt.Sprintf("%s v%s", m.name, v.Version)
	if len(v.Aliases) > 0 {
		title += "  @" + strings.Join(sortedStrings(v.Aliases), " @")
	}
	lines := []string{s.Title.Render(format.Truncate(format.Visible(title), w))}
	if m.err != nil {
		lines = append(lines, s.Error.Render(format.Truncate(format.Visible("refresh failed: "+m.err.Error()), w)))
	}
	lines = append(lines,
		kv("stage", v.CurrentStage),
		kv("status", strings.TrimSpace(v.Status+" "+v.StatusMessage)),
		kv("created", format.Timestamp(format.Millis(v.CreationTimestamp))+" by "+dash(v.UserID)),
		kv("updated", format.Timestamp(format.Millis(v.LastUpdatedTimestamp))),
		kv("source", v.Source),
	)
	if eps := servingFor(m.env.Config.Serving, m.name, v.ModelVersion); len(eps) > 0 {
		lines = append(lines, "", s.SectionHeader.Render("serving"))
		if m.serving != nil && m.serving.Version == v.Version {
			for _, r := range m.serving.Results {
				lines = append(lines, servingLines(s, r, lw, w)...)
			}
		} else {
			for _, ep := range eps {
				lines = append(lines, kv(ep.Label, ep.URL), strings.Repeat(" ", lw)+s.Muted.Render("checking…"))
			}
		}
	}
	lines = append(lines, "", s.SectionHeader.Render("description"))
	if v.Description == "" {
		lines = append(lines, s.Muted.Render("(none)"))
	}
	for _, para := range strings.Split(v.Description, "\n") {
		if v.Description != "" {
			lines = append(lines, wrap(format.Visible(para), w)...)
		}
	}
	if c := m.data.Card; c != nil {
		lines = append(lines, "", s.SectionHeader.Render("model"))
		pad := strings.Repeat(" ", lw)
		more := func(v string) string { return pad + s.Value.Render(format.Truncate(format.Visible(v), max(w-lw, 1))) }
		warn := func(v string) string { return s.Warning.Render(format.Truncate(format.Visible(v), w)) }
		lines = append(lines, cardLines(c, kv, more, warn)...)
	}
	lines = append(lines, "", s.SectionHeader.Render("tags"))
	if len(v.Tags) == 0 {
		lines = append(lines, s.Muted.Render("(none)"))
	}
	for _, t := range listscreen.SortedTags(v.Tags) {
		lines = append(lines, kv(t.Key, t.Value))
	}
	lines = append(lines, "", s.SectionHeader.Render("source run"))
	switch {
	case v.Run != nil:
		r := v.Run
		lines = append(lines, kv("run", r.Name()+" ("+r.Info.RunID+")"), kv("status", string(r.Info.Status)))
		lines = append(lines, metricLines(kv, r.Data.Metrics)...)
		ps := slices.Clone(r.Data.Params)
		slices.SortFunc(ps, func(a, b client.Param) int { return strings.Compare(a.Key, b.Key) })
		for _, p := range ps {
			lines = append(lines, kv("param "+p.Key, p.Value))
		}
	case v.RunErr != nil:
		lines = append(lines, s.Warning.Render(format.Truncate(format.Visible("could not read run "+v.RunID+": "+v.RunErr.Error()), w)))
	case v.RunID != "":
		lines = append(lines, s.Muted.Render("run "+v.RunID+" no longer exists"))
	default:
		lines = append(lines, s.Muted.Render("(no source run)"))
	}
	if lm := m.data.Logged; lm != nil {
		lines = append(lines, "", s.SectionHeader.Render("logged model"))
		lines = append(lines, kv("id", lm.ModelID), kv("name", lm.Name), kv("type", lm.ModelType), kv("status", lm.Status))
		lines = append(lines, metricLines(kv, lm.Metrics)...)
	}
	lines = append(lines, "", s.SectionHeader.Render("artifacts")+s.Muted.Render(" · "+format.Visible(m.data.FilesFrom)))
	switch {
	case m.data.FilesErr != nil:
		lines = append(lines, s.Warning.Render(format.Truncate(format.Visible(m.data.FilesErr.Error()), w)))
	case len(m.data.Files) == 0:
		lines = append(lines, s.Muted.Render("(none listed)"))
	}
	for _, f := range m.data.Files {
		name := f.Path
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:]
		}
		if f.IsDir {
			lines = append(lines, "  "+format.Visible(name)+"/")
		} else {
			lines = append(lines, "  "+format.Fit(name, max(w-14, 8))+format.FitRight(format.Bytes(f.FileSize), 10))
		}
	}
	return lines
}

// labelWidth fits the longest label (tag, param or metric key) within half
// the width, so values line up.
func labelWidth(d versionData, w int) int {
	n := 10
	for _, t := range d.Version.Tags {
		n = max(n, format.TextWidth(t.Key)+2)
	}
	if r := d.Version.Run; r != nil {
		for _, p := range r.Data.Params {
			n = max(n, format.TextWidth("param "+p.Key)+2)
		}
		for _, mt := range r.Data.Metrics {
			n = max(n, format.TextWidth("metric "+mt.Key)+2)
		}
	}
	if d.Logged != nil {
		for _, mt := range d.Logged.Metrics {
			n = max(n, format.TextWidth("metric "+mt.Key)+2)
		}
	}
	return min(n, max(w/2, 10))
}

// metricLines lists the latest value per metric key.
func metricLines(kv func(k, v string) string, ms []client.Metric) []string {
	latest := map[string]client.Metric{}
	for _, mt := range ms {
		if cur, ok := latest[mt.Key]; !ok || mt.Step > cur.Step || (mt.Step == cur.Step && mt.Timestamp > cur.Timestamp) {
			latest[mt.Key] = mt
		}
	}
	keys := make([]string, 0, len(latest))
	for k := range latest {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, kv("metric "+k, format.Float(latest[k].Value)))
	}
	return out
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
