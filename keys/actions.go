package keys

import "charm.land/bubbles/v2/key"

// Action is one rebindable action: its config name and the bindings that
// rebinding it sets. A screen's own action ("runs.down") sets one binding;
// a shared one ("nav.down") sets that binding on every screen that has it.
type Action struct {
	Name     string
	Bindings []*key.Binding
}

// The groups of shared actions. A shared name rebinds the action on every
// screen that has it; the screen's own name ("runs.down") overrides it
// there, whatever the order in the config.
const (
	groupGlobal   = "global"   // the shell's keys; global.refresh also sets every screen's refresh
	groupNav      = "nav"      // movement and open, on every list and scrolling screen
	groupRegistry = "registry" // write actions on a model version, versions table and version detail
)

// entry is one action of a screen.
type entry struct {
	name   string // e.g. "down"; the action is "screen.down"
	shared string // the shared action that also sets it, e.g. "nav.down"; "" if none
	b      *key.Binding
}

// screen is a set of actions that are live at the same time: a key may
// mean only one of them.
type screen struct {
	name    string
	title   string // for messages: "runs table"
	entries []entry
}

// globalsActive are the global keys the shell matches before a screen
// gets the key (tui/keys.go); global.refresh only labels the help.
var globalsActive = []string{"quit", "force_quit", "help", "command", "filter", "back"}

func own(name string, b *key.Binding) entry { return entry{name: name, b: b} }

func nav(name string, b *key.Binding) entry {
	return entry{name: name, shared: groupNav + "." + name, b: b}
}

func refresh(b *key.Binding) entry {
	return entry{name: "refresh", shared: groupGlobal + ".refresh", b: b}
}

func navs(n *Nav, open bool) []entry {
	es := []entry{
		nav("up", &n.Up), nav("down", &n.Down), nav("top", &n.Top), nav("bottom", &n.Bottom),
		nav("page_down", &n.PageDown), nav("page_up", &n.PageUp),
	}
	if open {
		es = append(es, nav("open", &n.Open))
	}
	return es
}

func registryActions(r *RegistryActions) []entry {
	reg := func(name string, b *key.Binding) entry {
		return entry{name: name, shared: groupRegistry + "." + name, b: b}
	}
	return []entry{
		reg("promote", &r.Promote), reg("delete_alias", &r.DeleteAlias), reg("gates", &r.Gates),
		reg("set_tag", &r.SetTag), reg("delete_tag", &r.DeleteTag), reg("describe", &r.Describe),
		reg("stage", &r.Stage), reg("history", &r.History), reg("rollback", &r.Rollback),
	}
}

