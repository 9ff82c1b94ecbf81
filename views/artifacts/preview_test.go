package artifacts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"mltui/theme"
)

var styles = &theme.New(theme.ModeNoColor).Styles

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func plain(lines []string) string { return ansi.Strip(strings.Join(lines, "\n")) }

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		name string
		head []byte
		want kind
	}{
		{"plots/cm.png", pngBytes(t, 2, 2), kindImage},
		{"x.bin", []byte{0xff, 0xd8, 0xff, 0xe0}, kindImage},
		{"anim.gif", []byte("GIF89a...."), kindImage},
		{"model.skops", []byte("PK\x03\x04\x00\x00"), kindBinary},
		{"metrics.json", []byte(`{"a": 1}`), kindJSON},
		{"data.csv", []byte("a,b\n1,2\n"), kindTable},
		{"data.tsv", []byte("a\tb\n1\t2\n"), kindTable},
		{"train.log", []byte("epoch 1 loss 0.3\n"), kindText},
		{"empty.txt", nil, kindEmpty},
		// A multi-byte rune cut by the preview's end is still text.
		{"notes.md", []byte("정확도 0.97 ✓")[:len("정확도 0.97 ✓")-1], kindText},
		{"latin1.txt", []byte("caf\xe9 au lait"), kindBinary},
	} {
		if got := classify(c.name, c.head); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// Store text is untrusted: escapes, bidi overrides and other controls in a file are shown, never
// sent to the terminal.
func TestRenderTextIsInert(t *testing.T) {
	head := []byte("ok\n\x1b[2J\x1b[31mred\x1b[0m\n\u202eevil\ttab\r\n")
	p := preview{Path: "logs/\x1b]0;pwned\x07train.log", Size: int64(len(head)), Head: head}
	lines := render(p, styles, 60, 20)
	out := strings.Join(lines, "\n")
	// The theme's own styling (bold titles) is the only escape left.
	if strings.ContainsAny(ansi.Strip(out), "\x1b\x07\u202e\r") || strings.Contains(out, "\x1b]") || strings.Contains(out, "\x1b[2J") {
		t.Fatalf("control characters reached the frame: %q", out)
	}
	if got := plain(lines); !strings.Contains(got, "red") || !strings.Contains(got, "evil    tab") || !strings.HasPrefix(got, "␛]0;pwned␇train.log\ntext · 33 B") {
		t.Fatalf("%q", got)
	}
}

func TestRenderJSONFolds(t *testing.T) {
	p := preview{Path: "eval/confusion_matrix.json", Size: 90,
		Head: []byte(`{"labels": ["setosa", "versicolor", "virginica"], "matrix": [[10, 0, 0], [0, 9, 1], [0, 2, 8]], "note": {"by": "seed.py"}}`)}
	want := `confusion_matrix.json
JSON · 90 B
{
  "labels": ["setosa", "versicolor", "virginica"],
  "matrix": [[10, 0, 0], [0, 9, 1], [0, 2, 8]],
  "note": {"by": "seed.py"}
}`
	if got := plain(render(p, styles, 60, 20)); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// Narrow: containers open one level at a time, numbers as written.
	p.Head = []byte(`{"matrix": [[10, 0, 0], [0, 9, 1]], "x": 1.50}`)
	p.Size = int64(len(p.Head))
	want = "{\n  \"matrix\": [\n    [10, 0, 0],\n    [0, 9, 1]\n  ],\n  \"x\": 1.50\n}"
	if got := plain(render(p, styles, 20, 20)[2:]); got != want {
		t.Fatalf("narrow: got\n%s\nwant\n%s", got, want)
	}
	// Not JSON after all: said, then shown as text.
	p.Head = []byte(`{"a": 1,`)
	p.Size = int64(len(p.Head))
	if got := plain(render(p, styles, 40, 20)); !strings.Contains(got, "not valid JSON: shown as text\n{\"a\": 1,") {
		t.Fatalf("%s", got)
	}
}

func TestRenderCSVTable(t *testing.T) {
	p := preview{Path: "preds.csv", Size: 1 << 30, Head: []byte("id,label,score,note\n1,setosa,0.98,\n2,virginica,0.7,\"a, b\"\n3,versicolor,1,x\n4,vir")}
	got := plain(render(p, styles, 60, 20))
	want := `preds.csv
CSV · 1.0 GiB (showing the first 80 B)
id (int)  label (text)  score (float)  note (text)
1         setosa        0.98
2         virginica     0.7            a, b
3         versicolor    1              x`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRenderImageAndCorrupt(t *testing.T) {
	b := pngBytes(t, 640, 480)
	if got := plain(render(preview{Path: "plots/confusion_matrix.png", Size: int64(len(b)), Head: b}, styles, 60, 10)); !strings.Contains(got, "image · ") || !strings.Contains(got, "PNG image, 640×480 pixels") {
		t.Fatalf("%s", got)
	}
	bad := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0xde, 0xad}, 20)...)
	if got := plain(render(preview{Path: "broken.png", Size: int64(len(bad)), Head: bad}, styles, 60, 10)); !strings.Contains(got, "an image that does not decode: ") {
		t.Fatalf("%s", got)
	}
}

func TestRenderBinaryAndBig(t *testing.T) {
	zip := append([]byte("PK\x03\x04"), make([]byte, 100)...)
	got := plain(render(preview{Path: "model.skops", Size: 3 << 20, Head: zip}, styles, 60, 10))
	if got != "model.skops\nbinary · 3.0 MiB\napplication/zip: not shown as text" {
		t.Fatalf("%q", got)
	}
	// 200 MB of log: the first 256 KiB, the line cut at the end dropped, the heading says so.
	head := bytes.Repeat([]byte("step 1 loss 0.25\n"), previewLimit/17+1)[:previewLimit]
	lines := render(preview{Path: "train.log", Size: 200 << 20, Head: head}, styles, 60, 1<<20)
	if lines[1] != "text · 200.0 MiB (showing the first 256.0 KiB)" {
		t.Fatalf("%q", lines[1])
	}
	if last := lines[len(lines)-1]; last != "step 1 loss 0.25" {
		t.Fatalf("the cut line was kept: %q", last)
	}
	if got := plain(render(preview{Path: "x.txt", Size: 0}, styles, 60, 10)); got != "x.txt\nempty · 0 B\n(empty file)" {
		t.Fatalf("%q", got)
	}
}

func TestColumnType(t *testing.T) {
	rows := [][]string{{"1", "1.5", "a", ""}, {"2", "2", "3", ""}}
	for c, want := range []string{"int", "float", "text", "empty"} {
		if got := columnType(rows, c); got != want {
			t.Errorf("column %d: %s, want %s", c, got, want)
		}
	}
}
