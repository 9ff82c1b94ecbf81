package artifacts

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/format"
	"mltui/termimage"
	"mltui/theme"
	"mltui/views"
)

// imageLimit is the largest image file drawn: an image is read whole to
// decode it (a preview of other files stops at previewLimit).
const imageLimit = 16 << 20

// imageMaxSide bounds the picture kept in memory: a pane is never more
// than a few hundred pixels of half blocks or sixels across.
const imageMaxSide = 1024

// picture is an image file decoded for drawing.
type picture struct {
	img    *image.RGBA // shrunk to at most imageMaxSide a side
	format string      // png, jpeg, gif
	w, h   int         // the file's pixels
	png    []byte      // img as PNG, for Kitty and iTerm2
	err    error       // why it is not drawn
}

// readPicture reads and decodes an image whose head was read, in the
// preview's Cmd: the rest of the file is read (up to imageLimit), the
// pixels decoded and shrunk, and for the protocols that send a file the
// result encoded as PNG.
func readPicture(ctx context.Context, s client.Store, set client.FileSet, p preview, mode termimage.Mode, bg color.RGBA) *picture {
	if p.Size > imageLimit {
		return &picture{err: fmt.Errorf("%s: too large to draw (at most %s)", format.Bytes(p.Size), format.Bytes(imageLimit))}
	}
	data := p.Head
	if p.truncated() {
		f, err := set.Open(ctx, s, p.Path, 0, imageLimit+1)
		if err != nil {
			return &picture{err: err}
		}
		defer f.Close()
		if data, err = io.ReadAll(io.LimitReader(f, imageLimit+1)); err != nil {
			return &picture{err: fmt.Errorf("read %s: %w", p.Path, err)}
		}
		if len(data) > imageLimit {
			return &picture{err: fmt.Errorf("more than %s: too large to draw", format.Bytes(imageLimit))}
		}
	}
	img, name, err := termimage.Decode(data)
	if err != nil {
		return &picture{format: name, err: err}
	}
	pic := &picture{format: name, w: img.Rect.Dx(), h: img.Rect.Dy(), img: img}
	if s := max(pic.w, pic.h); s > imageMaxSide {
		pic.img = termimage.Scale(img, max(1, pic.w*imageMaxSide/s), max(1, pic.h*imageMaxSide/s), bg)
	}
	if mode == termimage.Kitty || mode == termimage.ITerm2 {
		var b bytes.Buffer
		if err := png.Encode(&b, pic.img); err != nil {
			return &picture{format: name, err: fmt.Errorf("encode for the terminal: %w", err)}
		}
		pic.png = b.Bytes()
	}
	return pic
}

// background is the colour transparent pixels are laid over.
func background(t *theme.Theme) color.RGBA {
	if t == nil || t.Palette.BgBase == nil {
		return color.RGBA{A: 255}
	}
	r, g, b, _ := t.Palette.BgBase.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
}

// drawing is one picture laid out in the pane, cached by what decides it.
type drawing struct {
	path       string
	cols, rows int
	mode       termimage.Mode
	lines      []string // the cells: half blocks, placeholders, or blanks
	seq        string   // Sixel or iTerm2: drawn over the blanks
	kittyID    int
}

// kittyIDs numbers Kitty images 1–255 (the id is a 256-colour index).
var kittyIDs atomic.Uint32

func nextKittyID() int { return int(kittyIDs.Add(1)%255) + 1 }

// draw lays pic out in at most cols×rows cells for the screen's mode,
// reusing the last drawing when nothing changed.
func (m *Screen) draw(path string, pic *picture, cols, rows int) *drawing {
	c, r := termimage.Fit(pic.img.Rect.Dx(), pic.img.Rect.Dy(), cols, rows)
	mode := m.env.Images
	if mode == termimage.Kitty {
		c, r = min(c, termimage.MaxKittyCells), min(r, termimage.MaxKittyCells)
	}
	if d := m.drawn; d != nil && d.path == path && d.cols == c && d.rows == r && d.mode == mode {
		return d
	}
	d := &drawing{path: path, cols: c, rows: r, mode: mode}
	switch mode {
	case termimage.Kitty:
		d.kittyID = nextKittyID()
		d.lines = termimage.KittyPlaceholders(d.kittyID, c, r)
	case termimage.ITerm2, termimage.Sixel:
		blank := strings.Repeat(" ", c)
		for range r {
			d.lines = append(d.lines, blank)
		}
		if mode == termimage.ITerm2 {
			d.seq = termimage.ITerm2Inline(pic.png, c, r)
		} else {
			d.seq = termimage.SixelImage(pic.img, c, r, background(m.env.Theme))
		}
		if m.env.ImagesInTmux {
			d.seq = termimage.Passthrough(d.seq)
		}
	default:
		d.lines = termimage.HalfBlockLines(pic.img, c, r, background(m.env.Theme))
	}
	m.drawn = d
	return d
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
func (m *Screen) selectedPicture() (string, *picture, bool) {
	sel, ok := m.Selected()
	if !ok || sel.IsDir || m.env.Images == termimage.None {
		return "", nil, false
	}
	st := m.previews[sel.Path]
	if st == nil || !st.done || st.err != nil || st.p.Pic == nil || st.p.Pic.err != nil {
		return "", nil, false
	}
	return sel.Path, st.p.Pic, true
}

// imageRows is how many pane lines an image may take: the pane less its
// two heading lines.
func imageRows(h int) int { return max(h-2, 1) }

// syncImage sends the Kitty image under the cursor to the terminal once
// per drawing (deleting the one before), so the placeholders in the frame
// have something to show.
func (m *Screen) syncImage() tea.Cmd {
	if m.env.Images != termimage.Kitty {
		return nil
	}
	path, pic, ok := m.selectedPicture()
	if !ok {
		return nil
	}
	_, _, w, h := m.pane()
	d := m.draw(path, pic, w, imageRows(h))
	if d.kittyID == m.kittySent {
		return nil
	}
	var wrap func(string) string
	if m.env.ImagesInTmux {
		wrap = termimage.Passthrough
	}
	seq := ""
	if m.kittySent != 0 {
		seq = termimage.KittyDelete(m.kittySent, wrap)
	}
	m.kittySent = d.kittyID
	return tea.Raw(seq + termimage.KittyTransmit(d.kittyID, pic.png, d.cols, d.rows, wrap))
}

// Overlay is the Sixel or iTerm2 picture over the pane's blank cells.
func (m *Screen) Overlay() (views.Overlay, bool) {
	if m.env.Images != termimage.Sixel && m.env.Images != termimage.ITerm2 {
		return views.Overlay{}, false
	}
	path, pic, ok := m.selectedPicture()
	if !ok {
		return views.Overlay{}, false
	}
	x, y, w, h := m.pane()
	d := m.draw(path, pic, w, imageRows(h))
	key := fmt.Sprintf("%s|%d|%d|%d|%d|%s", d.mode, x, y, d.cols, d.rows, path)
	return views.Overlay{X: x, Y: y + 2, Seq: d.seq, Key: key}, true
}