// screens is the one table every name, check and rebinding comes from.
// The first is the global keys; the others are the screens, each listing
// only its own actions (the live global keys are added by scopes).
//
// The registry dialogs are not in it: their hints ("a approve · x reject")
// and their extra j/k are fixed text in views/registry, so rebinding them
// would make the dialogs lie. Pick lists keep theirs too (letters type
// into their filter). Both use the defaults from the Map.
func (m *Map) screens() []screen {
	g := &m.global
	ex, rn, rd, ch, df, mo, vs, v, ar := &m.experiments, &m.runs, &m.run, &m.chart, &m.diff, &m.models, &m.versions, &m.version, &m.artifacts
	return []screen{
		{name: groupGlobal, title: "global keys", entries: []entry{
			own("quit", &g.Quit), own("force_quit", &g.ForceQuit), own("help", &g.Help), own("command", &g.Command),
			own("filter", &g.Filter), own("back", &g.Back), own("refresh", &g.Refresh),
		}},
		{name: "experiments", title: "experiments list", entries: append(navs(&ex.Nav, true),
			own("sort", &ex.Sort), own("reverse", &ex.Reverse), own("show_deleted", &ex.ShowDeleted),
			refresh(&ex.Refresh), own("copy_id", &ex.CopyID),
		)},
		{name: "runs", title: "runs table", entries: append(navs(&rn.Nav, true),
			own("mark", &rn.Mark), own("fold", &rn.Fold), own("expand_all", &rn.ExpandAll), own("collapse_all", &rn.CollapseAll),
			own("sort", &rn.Sort), own("reverse", &rn.Reverse), own("columns", &rn.Columns), own("left", &rn.Left),
			own("right", &rn.Right), own("chart", &rn.Chart), own("diff", &rn.Diff), own("copy_id", &rn.CopyID),
			own("clear_marks", &rn.ClearMarks), own("show_deleted", &rn.ShowDeleted), refresh(&rn.Refresh),
			own("group_by", &rn.GroupBy), own("scatter", &rn.Scatter), own("parallel", &rn.Parallel), own("watch", &rn.Watch),
		)},
		// The run detail opens with expand (enter/l); its Nav.Open is unused.
		{name: "run", title: "run detail", entries: append(navs(&rd.Nav, false),
			own("next_tab", &rd.NextTab), own("prev_tab", &rd.PrevTab), own("system_tags", &rd.SystemTags),
			own("expand", &rd.Expand), own("collapse", &rd.Collapse), own("chart", &rd.Chart),
			own("copy_id", &rd.CopyID), own("files", &rd.Files), own("checkpoints", &rd.Checkpoints), own("system", &rd.System), own("watch", &rd.Watch), refresh(&rd.Refresh),
		)},
		{name: "chart", title: "chart", entries: []entry{
			own("metric", &ch.Metric), own("grid", &ch.Grid), own("next_panel", &ch.NextPanel), own("prev_panel", &ch.PrevPanel),
			own("x_axis", &ch.XAxis), own("smooth_more", &ch.SmoothMore), own("smooth_less", &ch.SmoothLess), own("log_y", &ch.LogY),
			own("zoom_in", &ch.ZoomIn), own("zoom_out", &ch.ZoomOut), own("pan_left", &ch.PanLeft), own("pan_right", &ch.PanRight),
			own("reset", &ch.Reset), own("cursor", &ch.Cursor), own("cursor_left", &ch.CursorLeft), own("cursor_right", &ch.CursorRight),
			own("cursor_jump_left", &ch.CursorJumpL), own("cursor_jump_right", &ch.CursorJumpR), own("prev_image", &ch.PrevImage),
			own("next_image", &ch.NextImage), own("bands", &ch.Bands), refresh(&ch.Refresh),
		}},
		{name: "diff", title: "diff", entries: append(navs(&df.Nav, true),
			own("left", &df.Left), own("right", &df.Right), own("first_col", &df.FirstCol), own("last_col", &df.LastCol),
			own("baseline", &df.Baseline), own("diff_only", &df.DiffOnly), own("sort", &df.Sort), own("detail", &df.Detail),
			own("chart", &df.Chart), own("copy", &df.Copy), refresh(&df.Refresh), own("fold_all", &df.FoldAll),
			own("expand_all", &df.ExpandAll),
		)},
		{name: "models", title: "models list", entries: append(navs(&mo.Nav, true),
			own("sort", &mo.Sort), own("reverse", &mo.Reverse), refresh(&mo.Refresh), own("copy_name", &mo.CopyName),
		)},
		{name: "versions", title: "versions table", entries: append(append(navs(&vs.Nav, true), registryActions(&vs.RegistryActions)...),
			own("sort", &vs.Sort), own("reverse", &vs.Reverse), refresh(&vs.Refresh), own("copy_uri", &vs.CopyURI),
		)},
		{name: "version", title: "version detail", entries: append([]entry{
			nav("up", &v.Up), nav("down", &v.Down), nav("open", &v.Open), refresh(&v.Refresh), own("copy_uri", &v.CopyURI),
			own("files", &v.Files),
		}, registryActions(&v.RegistryActions)...)},
		{name: "artifacts", title: "artifact viewer", entries: append(navs(&ar.Nav, true),
			own("expand", &ar.Expand), own("collapse", &ar.Collapse), own("preview_down", &ar.PreviewDown),
			own("preview_up", &ar.PreviewUp), refresh(&ar.Refresh), own("copy_uri", &ar.CopyURI),
			own("save", &ar.Save), own("next_set", &ar.NextSet),
		)},
		{name: "groups", title: "grouped runs", entries: groupsEntries(&m.groups)},
		{name: "scatter", title: "scatter plot", entries: scatterEntries(&m.scatter)},
		{name: "parallel", title: "parallel coordinates", entries: parallelEntries(&m.parallel)},
		{name: "checkpoints", title: "checkpoints", entries: checkpointsEntries(&m.checkpoints)},
		{name: "system", title: "system metrics", entries: systemEntries(&m.system)},
	}
}

// Actions lists every rebindable action in the order Rebind applies them:
// the global keys, then the shared nav.* and registry.* actions, then each
// screen's own, so a screen's name wins over a shared one.
func (m *Map) Actions() []Action {
	var out []Action
	at := map[string]int{}
	add := func(name string, b *key.Binding) {
		i, ok := at[name]
		if !ok {
			i = len(out)
			at[name] = i
			out = append(out, Action{Name: name})
		}
		out[i].Bindings = append(out[i].Bindings, b)
	}
	scr := m.screens()
	for _, e := range scr[0].entries {
		add(scr[0].name+"."+e.name, e.b)
	}
	for _, s := range scr[1:] {
		for _, e := range s.entries {
			if e.shared != "" {
				add(e.shared, e.b)
			}
		}
	}
	for _, s := range scr[1:] {
		for _, e := range s.entries {
			add(s.name+"."+e.name, e.b)
		}
	}
	return out
}

// live is one action as a scope sees it.
type live struct {
	name string // its own name, e.g. "runs.down"
	b    *key.Binding
}

// scope is what is live at once on one screen.
type scope struct {
	title   string
	actions []live
}

// scopes lists, per screen, the actions whose keys must differ: the
// screen's own and the global keys the shell matches there. The global
// keys are a scope of their own too.
func (m *Map) scopes() []scope {
	scr := m.screens()
	g := scr[0]
	globals := func(names ...string) []live {
		var out []live
		for _, e := range g.entries {
			for _, n := range names {
				if e.name == n {
					out = append(out, live{g.name + "." + e.name, e.b})
				}
			}
		}
		return out
	}
	var out []scope
	for i, s := range scr {
		var sc scope
		sc.title = s.title
		if i > 0 {
			sc.actions = globals(globalsActive...)
		}
		for _, e := range s.entries {
			sc.actions = append(sc.actions, live{s.name + "." + e.name, e.b})
		}
		out = append(out, sc)
	}
	return out
}
