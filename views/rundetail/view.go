package rundetail

import (
	"slices"
	"strings"
	"time"

	"mltui/client"
	"mltui/format"
	"mltui/keys"
	"mltui/sysmetrics"
	"mltui/theme"
	"mltui/views"
)

// View draws the tab bar and the section.
func (m *Model) View() string {
	s := m.env.Styles()
	var tabs []string
	for t := Tab(0); t < tabCount; t++ {
		label := format.Int(int(t)+1) + " " + t.String()
		if t == m.tab {
			tabs = append(tabs, s.Title.Render("["+label+"]"))
		} else {
			tabs = append(tabs, s.Muted.Render(" "+label+" "))
		}
	}
	bar := format.Truncate(strings.Join(tabs, " "), m.width)
	if m.err != nil && !m.have {
		return bar + "\n" + s.Error.Render(format.Truncate("could not load run: "+format.Visible(m.err.Error()), m.width)) +
			"\n" + s.Muted.Render("r retries")
	}
	if !m.have {
		return bar + "\n" + s.Muted.Render("loading run…")
	}
	lines := m.lines(m.tab)
	rows := m.bodyRows()
	off := min(m.offsets[m.tab], max(len(lines)-rows, 0))
	end := min(off+rows, len(lines))
	body := lines[off:end]
	out := bar + "\n" + strings.Join(body, "\n")
	if more := len(lines) - end; more > 0 {
		out += "\n" + s.Subtle.Render(format.Truncate("↓ "+format.Int(more)+" more lines", m.width))
	}
	return out
}

// bodyRows are the rows under the tab bar, minus the "more" line.
func (m *Model) bodyRows() int { return max(m.height-2, 1) }

// lines renders a section as lines of at most width cells.
func (m *Model) lines(t Tab) []string {
	switch t {
	case TabMetrics:
		return m.metricLines()
	case TabParams:
		return m.paramLines(len(m.run.Data.Params))
	case TabTags:
		return m.tagLines()
	case TabInputs:
		return m.inputLines()
	case TabArtifacts:
		return m.artifactLines()
	}
	return m.overviewLines()
}

func (m *Model) kv(label, value string, lw int) string {
	s := m.env.Styles()
	return s.Label.Render(format.Fit(label, lw)) + " " + s.Value.Render(format.Truncate(format.Visible(value), max(m.width-lw-1, 1)))
}

