package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"mltui/client"
	"mltui/termimage"
)

// Names as MLflow 3.18's log_image(key=..., step=...) writes them (seen in
// the seed's run), thumbnails and other files left out.
func TestParseStepImage(t *testing.T) {
	im, ok := parseStepImage("images/confusion_matrix+step+40+timestamp+1796594666290+84342822-19fb-4413-8a05-773646807800.png")
	if !ok || im.Key != "confusion_matrix" || im.Step != 40 || im.Timestamp != 1796594666290 {
		t.Fatalf("%+v %v", im, ok)
	}
	if im, ok := parseStepImage("images/a+b+step+3+timestamp+5+u.png"); !ok || im.Key != "a+b" {
		t.Errorf("a key holding +: %+v %v", im, ok)
	}
	for _, p := range []string{
		"images/confusion_matrix+step+40+timestamp+1796594666290+84342822-19fb-4413-8a05-773646807800+compressed.webp",
		"images/plain.png", "images/x+step+N+timestamp+1+u.png", "images/+step+1+timestamp+1+u.png",
	} {
		if _, ok := parseStepImage(p); ok {
			t.Errorf("%s parsed", p)
		}
	}
}

func solidPNG(t *testing.T, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for y := range 10 {
		for x := range 10 {
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The step images stand beside the curves: ] and [ move between them and
// put the cursor on their step; moving the cursor shows the image logged
// at or before it.
func TestStepImagesFollowTheCursor(t *testing.T) {
	s, runs := seedStore(t)
	adam := runs["mnist_adam"]
	id := adam.Info.RunID
	colours := map[int]color.RGBA{0: {200, 0, 0, 255}, 20: {0, 200, 0, 255}, 40: {0, 0, 200, 255}, 59: {200, 200, 0, 255}}
	for step, c := range colours {
		name := fmt.Sprintf("images/confusion_matrix+step+%d+timestamp+%d+u%d", step, 1000+step, step)
		s.files[id+"/"+name+".png"] = solidPNG(t, c)
		s.files[id+"/"+name+"+compressed.webp"] = []byte("RIFF....WEBP")
	}
	m := open(t, s, "rest", []client.Run{adam}, "train_loss", 140, 40)
	if m.env.Images != termimage.HalfBlocks {
		t.Fatalf("mode %v", m.env.Images)
	}
	out := plain(t, m.View(), 140, 40)
	if !strings.Contains(out, "confusion_matrix · step 0") || !strings.Contains(out, "image 1 of 4") || !strings.Contains(m.View(), "▀") {
		t.Fatalf("no image pane:\n%s", out)
	}
	if !strings.Contains(m.View(), "38;2;200;0;0") {
		t.Errorf("step 0 is not drawn in its red")
	}
	drain(t, m, m.key(keyMsg("]")))
	if !m.cursorOn || m.cursor != 20 || !strings.Contains(plain(t, m.View(), 140, 40), "confusion_matrix · step 20") || !strings.Contains(m.View(), "38;2;0;200;0") {
		t.Fatalf("] did not move to step 20 (cursor %v at %v)", m.cursorOn, m.cursor)
	}
	drain(t, m, m.key(keyMsg("]")))
	drain(t, m, m.key(keyMsg("]")))
	drain(t, m, m.key(keyMsg("]"))) // past the last: stays
	if m.cursor != 59 || m.imgIdx != 3 {
		t.Fatalf("at the end: cursor %v, image %d", m.cursor, m.imgIdx)
	}
	// The cursor moved back by hand: the image at or before it.
	for m.cursor > 45 {
		drain(t, m, m.key(keyMsg("h")))
	}
	if m.imgIdx != 2 {
		t.Fatalf("cursor at %v shows image %d", m.cursor, m.imgIdx)
	}
	// Narrow: no pane, the status says how to see them.
	m.SetSize(80, 24)
	if out := plain(t, m.View(), 80, 24); strings.Contains(out, "image 3 of 4") || !strings.Contains(out, "4 step images") {
		t.Fatalf("narrow:\n%s", out)
	}
}
