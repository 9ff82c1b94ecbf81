// Package artifacts is the artifact viewer (KindArtifacts): a run's or a
// model version's files as a lazily listed tree, with a preview of the
// selected file beside it — text and logs, JSON pretty-printed, CSV/TSV as
// a table with column types, images by format and size, anything else as
// "N bytes, type". A preview reads at most previewLimit bytes of a file.
package artifacts

import (
	"context"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mltui/client"
	"mltui/format"
	"mltui/keys"
	"mltui/termimage"
	"mltui/views"
	"mltui/views/components/listscreen"
	"mltui/views/components/picture"
	"mltui/views/components/table"
)

// Screen is the viewer.
type Screen struct {
	listscreen.Frame[*entry]
	env  views.Env
	keys keys.Artifacts

	req views.OpenMsg // what was opened: RunIDs[0], or Model and Version
	set client.FileSet
	// sets are a run's file sets: its artifacts, then each logged model it
	// produced (m cycles them); at is the one shown.
	sets  []fileSet
	at    int
	title string
	tree  *tree

	folders  map[string]views.Request // folder listings in flight
	previews map[string]*previewState // by path: what was read, or why not
	scroll   int

	pics picture.Pane // images in the preview

	save *savePrompt // the save prompt or the save under way; nil none
}

// previewState is one file's preview, loading or loaded.
type previewState struct {
	req  views.Request
	p    preview
	err  error
	done bool
}

// listing is one folder's entries; the root's also says where the files
// are and, for a run, its file sets.
type listing struct {
	Set   client.FileSet
	Dir   string
	Files []client.FileInfo
	Sets  []fileSet
}

// fileSet is one of a run's trees, as the title names it.
type fileSet struct {
	Set   client.FileSet
	Title string
}

// New is the views.Factory for KindArtifacts: req.RunIDs[0] (a run's
// artifacts) or req.Model and req.Version (that version's model files).
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	m := &Screen{env: env, keys: env.Keys.Artifacts(), req: req, tree: newTree(), pics: picture.NewPane(env),
		folders: map[string]views.Request{}, previews: map[string]*previewState{}}
	switch {
	case req.LoggedModelID != "":
		m.title = "logged model files"
		m.set = client.FileSet{LoggedModelID: req.LoggedModelID}
		m.req.RunIDs = nil // its own files only: m has no run's sets to turn to
	case req.Model != "" && req.Version != "":
		m.title = "v" + req.Version + " files"
	case len(req.RunIDs) > 0 && req.RunIDs[0] != "":
		m.title = "artifacts"
		m.set = client.FileSet{RunID: req.RunIDs[0]}
	default:
		return nil, fmt.Errorf("open artifacts: a run or a model version is needed")
	}
	m.Frame = listscreen.New(env, listscreen.Spec[*entry]{
		ID:          func(e *entry) string { return e.Path },
		Order:       orderEntries,
		Reload:      m.load,
		Open:        m.toggle,
		Layout:      listscreen.Layout{SideFrom: 90, SideMax: 140, SidePercent: 58, DetailRows: 12},
		Filter:      views.FilterFuzzy,
		Placeholder: "fuzzy match the listed paths",
	})
	m.Table.SetColumns([]table.Column{
		{Key: "name", Title: "NAME", Width: 30, Min: 14, Flex: true, Fixed: true},
		{Key: "size", Title: "SIZE", Width: 10, Right: true},
	})
	return m, nil
}

// orderEntries keeps the tree's order; a filter keeps the matching paths.
func orderEntries(es []*entry, filter string) []int {
	out := listscreen.All(len(es))
	if filter == "" {
		return out
	}
	return listscreen.Fuzzy(filter, out, func(i int) string { return es[i].Path })
}

// Init lists the root.
func (m *Screen) Init() tea.Cmd { return m.load() }

// Title is the breadcrumb.
func (m *Screen) Title() string { return m.title }

// KeyMap is the help.
func (m *Screen) KeyMap() help.KeyMap { return m.keys }

