package termimage

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestParseMode(t *testing.T) {
	for i, n := range modeNames {
		m, err := ParseMode(" " + strings.ToUpper(n))
		if err != nil || m != Mode(i) || m.String() != n {
			t.Errorf("ParseMode(%q) = %v, %v", n, m, err)
		}
	}
	if m, err := ParseMode(""); err != nil || m != Auto {
		t.Errorf("empty: %v %v", m, err)
	}
	if _, err := ParseMode("ascii-art"); err == nil || !strings.Contains(err.Error(), "halfblocks") {
		t.Errorf("unknown mode: %v", err)
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		env  func(string) string
		want Mode
	}{
		{env(), None},
		{env("TERM", "dumb"), None},
		{env("TERM", "xterm-256color"), HalfBlocks},
		{env("TERM", "xterm-kitty"), Kitty},
		{env("TERM", "tmux-256color", "TMUX", "/tmp/t,1,0", "KITTY_WINDOW_ID", "3"), Kitty},
		{env("TERM", "xterm-ghostty"), Kitty},
		{env("TERM", "xterm-256color", "TERM_PROGRAM", "iTerm.app"), ITerm2},
		{env("TERM", "xterm-256color", "TERM_PROGRAM", "WezTerm"), ITerm2},
		{env("TERM", "xterm-256color", "LC_TERMINAL", "iTerm2"), ITerm2}, // iTerm2 over SSH
		{env("TERM", "foot"), Sixel},
		{env("TERM", "xterm-256color", "MLTUI_SIXEL", "1"), Sixel},
		{env("TERM", "screen-256color", "TMUX", "x"), HalfBlocks},
	}
	for _, c := range cases {
		if got := Detect(c.env); got != c.want {
			t.Errorf("Detect(TERM=%q TERM_PROGRAM=%q) = %v, want %v", c.env("TERM"), c.env("TERM_PROGRAM"), got, c.want)
		}
	}
	if !InTmux(env("TMUX", "/tmp/tmux-0/default,1,0")) || InTmux(env()) {
		t.Error("InTmux")
	}
}

// tmux's passthrough: DCS tmux; then the sequence with each ESC doubled, ST.
func TestPassthrough(t *testing.T) {
	got := Passthrough("\x1b_Gi=1;AAAA\x1b\\")
	want := "\x1bPtmux;\x1b\x1b_Gi=1;AAAA\x1b\x1b\\\x1b\\"
	if got != want {
		t.Errorf("Passthrough = %q, want %q", got, want)
	}
}

func pngOf(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecode(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	src.Set(1, 1, color.NRGBA{10, 20, 30, 255})
	img, name, err := Decode(pngOf(t, src))
	if err != nil || name != "png" || img.Rect.Dx() != 3 || img.Rect.Dy() != 2 {
		t.Fatalf("Decode = %v %q %v", img.Rect, name, err)
	}
	if c := img.RGBAAt(1, 1); c != (color.RGBA{10, 20, 30, 255}) {
		t.Errorf("pixel (1,1) = %v", c)
	}
	// A corrupt body behind a good signature.
	if _, _, err := Decode(append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0xba}, 40)...)); err == nil {
		t.Error("a corrupt PNG decoded")
	}
}

// A header claiming 100000×100000 pixels is refused before decoding.
func TestDecodeRefusesHugeHeader(t *testing.T) {
	b := pngOf(t, image.NewGray(image.Rect(0, 0, 1, 1)))
	// IHDR's width and height sit at 16..24; its CRC covers type+data (12..29).
	binary.BigEndian.PutUint32(b[16:], 100000)
	binary.BigEndian.PutUint32(b[20:], 100000)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	_, _, err := Decode(b)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "100000×100000") {
		t.Fatalf("Decode of a huge header = %v", err)
	}
}

