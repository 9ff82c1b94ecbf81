package artifacts

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/internal/promotetest"
	"mltui/termimage"
	"mltui/theme"
	"mltui/views"
)

const runID = "0123456789abcdef0123456789abcdef"

// viewer drives the screen on the in-memory store: commands run at once,
// replies fed back; raw terminal writes and toasts are kept.
type viewer struct {
	t      *testing.T
	env    views.Env
	s      views.Screen
	raws   []string
	toasts []string
}

func newViewer(t *testing.T, st client.Store, mode termimage.Mode, w, h int) *viewer {
	t.Helper()
	sh := views.NewShared(views.Shared{Store: st, Theme: theme.New(theme.ModeNoColor), Images: mode,
		Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }, ReadOnly: client.IsReadOnly(st)})
	v := &viewer{t: t, env: views.Env{Shared: sh, Screen: 1}}
	s, err := New(v.env, views.OpenMsg{Kind: views.KindArtifacts, RunIDs: []string{runID}})
	if err != nil {
		t.Fatal(err)
	}
	s.SetSize(w, h)
	v.s = s
	v.run(s.Init())
	return v
}

func (v *viewer) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			v.run(c)
		}
	case views.Reply:
		if v.env.Flights().Deliver(msg.Request()) {
			v.send(msg)
		}
	case tea.RawMsg:
		v.raws = append(v.raws, fmt.Sprint(msg.Msg))
	case views.ToastMsg:
		v.toasts = append(v.toasts, msg.Text)
	}
}

func (v *viewer) send(msg tea.Msg) {
	s, cmd := v.s.Update(msg)
	v.s = s
	v.run(cmd)
}

func (v *viewer) keys(ks ...string) {
	for _, k := range ks {
		if k == "<enter>" {
			v.send(tea.KeyPressMsg{Code: tea.KeyEnter})
			continue
		}
		for _, r := range k {
			v.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

// twoColours is a w×h PNG, the left half red and the right half blue.
func twoColours(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{200, 10, 10, 255}
			if x >= w/2 {
				c = color.RGBA{10, 10, 200, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func imageStore(t *testing.T, files map[string][]byte) *promotetest.Store {
	st := promotetest.New()
	var infos []client.FileInfo
	for p, b := range files {
		infos = append(infos, client.FileInfo{Path: p, FileSize: int64(len(b))})
		st.SetArtifactContent(runID, p, b)
	}
	st.SetArtifacts(runID, infos)
	return st
}

// Kitty: the pane holds placeholder cells for the image's id, and the PNG
// goes to the terminal once, sized to those cells; moving to another image
// deletes the first.
func TestViewerKitty(t *testing.T) {
	st := imageStore(t, map[string][]byte{"a.png": twoColours(t, 40, 20), "b.png": twoColours(t, 20, 40)})
	v := newViewer(t, st, termimage.Kitty, 120, 30)
	view := v.s.View()
	if !strings.Contains(view, "\U0010EEEE") || !strings.Contains(ansi.Strip(view), "image · ") {
		t.Fatalf("no placeholders:\n%s", ansi.Strip(view))
	}
	if len(v.raws) != 1 || !strings.HasPrefix(v.raws[0], "\x1b_Ga=T,U=1,f=100,t=d,i=") {
		t.Fatalf("transmitted %d times: %q", len(v.raws), v.raws)
	}
	first := v.raws[0]
	v.send(views.ClearErrorMsg{}) // any message: nothing is sent again
	if len(v.raws) != 1 {
		t.Fatalf("sent again: %d", len(v.raws))
	}
	v.keys("j")
	if len(v.raws) != 2 || !strings.HasPrefix(v.raws[1], "\x1b_Ga=d,d=I,i=") || !strings.Contains(v.raws[1], "\x1b_Ga=T,U=1") || v.raws[1] == first {
		t.Fatalf("the second image: %q", v.raws[1:])
	}
}

// Sixel and iTerm2 leave blank cells and offer the picture as an overlay
// at the pane's corner, under its two heading lines.
func TestViewerOverlay(t *testing.T) {
	st := imageStore(t, map[string][]byte{"a.png": twoColours(t, 40, 20)})
	for _, mode := range []termimage.Mode{termimage.Sixel, termimage.ITerm2} {
		v := newViewer(t, st, mode, 120, 30)
		ov, ok := v.s.(views.Overlayer).Overlay()
		if !ok {
			t.Fatalf("%v: no overlay", mode)
		}
		tw, _ := v.s.(*Screen).TableSize()
		if ov.X != tw+2 || ov.Y != 2 || ov.Key == "" {
			t.Errorf("%v: overlay at %d,%d (table %d wide)", mode, ov.X, ov.Y, tw)
		}
		prefix := map[termimage.Mode]string{termimage.Sixel: "\x1bP0;1;0q", termimage.ITerm2: "\x1b]1337;File=inline=1;"}[mode]
		if !strings.HasPrefix(ov.Seq, prefix) {
			t.Errorf("%v: %q", mode, ov.Seq[:20])
		}
		if len(v.raws) != 0 {
			t.Errorf("%v wrote raw: %q", mode, v.raws)
		}
	}
	// Half blocks have none.
	v := newViewer(t, st, termimage.HalfBlocks, 120, 30)
	if _, ok := v.s.(views.Overlayer).Overlay(); ok {
		t.Error("half blocks offered an overlay")
	}
	if !strings.Contains(v.s.View(), "▀") {
		t.Errorf("no half blocks:\n%s", ansi.Strip(v.s.View()))
	}
}

// None and too-large images show what the file is, not pixels.
func TestViewerImageNotDrawn(t *testing.T) {
	st := imageStore(t, map[string][]byte{"a.png": twoColours(t, 40, 20)})
	v := newViewer(t, st, termimage.None, 120, 30)
	if got := ansi.Strip(v.s.View()); strings.Contains(got, "▀") || !strings.Contains(got, "PNG image, 40×20 pixels") {
		t.Fatalf("mode none:\n%s", got)
	}
}
