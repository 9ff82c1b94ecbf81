package tui

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/config"
	"mltui/views"
)

type namedStore struct {
	client.Store
	name   string
	closed bool
}

func (s *namedStore) Close() error { s.closed = true; return nil }
func (s *namedStore) Describe(context.Context) (client.ServerInfo, error) {
	return client.ServerInfo{}, nil
}
func (s *namedStore) SearchExperiments(context.Context, client.ExperimentQuery) (client.Page[client.Experiment], error) {
	return client.Page[client.Experiment]{}, nil
}

func TestCtxSwitchesProfile(t *testing.T) {
	h := newHarness(t)
	old := &namedStore{name: "old"}
	h.m.sh.Store = old
	cfg := config.Defaults()
	cfg.Profiles = map[string]config.Profile{"prod": {TrackingURI: "https://mlflow.example", ReadOnly: true}, "local": {}}
	h.m.sh.Config = &cfg
	var asked string
	next := &namedStore{name: "prod"}
	h.m.opts.Reopen = func(_ context.Context, name string) (Reopened, error) {
		asked = name
		return Reopened{Store: next, Info: client.ServerInfo{Kind: "rest", URI: "https://mlflow.example"}, ReadOnly: true}, nil
	}
	h.m.sh.Marks.Toggle(client.Run{Info: client.RunInfo{RunID: "r1"}})
	h.send(views.OpenMsg{Kind: views.KindRuns})

	h.press(":")
	for _, r := range "ctx p" {
		h.press(string(r))
	}
	h.press("tab")
	if h.m.cmd.Value() != "ctx prod" {
		t.Fatalf("profiles complete: %q", h.m.cmd.Value())
	}
	var switched []tea.Msg
	for _, msg := range run(h.press("enter")) {
		switched = append(switched, run(h.send(msg))...)
	}
	for _, msg := range switched {
		run(h.send(msg))
	}
	if asked != "prod" {
		t.Fatalf("Reopen asked for %q", asked)
	}
	if h.m.sh.Store != next || !h.m.sh.ReadOnly || h.m.sh.Profile != "prod" {
		t.Errorf("store %v read-only %v profile %q", h.m.sh.Store, h.m.sh.ReadOnly, h.m.sh.Profile)
	}
	if !old.closed {
		t.Error("the old store is closed")
	}
	if h.m.sh.Marks.Len() != 0 {
		t.Error("marks belong to the old store: cleared")
	}
	if len(h.m.stack) != 1 || h.m.stack[0].screen.Title() != "experiments" {
		t.Errorf("the stack restarts at the experiments: %d screens", len(h.m.stack))
	}
	bar := ansi.Strip(h.m.View().Content)
	if !strings.Contains(bar, "rest https://mlflow.example") || !strings.Contains(bar, "read-only") || !strings.Contains(bar, "@prod") {
		t.Errorf("status bar shows the new store:\n%s", bar)
	}
}

func TestCtxUnknownProfile(t *testing.T) {
	h := newHarness(t)
	cfg := config.Defaults()
	h.m.sh.Config = &cfg
	h.m.opts.Reopen = func(context.Context, string) (Reopened, error) {
		t.Fatal("Reopen must not be called for an unknown profile")
		return Reopened{}, nil
	}
	msgs := run(h.m.switchProfile("nope"))
	if len(msgs) != 1 || !strings.Contains(msgs[0].(views.ToastMsg).Text, `no profile "nope"`) {
		t.Errorf("got %v", msgs)
	}
}

// y inside tmux sends OSC52 both plain and wrapped in tmux's passthrough.
func TestCopyInsideTmux(t *testing.T) {
	h := newHarness(t)
	h.m.opts.InTmux = true
	var raw string
	var toast string
	for _, msg := range run(h.send(views.CopyMsg{Text: "abc123", What: "run id"})) {
		switch m := msg.(type) {
		case tea.RawMsg:
			raw, _ = m.Msg.(string)
		case views.ToastMsg:
			toast = m.Text
		}
	}
	if !strings.HasPrefix(raw, "\x1bPtmux;") || !strings.Contains(raw, "52;c;YWJjMTIz") {
		t.Errorf("passthrough sequence %q", raw)
	}
	if toast != "copied run id abc123" {
		t.Errorf("toast %q", toast)
	}
	h.m.opts.InTmux = false
	for _, msg := range run(h.send(views.CopyMsg{Text: "x"})) {
		if _, ok := msg.(tea.RawMsg); ok {
			t.Error("no passthrough outside tmux")
		}
	}
}

// Copying a value that holds escapes puts the exact value on the
// clipboard, base64 inside the one OSC 52 sequence, so nothing in it can
// end the sequence or act on the terminal; the toast shows it visibly.
func TestCopyOfHostileTextCannotBreakOut(t *testing.T) {
	h := newHarness(t)
	h.m.opts.InTmux = true
	hostile := "v\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b\\clip"
	var raw, toast string
	for _, msg := range run(h.send(views.CopyMsg{Text: hostile, What: "value"})) {
		switch m := msg.(type) {
		case tea.RawMsg:
			raw, _ = m.Msg.(string)
		case views.ToastMsg:
			toast = m.Text
		}
	}
	b64 := base64.StdEncoding.EncodeToString([]byte(hostile))
	if want := "\x1bPtmux;\x1b\x1b]52;c;" + b64 + "\x07\x1b\\"; raw != want {
		t.Errorf("passthrough\n got %q\nwant %q", raw, want)
	}
	if got, err := base64.StdEncoding.DecodeString(b64); err != nil || string(got) != hostile {
		t.Errorf("the clipboard gets the exact value: %q %v", got, err)
	}
	if strings.ContainsAny(toast, "\x1b\x07") || !strings.Contains(toast, "␛]52;c;ZXZpbA==␇␛[2J␛\\clip") {
		t.Errorf("toast %q", toast)
	}
}