func TestFit(t *testing.T) {
	cases := []struct{ w, h, cols, rows, c, r int }{
		{640, 480, 60, 20, 53, 20}, // height bound: 480 px → 40 half-rows
		{640, 480, 40, 40, 40, 15}, // width bound
		{10, 10, 60, 20, 40, 20},   // small images grow to the box
		{1000, 10, 50, 20, 50, 1},  // a thin strip keeps at least one row
		{0, 10, 50, 20, 0, 0},
	}
	for _, c := range cases {
		if gc, gr := Fit(c.w, c.h, c.cols, c.rows); gc != c.c || gr != c.r {
			t.Errorf("Fit(%d×%d in %d×%d) = %d×%d, want %d×%d", c.w, c.h, c.cols, c.rows, gc, gr, c.c, c.r)
		}
	}
}

var sgrRE = regexp.MustCompile(`\x1b\[(38|48);2;(\d+);(\d+);(\d+)m`)

// The half-block renderer on a known 2×4 image: each cell's foreground is
// its upper pixel and its background the lower, exactly.
func TestHalfBlockColours(t *testing.T) {
	px := [4][2]color.RGBA{
		{{255, 0, 0, 255}, {0, 255, 0, 255}},
		{{0, 0, 255, 255}, {255, 255, 255, 255}},
		{{10, 20, 30, 255}, {10, 20, 30, 255}},
		{{0, 0, 0, 0}, {200, 100, 50, 255}}, // transparent: the background shows
	}
	img := image.NewRGBA(image.Rect(0, 0, 2, 4))
	for y := range 4 {
		for x := range 2 {
			img.SetRGBA(x, y, px[y][x])
		}
	}
	bg := color.RGBA{7, 8, 9, 255}
	lines := HalfBlockLines(img, 2, 2, bg)
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	want := [][]string{
		{"38;255;0;0", "48;0;0;255", "38;0;255;0", "48;255;255;255"},
		{"38;10;20;30", "48;7;8;9", "48;200;100;50"}, // the repeated foreground is not sent again
	}
	for i, l := range lines {
		var got []string
		for _, m := range sgrRE.FindAllStringSubmatch(l, -1) {
			got = append(got, m[1]+";"+m[2]+";"+m[3]+";"+m[4])
		}
		if strings.Join(got, " ") != strings.Join(want[i], " ") {
			t.Errorf("line %d colours = %v, want %v", i, got, want[i])
		}
		if strings.Count(l, "▀") != 2 || !strings.HasSuffix(l, "\x1b[m") || ansi.StringWidth(l) != 2 {
			t.Errorf("line %d = %q", i, l)
		}
	}
}

// Shrinking averages: a 4×4 checkerboard of black and white is grey.
func TestScaleAverages(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for y := range 4 {
		for x := range 4 {
			if (x+y)%2 == 0 {
				img.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
			} else {
				img.SetRGBA(x, y, color.RGBA{0, 0, 0, 255})
			}
		}
	}
	if c := Scale(img, 1, 1, color.RGBA{}).RGBAAt(0, 0); c.R != 127 || c.G != 127 || c.B != 127 {
		t.Errorf("average = %v", c)
	}
}

func TestDiacriticsTable(t *testing.T) {
	if len(diacritics) != 160 || diacritics[0] != 0x0305 || diacritics[63] != 0x0658 || diacritics[159] != 0x1CD1 {
		t.Fatalf("table: %d entries, %U %U %U", len(diacritics), diacritics[0], diacritics[63], diacritics[len(diacritics)-1])
	}
	for i, r := range diacritics {
		if !unicode.Is(unicode.Mn, r) || (i > 0 && r <= diacritics[i-1]) {
			t.Errorf("entry %d %U is not an increasing nonspacing mark", i, r)
		}
	}
}