func (m *Model) overviewLines() []string {
	s := m.env.Styles()
	r := m.run
	now := m.env.Now()
	start, end := format.Millis(r.Info.StartTime), format.Millis(r.Info.EndTime)
	status := views.Status(r.Info.Status).Glyph() + " " + string(r.Info.Status)
	dur := "-"
	switch {
	case !start.IsZero() && !end.IsZero():
		dur = format.Duration(end.Sub(start).Truncate(time.Second))
	case !start.IsZero() && r.Info.Status == client.StatusRunning:
		dur = format.Duration(now.Sub(start).Truncate(time.Second)) + " so far"
	}
	source, _ := r.Tag("mlflow.source.name")
	user := r.Info.UserID
	if u, ok := r.Tag("mlflow.user"); ok && user == "" {
		user = u
	}
	lw := 10
	out := []string{
		s.Label.Render(format.Fit("status", lw)) + " " + s.RunStatus(views.Status(r.Info.Status)).Render(status),
		m.kv("name", r.Name(), lw),
		m.kv("run id", r.Info.RunID, lw),
		m.kv("started", format.Timestamp(start)+"  ("+format.Age(now, start)+" ago)", lw),
		m.kv("ended", format.Timestamp(end), lw),
		m.kv("duration", dur, lw),
		m.kv("user", orDash(user), lw),
		m.kv("source", orDash(source), lw),
		m.kv("artifacts", orDash(r.Info.ArtifactURI), lw),
	}
	if m.exp != nil {
		out = append(out, m.kv("experiment", m.exp.Name+" ("+m.exp.ID+")", lw))
	}
	if p := r.ParentRunID(); p != "" {
		out = append(out, m.kv("parent", p, lw))
	}
	if r.Info.LifecycleStage == client.LifecycleDeleted {
		out = append(out, s.Warning.Render("this run is deleted"))
	}
	if note, ok := r.Tag("mlflow.note.content"); ok && strings.TrimSpace(note) != "" {
		out = append(out, "", s.SectionHeader.Render("note"))
		for _, l := range strings.Split(strings.TrimRight(note, "\n"), "\n") {
			out = append(out, format.Truncate(format.Visible(l), m.width))
		}
	}
	if glance := m.systemGlance(); len(glance) > 0 {
		out = append(out, "", s.SectionHeader.Render("system")+s.Muted.Render(" latest · "+keys.First(m.keys.System)+" for trends, mean and peak"))
		for _, l := range glance {
			out = append(out, format.Truncate(l, m.width))
		}
	}
	out = append(out, "", s.SectionHeader.Render("params")+s.Muted.Render(" ("+format.Int(len(r.Data.Params))+")"))
	out = append(out, m.paramLines(12)...)
	if len(r.Data.Params) > 12 {
		out = append(out, s.Muted.Render("… 3 params shows all"))
	}
	out = append(out, "", s.Muted.Render(format.Int(len(r.Data.Metrics))+" metrics · "+format.Int(len(r.Inputs.Datasets))+
		" datasets · "+format.Int(len(r.Outputs.ModelOutputs))+" logged models — "+keys.First(m.keys.NextTab)+" for more"))
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (m *Model) paramLines(limit int) []string {
	s := m.env.Styles()
	ps := slices.Clone(m.run.Data.Params)
	slices.SortFunc(ps, func(a, b client.Param) int { return strings.Compare(a.Key, b.Key) })
	if len(ps) == 0 {
		return []string{s.Muted.Render("no params")}
	}
	kw := 0
	for _, p := range ps {
		kw = max(kw, format.TextWidth(p.Key))
	}
	kw = min(kw, m.width/2)
	var out []string
	for i, p := range ps {
		if i >= limit {
			break
		}
		out = append(out, m.kv(p.Key, p.Value, kw))
	}
	return out
}

func (m *Model) metricLines() []string {
	s := m.env.Styles()
	keys := m.metricKeys()
	if len(keys) == 0 {
		return []string{s.Muted.Render("no metrics")}
	}
	kw := 6
	for _, k := range keys {
		kw = max(kw, format.TextWidth(k))
	}
	kw = min(kw, max(m.width-62, 12))
	hdr := format.Fit("METRIC", kw) + " " + format.FitRight("LATEST", 11) + format.FitRight("STEP", 8) +
		format.FitRight("MIN", 11) + format.FitRight("@STEP", 8) + format.FitRight("MAX", 11) + format.FitRight("@STEP", 8) + format.FitRight("POINTS", 9)
	out := []string{s.TableHeader.Render(format.Fit(hdr, m.width))}
	for i, k := range keys {
		latest, _ := m.run.Metric(k)
		minv, mins, maxv, maxs, pts := "…", "", "…", "", "…"
		if h := m.hist[k]; h != nil && !h.loading && !h.queued {
			switch {
			case h.err != nil:
				minv, maxv, pts = "?", "?", "error"
			case h.stats.HasMin:
				minv, mins = format.Float(h.stats.Min.Value), format.Int(int(h.stats.Min.Step))
				maxv, maxs = format.Float(h.stats.Max.Value), format.Int(int(h.stats.Max.Step))
				pts = format.Int(h.stats.Points)
				if h.stats.Sampled {
					minv, maxv, pts = "≈"+minv, "≈"+maxv, "≥"+pts
				}
			default:
				minv, maxv, pts = "-", "-", format.Int(h.stats.Points)
			}
		}
		line := format.Fit(k, kw) + " " + format.FitRight(format.Float(latest.Value), 11) + format.FitRight(format.Int(int(latest.Step)), 8) +
			format.FitRight(minv, 11) + format.FitRight(mins, 8) + format.FitRight(maxv, 11) + format.FitRight(maxs, 8) + format.FitRight(pts, 9)
		line = format.Fit(line, m.width)
		if i == m.cursor[TabMetrics] {
			out = append(out, s.RowSelected.Render(line))
		} else {
			out = append(out, s.Row.Render(line))
		}
	}
	out = append(out, "", s.Subtle.Render(format.Truncate("min/max over the full history (≈: sampled, history longer than "+format.Int(MaxPoints)+" points) · c charts the metric", m.width)))
	return out
}

func (m *Model) tagLines() []string {
	s := m.env.Styles()
	tags := slices.Clone(m.run.Data.Tags)
	slices.SortFunc(tags, func(a, b client.Tag) int { return strings.Compare(a.Key, b.Key) })
	var user, sys []client.Tag
	for _, t := range tags {
		if strings.HasPrefix(t.Key, "mlflow.") {
			sys = append(sys, t)
		} else {
			user = append(user, t)
		}
	}
	kw := 0
	for _, t := range append(user, sys...) {
		kw = max(kw, format.TextWidth(t.Key))
	}
	kw = min(kw, m.width/2)
	var out []string
	if len(user) == 0 {
		out = append(out, s.Muted.Render("no user tags"))
	}
	for _, t := range user {
		out = append(out, m.kv(t.Key, t.Value, kw))
	}
	out = append(out, "")
	if !m.sysTags {
		out = append(out, s.Muted.Render(theme.GlyphCollapsed+" "+format.Int(len(sys))+" system tags (mlflow.*) — t shows them"))
		return out
	}
	out = append(out, s.Muted.Render(theme.GlyphExpanded+" system tags (mlflow.*) — t hides them"))
	for _, t := range sys {
		out = append(out, m.kv(t.Key, t.Value, kw))
	}
	return out
}

func (m *Model) inputLines() []string {
	s := m.env.Styles()
	r := m.run
	out := []string{s.SectionHeader.Render("datasets")}
	if len(r.Inputs.Datasets) == 0 {
		out = append(out, s.Muted.Render("none"))
	}
	for _, d := range r.Inputs.Datasets {
		ctx := d.Context()
		if ctx == "" {
			ctx = "-"
		}
		out = append(out,
			s.Bold.Render(format.Truncate(format.Visible(d.Dataset.Name), m.width))+s.Muted.Render("  "+ctx),
			m.kv("  digest", d.Dataset.Digest, 10),
			m.kv("  source", strings.TrimSpace(d.Dataset.SourceType+" "+d.Dataset.Source), 10),
		)
	}
	out = append(out, "", s.SectionHeader.Render("logged models"))
	if len(r.Outputs.ModelOutputs) == 0 && len(r.Inputs.ModelInputs) == 0 {
		out = append(out, s.Muted.Render("none"))
	}
	for _, o := range r.Outputs.ModelOutputs {
		out = append(out, m.kv("  output", o.ModelID+"  (step "+format.Int(int(o.Step))+")", 10))
	}
	for _, id := range r.Inputs.ModelInputs {
		out = append(out, m.kv("  input", id, 10))
	}
	return out
}

func (m *Model) artifactLines() []string {
	s := m.env.Styles()
	switch {
	case m.root.loading:
		return []string{s.Muted.Render("listing artifacts…")}
	case m.root.err != nil:
		return []string{s.Error.Render(format.Truncate("could not list artifacts: "+format.Visible(m.root.err.Error()), m.width))}
	case m.root.loaded && len(m.root.children) == 0:
		return []string{s.Muted.Render("no artifacts")}
	}
	var out []string
	for i, n := range flatten(m.root) {
		indent := strings.Repeat("  ", n.depth)
		var label, size string
		if n.info.IsDir {
			g := theme.GlyphDir
			if n.open {
				g = theme.GlyphDirOpen
			}
			label = indent + g + " " + n.name() + "/"
			switch {
			case n.loading:
				size = "…"
			case n.err != nil:
				size = "error: " + format.Visible(n.err.Error())
			}
		} else {
			label = indent + "  " + n.name()
			size = format.Bytes(n.info.FileSize)
		}
		line := format.Fit(label, max(m.width-24, 10)) + " " + format.FitRight(size, 23)
		line = format.Fit(line, m.width)
		if i == m.cursor[TabArtifacts] {
			out = append(out, s.RowSelected.Render(line))
		} else {
			out = append(out, s.Row.Render(line))
		}
	}
	return out
}

// systemGlance is the run's latest system readings, a line per group
// (at most six: CPU, memory and the first GPUs).
func (m *Model) systemGlance() []string {
	latest := map[string]float64{}
	for _, mt := range m.run.Data.Metrics {
		if sysmetrics.IsSystem(mt.Key) {
			latest[mt.Key] = mt.Value
		}
	}
	if len(latest) == 0 {
		return nil
	}
	lines := sysmetrics.Glance(latest, format.Reading)
	return lines[:min(len(lines), 6)]
}
