// Package picture reads image artifacts for the screen and lays them out
// in the pane for the terminal's image mode: half-block lines, Kitty
// placeholders (with the image sent once), or blank cells with a Sixel or
// iTerm2 overlay. Screens that show images embed a Pane.
package picture

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

// Limit is the largest image file drawn: an image is read whole to decode.
const Limit = 16 << 20

// maxSide bounds the picture kept in memory: a pane is never more than a
// few hundred pixels of half blocks or sixels across.
const maxSide = 1024

// Picture is an image file decoded for drawing.
type Picture struct {
	Img    *image.RGBA // shrunk to at most maxSide a side
	Format string      // png, jpeg, gif
	W, H   int         // the file's pixels
	PNG    []byte      // Img as PNG, for Kitty and iTerm2
	Err    error       // why it is not drawn
}

// Opener reads a file from offset off (n < 0: to the end).
type Opener func(ctx context.Context, off, n int64) (*client.ArtifactFile, error)

// Read decodes an image file in a Cmd: head is what was read already (all
// of it when it is whole), size the file's size (-1 unknown); the rest is
// read through open, up to Limit. The pixels are shrunk, and for the
// protocols that send a file encoded as PNG. Failures come back in Err.
func Read(ctx context.Context, open Opener, head []byte, size int64, mode termimage.Mode, bg color.RGBA) *Picture {
	if size > Limit {
		return &Picture{Err: fmt.Errorf("%s: too large to draw (at most %s)", format.Bytes(size), format.Bytes(Limit))}
	}
	data := head
	if size < 0 || size > int64(len(head)) {
		f, err := open(ctx, 0, Limit+1)
		if err != nil {
			return &Picture{Err: err}
		}
		defer f.Close()
		if data, err = io.ReadAll(io.LimitReader(f, Limit+1)); err != nil {
			return &Picture{Err: fmt.Errorf("read image: %w", err)}
		}
		if len(data) > Limit {
			return &Picture{Err: fmt.Errorf("more than %s: too large to draw", format.Bytes(Limit))}
		}
	}
	img, name, err := termimage.Decode(data)
	if err != nil {
		return &Picture{Format: name, Err: err}
	}
	pic := &Picture{Format: name, W: img.Rect.Dx(), H: img.Rect.Dy(), Img: img}
	if s := max(pic.W, pic.H); s > maxSide {
		pic.Img = termimage.Scale(img, max(1, pic.W*maxSide/s), max(1, pic.H*maxSide/s), bg)
	}
	if mode == termimage.Kitty || mode == termimage.ITerm2 {
		var b bytes.Buffer
		if err := png.Encode(&b, pic.Img); err != nil {
			return &Picture{Format: name, Err: fmt.Errorf("encode for the terminal: %w", err)}
		}
		pic.PNG = b.Bytes()
	}
	return pic
}

// Drawable reports whether p has pixels to draw.
func (p *Picture) Drawable() bool { return p != nil && p.Err == nil && p.Img != nil }

// Info is "PNG 400×350".
func (p *Picture) Info() string { return fmt.Sprintf("%s %d×%d", strings.ToUpper(p.Format), p.W, p.H) }

// Background is the colour transparent pixels are laid over.
func Background(t *theme.Theme) color.RGBA {
	if t == nil || t.Palette.BgBase == nil {
		return color.RGBA{A: 255}
	}
	r, g, b, _ := t.Palette.BgBase.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
}

// drawing is one picture laid out, cached by what decides it.
type drawing struct {
	key        string
	cols, rows int
	lines      []string // the cells: half blocks, placeholders, or blanks
	seq        string   // Sixel or iTerm2: drawn over the blanks
	kittyID    int
}

// kittyIDs numbers Kitty images 1–255 (the id is a 256-colour index).
var kittyIDs atomic.Uint32

func nextKittyID() int { return int(kittyIDs.Add(1)%255) + 1 }

// Pane lays pictures out for one screen and keeps what the terminal holds.
type Pane struct {
	env       views.Env
	drawn     *drawing
	kittySent int
}

// NewPane is a pane drawing in env's image mode.
func NewPane(env views.Env) Pane { return Pane{env: env} }

// Mode is how this pane draws.
func (p *Pane) Mode() termimage.Mode { return p.env.Images }

// draw lays pic (named key) out in at most cols×rows cells, reusing the
// last drawing when nothing changed.
func (p *Pane) draw(key string, pic *Picture, cols, rows int) *drawing {
	c, r := termimage.Fit(pic.Img.Rect.Dx(), pic.Img.Rect.Dy(), cols, rows)
	mode := p.env.Images
	if mode == termimage.Kitty {
		c, r = min(c, termimage.MaxKittyCells), min(r, termimage.MaxKittyCells)
	}
	if d := p.drawn; d != nil && d.key == key && d.cols == c && d.rows == r {
		return d
	}
	d := &drawing{key: key, cols: c, rows: r}
	bg := Background(p.env.Theme)
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
			d.seq = termimage.ITerm2Inline(pic.PNG, c, r)
		} else {
			d.seq = termimage.SixelImage(pic.Img, c, r, bg)
		}
		if p.env.ImagesInTmux {
			d.seq = termimage.Passthrough(d.seq)
		}
	default:
		d.lines = termimage.HalfBlockLines(pic.Img, c, r, bg)
	}
	p.drawn = d
	return d
}

// Lines are the cells that show pic in at most cols×rows (for View).
func (p *Pane) Lines(key string, pic *Picture, cols, rows int) []string {
	return p.draw(key, pic, cols, rows).lines
}

// Sync sends a Kitty picture to the terminal once per drawing (deleting
// the one before), so the placeholders in the frame have something to
// show; call it from Update with what View will draw.
func (p *Pane) Sync(key string, pic *Picture, cols, rows int) tea.Cmd {
	if p.env.Images != termimage.Kitty || !pic.Drawable() {
		return nil
	}
	d := p.draw(key, pic, cols, rows)
	if d.kittyID == p.kittySent {
		return nil
	}
	var wrap func(string) string
	if p.env.ImagesInTmux {
		wrap = termimage.Passthrough
	}
	seq := ""
	if p.kittySent != 0 {
		seq = termimage.KittyDelete(p.kittySent, wrap)
	}
	p.kittySent = d.kittyID
	return tea.Raw(seq + termimage.KittyTransmit(d.kittyID, pic.PNG, d.cols, d.rows, wrap))
}

// Overlay is the Sixel or iTerm2 picture over its blank cells, whose
// corner is x, y of the body.
func (p *Pane) Overlay(key string, pic *Picture, x, y, cols, rows int) (views.Overlay, bool) {
	if (p.env.Images != termimage.Sixel && p.env.Images != termimage.ITerm2) || !pic.Drawable() {
		return views.Overlay{}, false
	}
	d := p.draw(key, pic, cols, rows)
	return views.Overlay{X: x, Y: y, Seq: d.seq, Key: fmt.Sprintf("%s|%d|%d|%d|%d|%s", p.env.Images, x, y, d.cols, d.rows, key)}, true
}
