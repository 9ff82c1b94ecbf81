package artifacts

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/termimage"
	"mltui/views"
	"mltui/views/components/picture"
)

// readPicture decodes an image whose head was read, in the preview's Cmd.
func readPicture(ctx context.Context, s client.Store, set client.FileSet, p preview, mode termimage.Mode, env views.Env) *picture.Picture {
	open := func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
		return set.Open(ctx, s, p.Path, off, n)
	}
	size := p.Size
	if size < 0 && !p.truncated() {
		size = int64(len(p.Head))
	}
	return picture.Read(ctx, open, p.Head, size, mode, picture.Background(env.Theme))
}

// pane is where the preview is drawn, in body cells: its corner and size.
func (m *Screen) pane() (x, y, w, h int) {
	tw, th := m.TableSize()
	if sw := m.SideWidth(); sw > 0 {
		return tw + 2, 0, sw - 2, th // after the border and the padding
	}
	return 0, th, m.Width(), 12
}

// selectedPicture is the decoded picture under the cursor, if any.
func (m *Screen) selectedPicture() (string, *picture.Picture, bool) {
	sel, ok := m.Selected()
	if !ok || sel.IsDir || m.env.Images == termimage.None {
		return "", nil, false
	}
	st := m.previews[sel.Path]
	if st == nil || !st.done || st.err != nil || !st.p.Pic.Drawable() {
		return "", nil, false
	}
	return sel.Path, st.p.Pic, true
}

// imageRows is how many pane lines an image may take: the pane less its
// two heading lines.
func imageRows(h int) int { return max(h-2, 1) }

// syncImage sends a Kitty picture that came into view to the terminal.
func (m *Screen) syncImage() tea.Cmd {
	path, pic, ok := m.selectedPicture()
	if !ok {
		return nil
	}
	_, _, w, h := m.pane()
	return m.pics.Sync(path, pic, w, imageRows(h))
}

// Overlay is the Sixel or iTerm2 picture over the pane's blank cells.
func (m *Screen) Overlay() (views.Overlay, bool) {
	path, pic, ok := m.selectedPicture()
	if !ok {
		return views.Overlay{}, false
	}
	x, y, w, h := m.pane()
	return m.pics.Overlay(path, pic, x, y+2, w, imageRows(h))
}
