package toast

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"mltui/theme"
)

func TestOverlayKeepsBodyAndExpires(t *testing.T) {
	th := theme.New(theme.ModeNoColor)
	m := New()
	now := time.Unix(0, 0)
	m.Push(now, Success, "copied run id abc", 0)
	m.Push(now, Error, "could not save", 0)
	body := strings.TrimSuffix(strings.Repeat(strings.Repeat("x", 40)+"\n", 5), "\n")
	out := m.Overlay(&th.Styles, body, 40)
	lines := strings.Split(ansi.Strip(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want the body's 5", len(lines))
	}
	if !strings.HasSuffix(lines[3], "✓ copied run id abc ") || !strings.HasSuffix(lines[4], "✗ could not save ") {
		t.Errorf("toasts at the bottom right, newest last:\n%s", strings.Join(lines, "\n"))
	}
	for i, l := range lines {
		if ansi.StringWidth(l) != 40 {
			t.Errorf("line %d width %d", i, ansi.StringWidth(l))
		}
	}
	m.Expire(1)
	if m.Len() != 1 || m.Texts()[0] != "could not save" {
		t.Errorf("after expiring the first: %v", m.Texts())
	}
	for range 5 {
		m.Push(now, Info, "n", 0)
	}
	if m.Len() != 3 {
		t.Errorf("at most 3 toasts, have %d", m.Len())
	}
}