// load lists the root (resolving a version's files first); open folders
// are listed again when it arrives.
func (m *Screen) load() tea.Cmd {
	req, set, askSets := m.req, m.set, m.sets == nil && len(m.req.RunIDs) > 0
	return m.Begin(views.Load(m.env, "artifacts", func(ctx context.Context, s client.Store) (listing, error) {
		var sets []fileSet
		if askSets {
			// The run's logged models (MLflow 3 keeps their files apart from
			// the run's artifacts); a run that cannot be read has its artifacts only.
			sets = []fileSet{{Set: set, Title: "artifacts"}}
			if r, err := s.GetRun(ctx, req.RunIDs[0]); err == nil {
				for _, o := range r.Outputs.ModelOutputs {
					sets = append(sets, fileSet{Set: client.FileSet{LoggedModelID: o.ModelID},
						Title: "logged model " + o.ModelID + " (step " + format.Int(int(o.Step)) + ")"})
				}
			}
		}
		if req.Model != "" {
			mv, err := s.GetModelVersion(ctx, req.Model, req.Version)
			if err != nil {
				return listing{}, fmt.Errorf("read %s v%s: %w", req.Model, req.Version, err)
			}
			var ok bool
			if set, ok = client.VersionFiles(mv); !ok {
				return listing{}, fmt.Errorf("%s v%s: mltui cannot read files from its source %q", req.Model, req.Version, mv.Source)
			}
		}
		files, err := set.List(ctx, s, "")
		return listing{Set: set, Files: files, Sets: sets}, err
	}))
}

// nextSet shows the run's next file set: its artifacts, then each logged model.
func (m *Screen) nextSet() tea.Cmd {
	if len(m.sets) < 2 {
		return views.Toast(views.LevelInfo, "this run produced no logged models: its artifacts are all there is")
	}
	m.at = (m.at + 1) % len(m.sets)
	m.set, m.title = m.sets[m.at].Set, m.sets[m.at].Title
	m.tree = newTree()
	m.folders = map[string]views.Request{}
	m.previews = map[string]*previewState{}
	m.refreshRows()
	return m.load()
}

// listFolder asks for one folder's entries.
func (m *Screen) listFolder(e *entry) tea.Cmd {
	set, dir := m.set, e.Path
	e.listing = true
	req, cmd := views.Load(m.env, "artifacts", func(ctx context.Context, s client.Store) (listing, error) {
		files, err := set.List(ctx, s, dir)
		return listing{Set: set, Dir: dir, Files: files}, err
	})
	m.folders[dir] = req
	return cmd
}

// toggle opens or closes a folder; on a file it does nothing (the preview
// is already beside it).
func (m *Screen) toggle(e *entry) tea.Cmd {
	if !e.IsDir {
		return nil
	}
	if e.open {
		e.open = false
		m.refreshRows()
		return nil
	}
	return m.openFolder(e)
}

func (m *Screen) openFolder(e *entry) tea.Cmd {
	e.open = true
	m.refreshRows()
	if !e.listed && !e.listing {
		return m.listFolder(e)
	}
	return nil
}

// refreshRows shows the tree again, the cursor kept on its entry.
func (m *Screen) refreshRows() { m.SetItems(m.tree.visible()) }

// Update handles listings, previews and keys; a Kitty picture that came
// into view is sent to the terminal.
func (m *Screen) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	cmd := m.update(msg)
	return m, tea.Batch(cmd, m.syncImage())
}

func (m *Screen) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case views.Loaded[listing]:
		return m.listed(msg)
	case views.Loaded[preview]:
		for _, st := range m.previews {
			if st.req == msg.Req {
				st.p, st.err, st.done = msg.Value, msg.Err, true
			}
		}
	case views.Loaded[saved]:
		return m.savedReply(msg)
	case views.MouseMsg:
		if m.CapturingInput() {
			return nil
		}
		cmd := m.Mouse(msg)
		return tea.Batch(cmd, m.previewSelected())
	case tea.KeyPressMsg:
		if m.CapturingInput() {
			return m.saveKey(msg)
		}
		return m.key(msg)
	}
	if m.CapturingInput() {
		// The cursor's blink.
		var cmd tea.Cmd
		m.save.input, cmd = m.save.input.Update(msg)
		return cmd
	}
	return nil
}