// The Kitty graphics protocol: a=T with U=1 (a virtual placement), f=100
// (PNG), c/r the cells, q=2, base64 in chunks of at most 4096 bytes with
// m=1 on all but the last; only the first chunk carries the keys.
func TestKittyTransmit(t *testing.T) {
	data := bytes.Repeat([]byte{1, 2, 3, 4, 5}, 1000) // 5000 bytes: 6668 base64
	s := KittyTransmit(7, data, 30, 12, nil)
	re := regexp.MustCompile(`\x1b_G([^;]*);([A-Za-z0-9+/=]*)\x1b\\`)
	ms := re.FindAllStringSubmatch(s, -1)
	if len(ms) != 2 || len(re.ReplaceAllString(s, "")) != 0 {
		t.Fatalf("chunks: %q", s[:min(len(s), 200)])
	}
	if ms[0][1] != "a=T,U=1,f=100,t=d,i=7,c=30,r=12,q=2,m=1" || ms[1][1] != "m=0" {
		t.Errorf("control data %q, %q", ms[0][1], ms[1][1])
	}
	if len(ms[0][2]) != 4096 {
		t.Errorf("first chunk %d bytes", len(ms[0][2]))
	}
	got, err := base64.StdEncoding.DecodeString(ms[0][2] + ms[1][2])
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("payload does not round-trip: %v", err)
	}
	// In tmux every chunk is wrapped on its own.
	w := KittyTransmit(7, data, 30, 12, Passthrough)
	if strings.Count(w, "\x1bPtmux;") != 2 || strings.Contains(strings.ReplaceAll(w, "\x1b\x1b", ""), "\x1b_G") {
		t.Errorf("tmux wrapping: %q", w[:80])
	}
	if d := KittyDelete(7, nil); d != "\x1b_Ga=d,d=I,i=7,q=2\x1b\\" {
		t.Errorf("delete = %q", d)
	}
}

// Each placeholder cell is U+10EEEE, its row's diacritic, its column's,
// in the image id's colour; a line is as wide as its cells.
func TestKittyPlaceholders(t *testing.T) {
	lines := KittyPlaceholders(42, 3, 2)
	if len(lines) != 2 {
		t.Fatal(len(lines))
	}
	for r, l := range lines {
		want := "\x1b[38;5;42m"
		for c := range 3 {
			want += string([]rune{placeholder, diacritics[r], diacritics[c]})
		}
		want += "\x1b[39m"
		if l != want {
			t.Errorf("row %d = %q, want %q", r, l, want)
		}
		if w := ansi.StringWidth(l); w != 3 {
			t.Errorf("row %d is %d cells wide", r, w)
		}
	}
}

func TestITerm2Inline(t *testing.T) {
	s := ITerm2Inline([]byte("PNGDATA"), 20, 8)
	want := "\x1b]1337;File=inline=1;size=7;width=20;height=8;preserveAspectRatio=1;doNotMoveCursor=1:" +
		base64.StdEncoding.EncodeToString([]byte("PNGDATA")) + "\a"
	if s != want {
		t.Errorf("got %q", s)
	}
}

// Sixel: DCS P1;P2;P3 q, raster attributes "Pan;Pad;W;H, registers as
// #n;2;R%;G%;B%, each band of six rows with one pass per colour ($ between,
// - after), runs as !N.
func TestSixelEncoding(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 4, 12))
	for y := range 12 {
		for x := range 4 {
			c := color.RGBA{255, 0, 0, 255}
			if y >= 6 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	want := "\x1bP0;1;0q\"1;1;4;12#5;2;0;0;100#180;2;100;0;0#180!4~-#5!4~-\x1b\\"
	if got := encodeSixel(img); got != want {
		t.Errorf("two bands:\n got %q\nwant %q", got, want)
	}
	// One band, two colours: red in row 0 only, blue below it.
	img = image.NewRGBA(image.Rect(0, 0, 2, 6))
	for y := range 6 {
		for x := range 2 {
			c := color.RGBA{0, 0, 255, 255}
			if y == 0 && x == 0 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	// Blue: column 0 rows 1-5 (bits 0b111110 → 63+62 '}'), column 1 all ('~');
	// red: column 0 row 0 (63+1 '@'), column 1 none ('?').
	want = "\x1bP0;1;0q\"1;1;2;6#5;2;0;0;100#180;2;100;0;0#5}~$#180@?-\x1b\\"
	if got := encodeSixel(img); got != want {
		t.Errorf("one band:\n got %q\nwant %q", got, want)
	}
	if s := SixelImage(img, 2, 1, color.RGBA{}); !strings.HasPrefix(s, "\x1bP0;1;0q\"1;1;20;20") {
		t.Errorf("SixelImage size: %q", s[:30])
	}
}
