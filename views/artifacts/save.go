package artifacts

import (
	"context"
	"errors"
	"path"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	artstore "mltui/client/artifacts"
	"mltui/format"
	"mltui/views"
)

// saveTimeout bounds one save: a model folder over a slow link takes a
// while, but not forever.
const saveTimeout = 30 * time.Minute

// savePrompt is the save under way: the destination being typed, then a
// y/N when it exists, then the download.
type savePrompt struct {
	src     *entry
	input   textinput.Model
	dest    string // the absolute path asked about (replace) or being written
	replace bool   // dest exists: asking whether to replace it
	req     views.Request
	running bool
}

// saved is what a save wrote.
type saved struct {
	Dest   string
	Files  int
	Bytes  int64
	Exists bool // dest was there and replacing was not asked for: nothing written
}

// CapturingInput: while the save prompt is open every key is its own.
func (m *Screen) CapturingInput() bool { return m.save != nil && !m.save.running }

// startSave opens the prompt for the selected file or folder, its name in
// the current directory as the default.
func (m *Screen) startSave() tea.Cmd {
	sel, ok := m.Selected()
	if !ok {
		return nil
	}
	if m.env.ReadOnly {
		return views.Toast(views.LevelWarning, "read-only: saving to disk is a write, and this dashboard is read-only")
	}
	name := path.Base(sel.Path)
	if !artstore.SafeName(name) {
		name = "artifact" // the store's name would act on the terminal or the shell: the user names it
	}
	in := textinput.New()
	in.SetStyles(m.env.Styles().TextInput)
	in.Prompt = ""
	in.CharLimit = 4096
	in.SetVirtualCursor(true)
	in.SetValue(name)
	in.CursorEnd()
	in.Focus()
	m.save = &savePrompt{src: sel, input: in}
	return textinput.Blink
}

// saveKey handles a key while the prompt is open.
func (m *Screen) saveKey(k tea.KeyPressMsg) tea.Cmd {
	p := m.save
	switch {
	case p.replace:
		if k.String() == "y" || k.String() == "Y" {
			p.replace = false
			return m.runSave(p.dest, true)
		}
		m.save = nil
		return views.Toast(views.LevelInfo, "not saved: %s is unchanged", format.Visible(p.dest))
	case k.Code == tea.KeyEscape:
		m.save = nil
		return nil
	case k.Code == tea.KeyEnter:
		dest := strings.TrimSpace(p.input.Value())
		if dest == "" {
			return nil
		}
		if strings.HasPrefix(dest, "~/") {
			return views.Toast(views.LevelWarning, "~ is not expanded: give the path from / or from the current directory")
		}
		abs, err := filepath.Abs(dest)
		if err != nil {
			return views.Toast(views.LevelError, "save: %s", err)
		}
		return m.runSave(abs, false)
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	return cmd
}

// runSave downloads the file or folder to dest in a Cmd: a temporary name
// renamed into place once whole, an existing dest replaced only when asked
// (the check is made again as the file lands). It is a write, so the
// dashboard lets it finish before it ends.
func (m *Screen) runSave(dest string, overwrite bool) tea.Cmd {
	p := m.save
	p.dest, p.running = dest, true
	set, src := m.set, *p.src
	var cmd tea.Cmd
	p.req, cmd = views.LoadWithin(m.env, "save", saveTimeout, func(ctx context.Context, s client.Store) (saved, error) {
		end, ok := m.env.Writes().Begin()
		defer end()
		if !ok {
			return saved{}, views.ErrEnding
		}
		out := saved{Dest: dest}
		var err error
		if src.IsDir {
			var st artstore.TreeStats
			st, err = artstore.SaveTree(ctx,
				func(ctx context.Context, dir string) ([]client.FileInfo, error) { return set.List(ctx, s, dir) },
				func(ctx context.Context, p string, off, n int64) (*client.ArtifactFile, error) {
					return set.Open(ctx, s, p, off, n)
				}, src.Path, dest, overwrite)
			out.Files, out.Bytes = st.Files, st.Bytes
		} else {
			out.Files = 1
			out.Bytes, err = artstore.Save(ctx, func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
				return set.Open(ctx, s, src.Path, off, n)
			}, dest, overwrite)
		}
		if errors.Is(err, artstore.ErrExists) {
			return saved{Dest: dest, Exists: true}, nil
		}
		return out, err
	})
	return cmd
}

// savedReply reports the save: what was written where, or why nothing was.
func (m *Screen) savedReply(msg views.Loaded[saved]) tea.Cmd {
	p := m.save
	if p == nil || p.req != msg.Req {
		return nil
	}
	what := m.uri(p.src.Path)
	if p.src.IsDir {
		what += "/"
	}
	what = format.Visible(what)
	switch {
	case msg.Err != nil:
		// The error names the destination; the toast leads with what was
		// being saved, by its name, so the cause fits a narrow screen.
		m.save = nil
		name := format.Visible(p.src.name())
		if p.src.IsDir {
			name += "/"
		}
		return views.Toast(views.LevelError, "%s not saved: %s", name, format.Visible(msg.Err.Error()))
	case msg.Value.Exists:
		p.running, p.replace = false, true
		return nil
	}
	m.save = nil
	v := msg.Value
	if p.src.IsDir {
		return views.Toast(views.LevelSuccess, "saved %s to %s (%s files, %s)", what, format.Visible(v.Dest), format.Int(v.Files), format.Bytes(v.Bytes))
	}
	return views.Toast(views.LevelSuccess, "saved %s to %s (%s)", what, format.Visible(v.Dest), format.Bytes(v.Bytes))
}

// saveLine is the prompt in the footer's place.
func (m *Screen) saveLine() string {
	s, p, w := m.env.Styles(), m.save, m.Width()
	name := format.Visible(p.src.name())
	if p.src.IsDir {
		name += "/"
	}
	switch {
	case p.running:
		return s.Muted.Render(format.Truncate("saving "+name+" to "+format.Visible(p.dest)+"…", w))
	case p.replace:
		return s.Warning.Render(format.Truncate(format.Visible(p.dest)+" exists: replace it? ", max(w-20, 10))) +
			s.Bold.Render("y") + s.Muted.Render("/N")
	}
	label := "save " + name + " to "
	p.input.SetWidth(max(w-format.Width(label)-28, 10))
	return s.Label.Render(format.Truncate(label, w/2)) + p.input.View() + s.Muted.Render("  enter saves · esc cancels")
}
