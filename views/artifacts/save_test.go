package artifacts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/termimage"
)

func (v *viewer) footer() string {
	lines := strings.Split(ansi.Strip(v.s.View()), "\n")
	return lines[len(lines)-1]
}

// typeDest replaces the prompt's text, as ctrl+u and typing would.
func (v *viewer) typeDest(p string) {
	v.s.(*Screen).save.input.SetValue(p)
	v.send(tea.KeyPressMsg{Code: tea.KeyEnter})
}

// s asks where (the file's name in the current directory by default),
// writes the file whole, and says what it wrote; an existing file is
// replaced only after a y.
func TestViewerSavesAFile(t *testing.T) {
	png := twoColours(t, 8, 4)
	v := newViewer(t, imageStore(t, map[string][]byte{"cm.png": png}), termimage.None, 120, 30)
	v.keys("s")
	if !v.s.(*Screen).CapturingInput() || !strings.Contains(v.footer(), "save cm.png to cm.png") {
		t.Fatalf("prompt: %q", v.footer())
	}
	dest := filepath.Join(t.TempDir(), "out.png")
	v.typeDest(dest)
	if b, err := os.ReadFile(dest); err != nil || string(b) != string(png) {
		t.Fatalf("saved %d bytes, %v", len(b), err)
	}
	if len(v.toasts) != 1 || !strings.HasPrefix(v.toasts[0], "saved runs:/"+runID+"/cm.png to "+dest+" (") {
		t.Fatalf("toasts %q", v.toasts)
	}
	if v.s.(*Screen).save != nil {
		t.Fatal("the prompt stayed open")
	}

	// It exists now: asked, and n keeps it.
	os.WriteFile(dest, []byte("mine"), 0o644)
	v.keys("s")
	v.typeDest(dest)
	if !strings.Contains(v.footer(), dest+" exists: replace it? y/N") {
		t.Fatalf("no replace prompt: %q", v.footer())
	}
	v.keys("n")
	if b, _ := os.ReadFile(dest); string(b) != "mine" || !strings.Contains(v.toasts[len(v.toasts)-1], "not saved") {
		t.Fatalf("n replaced it: %q, %q", b, v.toasts)
	}
	// y replaces it.
	v.keys("s")
	v.typeDest(dest)
	v.keys("y")
	if b, _ := os.ReadFile(dest); string(b) != string(png) {
		t.Fatalf("y did not replace it: %q", b)
	}
	if es, _ := os.ReadDir(filepath.Dir(dest)); len(es) != 1 {
		t.Errorf("left beside it: %v", es)
	}
}

// A folder is saved whole, its files under their own names.
func TestViewerSavesAFolder(t *testing.T) {
	st := imageStore(t, nil)
	st.SetArtifacts(runID, []client.FileInfo{{Path: "model", IsDir: true}, {Path: "model/MLmodel", FileSize: 3}, {Path: "model/data", IsDir: true}, {Path: "model/data/w.bin", FileSize: 2}})
	st.SetArtifactContent(runID, "model/MLmodel", []byte("abc"))
	st.SetArtifactContent(runID, "model/data/w.bin", []byte{0, 1})
	v := newViewer(t, st, termimage.None, 120, 30)
	v.keys("s")
	dest := filepath.Join(t.TempDir(), "m")
	v.typeDest(dest)
	a, _ := os.ReadFile(filepath.Join(dest, "MLmodel"))
	b, _ := os.ReadFile(filepath.Join(dest, "data", "w.bin"))
	if string(a) != "abc" || string(b) != "\x00\x01" {
		t.Fatalf("saved %q %q; toasts %q", a, b, v.toasts)
	}
	if !strings.HasSuffix(v.toasts[0], "to "+dest+" (2 files, 5 B)") {
		t.Errorf("toast %q", v.toasts[0])
	}
}

// Read-only dashboards refuse; esc closes the prompt; a failing read
// leaves nothing.
func TestViewerSaveRefusals(t *testing.T) {
	st := imageStore(t, map[string][]byte{"cm.png": twoColours(t, 8, 4)})
	v := newViewer(t, client.ReadOnly(st), termimage.None, 120, 30)
	v.keys("s")
	if v.s.(*Screen).save != nil || len(v.toasts) != 1 || !strings.Contains(v.toasts[0], "read-only") {
		t.Fatalf("read-only: %q", v.toasts)
	}
	v = newViewer(t, st, termimage.None, 120, 30)
	v.keys("s")
	v.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	if v.s.(*Screen).save != nil {
		t.Fatal("esc left the prompt open")
	}
	st.Fail = func(op string) error {
		if op == "OpenArtifact" {
			return &client.Error{Kind: client.KindPermissionDenied, Message: "403 Forbidden"}
		}
		return nil
	}
	dir := t.TempDir()
	v.keys("s")
	v.typeDest(filepath.Join(dir, "cm.png"))
	if es, _ := os.ReadDir(dir); len(es) != 0 || !strings.Contains(v.toasts[len(v.toasts)-1], "cm.png not saved: ") {
		t.Fatalf("left %v; toasts %q", es, v.toasts)
	}
}
