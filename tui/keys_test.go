package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/keys"
)

// The shell's own keys come from Options.Keys: a rebound quit quits, the
// old key goes to the screen, and the help lists the new one.
func TestGlobalKeysFromTheMap(t *testing.T) {
	km := keys.Defaults()
	if err := km.Rebind(map[string][]string{"global.quit": {"Q"}, "global.help": {"f1", "?"}}); err != nil {
		t.Fatal(err)
	}
	h := newHarnessKeys(t, km)
	if isQuit(h.press("q")) {
		t.Error("q still quits")
	}
	if got := h.screens[0].keys(); len(got) != 1 || got[0] != "q" {
		t.Errorf("the screen gets q: %v", got)
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyF1})
	scr := ansi.Strip(h.m.View().Content)
	for _, want := range []string{"Q      quit", "esc or f1/? closes help"} {
		if !h.m.showHelp || !strings.Contains(scr, want) {
			t.Errorf("help opened with f1 lacks %q:\n%s", want, scr)
		}
	}
	if status := strings.TrimSpace(scr[strings.LastIndex(scr, "\n")+1:]); !strings.HasSuffix(status, "f1/? help") {
		t.Errorf("status bar hint: %q", status)
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyF1})
	if !isQuit(h.press("Q")) {
		t.Error("Q quits")
	}
}