func (m *Screen) listed(msg views.Loaded[listing]) tea.Cmd {
	v := msg.Value
	if req, ok := m.folders[v.Dir]; ok && req == msg.Req && v.Dir != "" {
		delete(m.folders, v.Dir)
		e := m.tree.byPath[v.Dir]
		if msg.Err != nil {
			if e != nil {
				e.listing, e.err = false, msg.Err
			}
			return nil
		}
		m.tree.set(v.Dir, v.Files)
		m.refreshRows()
		return m.previewSelected()
	}
	if !m.Arrived(msg) {
		return nil
	}
	m.set = v.Set
	if v.Sets != nil {
		m.sets = v.Sets
	}
	m.tree.set("", v.Files)
	m.refreshRows()
	// A refresh lists the open folders again.
	var cmds []tea.Cmd
	for _, e := range m.tree.visible() {
		if e.IsDir && e.open {
			cmds = append(cmds, m.listFolder(e))
		}
	}
	m.previews = map[string]*previewState{}
	return tea.Batch(append(cmds, m.previewSelected())...)
}

func (m *Screen) key(k tea.KeyPressMsg) tea.Cmd {
	sel, ok := m.Selected()
	switch {
	case m.Navigate(k, m.keys.Nav):
		m.scroll = 0
		return m.previewSelected()
	case key.Matches(k, m.keys.Open):
		return m.Open()
	case key.Matches(k, m.keys.Expand):
		if ok && sel.IsDir && !sel.open {
			return m.openFolder(sel)
		}
	case key.Matches(k, m.keys.Collapse):
		if !ok {
			return nil
		}
		if sel.IsDir && sel.open {
			sel.open = false
			m.refreshRows()
			return nil
		}
		// Close the folder the cursor is in, and stand on it.
		if i := strings.LastIndexByte(sel.Path, '/'); i >= 0 {
			if parent := m.tree.byPath[sel.Path[:i]]; parent != nil {
				parent.open = false
				m.refreshRows()
				m.Keep(parent.Path)
				m.scroll = 0
				return m.previewSelected()
			}
		}
	case key.Matches(k, m.keys.PreviewDown):
		m.scroll += max(m.Height()/2, 1)
	case key.Matches(k, m.keys.PreviewUp):
		m.scroll = max(m.scroll-max(m.Height()/2, 1), 0)
	case key.Matches(k, m.keys.Refresh):
		return m.load()
	case key.Matches(k, m.keys.Save):
		return m.startSave()
	case key.Matches(k, m.keys.NextSet):
		return m.nextSet()
	case key.Matches(k, m.keys.CopyURI):
		if ok {
			return views.Copy(m.uri(sel.Path), "artifact uri")
		}
	}
	return nil
}

// uri is the artifact as MLflow names it: runs:/RUN/PATH or models:/m-…/PATH.
func (m *Screen) uri(p string) string {
	if m.set.LoggedModelID != "" {
		return "models:/" + m.set.LoggedModelID + "/" + p
	}
	return "runs:/" + m.set.RunID + "/" + p
}

// previewSelected reads the selected file's head, once per file.
func (m *Screen) previewSelected() tea.Cmd {
	sel, ok := m.Selected()
	if !ok || sel.IsDir {
		return nil
	}
	if _, seen := m.previews[sel.Path]; seen {
		return nil
	}
	set, p := m.set, sel.Path
	mode, env := m.env.Images, m.env
	req, cmd := views.Load(m.env, "preview", func(ctx context.Context, s client.Store) (preview, error) {
		f, err := set.Open(ctx, s, p, 0, previewLimit)
		if err != nil {
			return preview{Path: p}, err
		}
		defer f.Close()
		head, err := io.ReadAll(io.LimitReader(f, previewLimit))
		if err != nil {
			return preview{Path: p}, fmt.Errorf("read %s: %w", p, err)
		}
		pv := preview{Path: p, Size: f.Size, Head: head}
		if mode != termimage.None && classify(p, head) == kindImage {
			pv.Pic = readPicture(ctx, s, set, pv, mode, env)
		}
		return pv, nil
	})
	m.previews[p] = &previewState{req: req}
	return cmd
}

// View draws the tree, the preview and the footer.
func (m *Screen) View() string {
	body := m.Body(m, listscreen.Text{
		Loading: "listing artifacts…",
		Failed:  "could not list artifacts",
		Retry:   "r retries",
		Empty:   "no artifacts logged",
		NoMatch: "no listed path matches",
	})
	files, bytes := m.tree.totals()
	where := m.set.String()
	if m.set == (client.FileSet{}) {
		where = m.req.Model + " v" + m.req.Version
	}
	footer := m.Footer("entries", fmt.Sprintf("%s files, %s listed", format.Int(files), format.Bytes(bytes)), where)
	if m.save != nil {
		footer = m.saveLine()
	}
	return m.Compose(body, m.details, footer)
}

// details is the preview pane.
func (m *Screen) details(w int) string {
	s := m.env.Styles()
	sel, ok := m.Selected()
	if !ok || w < 10 {
		return ""
	}
	h := m.Height() - 1
	if !m.Beside() {
		h = 12
	}
	line := func(st lipgloss.Style, t string) string { return st.Render(format.Truncate(format.Visible(t), w)) }
	switch {
	case sel.IsDir && sel.err != nil:
		return line(s.PanelTitle, sel.name()+"/") + "\n" + line(s.Error, "could not list: "+sel.err.Error())
	case sel.IsDir:
		kids := len(m.tree.children[sel.Path])
		msg := "enter opens it"
		if sel.listed {
			msg = format.Int(kids) + " entries"
		}
		return line(s.PanelTitle, sel.name()+"/") + "\n" + line(s.Muted, "folder · "+msg)
	}
	st := m.previews[sel.Path]
	switch {
	case st == nil || !st.done:
		return line(s.PanelTitle, sel.name()) + "\n" + line(s.Muted, "reading "+format.Bytes(min(sel.Size, previewLimit))+"…")
	case st.err != nil:
		return line(s.PanelTitle, sel.name()) + "\n" + line(s.Error, "could not read: "+st.err.Error())
	}
	if pic := st.p.Pic; pic.Drawable() && m.env.Images != termimage.None {
		head := render(st.p, s, w, 2)
		info := "image · " + wholeSize(st.p) + " · " + pic.Info()
		return strings.Join(append([]string{head[0], s.Muted.Render(format.Truncate(info, w))}, m.pics.Lines(sel.Path, pic, w, imageRows(h))...), "\n")
	}
	lines := render(st.p, s, w, 1<<20)
	if pic := st.p.Pic; pic != nil && pic.Err != nil && len(lines) > 2 {
		lines = append(lines[:3], s.Warning.Render(format.Truncate("not drawn: "+format.Visible(pic.Err.Error()), w)))
	}
	// The two heading lines stay; the body scrolls under them.
	body := lines[min(2, len(lines)):]
	off := min(m.scroll, max(len(body)-(h-2), 0))
	body = body[off:]
	if len(body) > h-2 {
		body = body[:max(h-2, 0)]
	}
	return strings.Join(append(lines[:min(2, len(lines))], body...), "\n")
}

// Cell is the text of one cell.
func (m *Screen) Cell(row int, col table.Column) string {
	e := m.Row(row)
	switch col.Key {
	case "name":
		pad := strings.Repeat("  ", e.Depth)
		if m.Filter() != "" {
			return e.Path // a filtered list is flat: the whole path says where
		}
		switch {
		case !e.IsDir:
			return pad + "  " + e.name()
		case e.open:
			return pad + "▾ " + e.name() + "/"
		}
		return pad + "▸ " + e.name() + "/"
	case "size":
		switch {
		case e.IsDir && e.listing:
			return "…"
		case e.IsDir && e.err != nil:
			return "!"
		case e.IsDir:
			return ""
		}
		return format.Bytes(e.Size)
	}
	return ""
}

// RowKind: every entry is a normal row (folders say so with ▸/▾).
func (m *Screen) RowKind(int) table.RowKind { return table.RowNormal }

// Accent: a folder that could not be listed is marked.
func (m *Screen) Accent(row int, col table.Column) (lipgloss.Style, bool) {
	if e := m.Row(row); col.Key == "size" && e.IsDir && e.err != nil {
		return m.env.Styles().Error, true
	}
	return lipgloss.Style{}, false
}
