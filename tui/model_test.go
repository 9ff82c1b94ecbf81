package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/keys"
	"mltui/theme"
	"mltui/views"
)

// stub is a screen that records what reaches it.
type stub struct {
	title     string
	got       []tea.Msg
	capturing bool
	filter    string
	filterErr string
	kind      views.FilterKind
	focused   int
	req       views.OpenMsg
	w, h      int
	ov        *views.Overlay // what Overlay returns; nil none
}

func (s *stub) Overlay() (views.Overlay, bool) {
	if s.ov == nil {
		return views.Overlay{}, false
	}
	return *s.ov, true
}

type noKeys struct{}

func (noKeys) ShortHelp() []key.Binding  { return nil }
func (noKeys) FullHelp() [][]key.Binding { return nil }

func (s *stub) Init() tea.Cmd                            { return nil }
func (s *stub) Update(m tea.Msg) (views.Screen, tea.Cmd) { s.got = append(s.got, m); return s, nil }
func (s *stub) View() string                             { return "body of " + s.title }
func (s *stub) SetSize(w, h int)                         { s.w, s.h = w, h }
func (s *stub) Title() string                            { return s.title }
func (s *stub) KeyMap() help.KeyMap                      { return noKeys{} }
func (s *stub) CapturingInput() bool                     { return s.capturing }
func (s *stub) FilterKind() views.FilterKind             { return s.kind }
func (s *stub) FilterPlaceholder() string                { return "" }
func (s *stub) Filter() string                           { return s.filter }
func (s *stub) SetFilter(t string) tea.Cmd               { s.filter = t; s.filterErr = ""; return nil }
func (s *stub) FilterError() string                      { return s.filterErr }
func (s *stub) Focused() tea.Cmd                         { s.focused++; return nil }
func (s *stub) keys() (out []string) {
	for _, m := range s.got {
		if k, ok := m.(tea.KeyPressMsg); ok {
			out = append(out, k.String())
		}
	}
	return out
}

type harness struct {
	m       *Model
	screens []*stub
	now     time.Time
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessKeys(t, nil)
}

// newHarnessKeys is newHarness with keymaps (nil: the defaults).
func newHarnessKeys(t *testing.T, km *keys.Map) *harness {
	t.Helper()
	h := &harness{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	mk := func(env views.Env, req views.OpenMsg) (views.Screen, error) {
		s := &stub{title: string(req.Kind) + req.ExperimentName, req: req}
		h.screens = append(h.screens, s)
		return s, nil
	}
	h.m = New(Options{
		Store:     idleStore{},
		Theme:     theme.New(theme.ModeNoColor),
		Factories: map[views.Kind]views.Factory{views.KindExperiments: mk, views.KindRuns: mk, views.KindRun: mk},
		Info:      client.ServerInfo{Kind: "sqlite", URI: "sqlite:///tmp/x.db"},
		Now:       func() time.Time { return h.now },
		Keys:      km,
	})
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.send(views.OpenMsg{Kind: views.KindExperiments})
	return h
}

func (h *harness) send(msg tea.Msg) tea.Cmd {
	_, cmd := h.m.Update(msg)
	return cmd
}

func (h *harness) press(keys ...string) tea.Cmd {
	var last tea.Cmd
	for _, k := range keys {
		last = h.send(keyMsg(k))
	}
	return last
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// run executes a command and the batches it returns, skipping commands
// that wait (ticks), and returns every message produced.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		if b, ok := msg.(tea.BatchMsg); ok {
			var out []tea.Msg
			for _, c := range b {
				out = append(out, run(c)...)
			}
			return out
		}
		return []tea.Msg{msg}
	case <-time.After(200 * time.Millisecond):
		return nil // a tick or a spinner frame
	}
}

func isQuit(cmd tea.Cmd) bool {
	for _, m := range run(cmd) {
		if _, ok := m.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

func TestQuitKeys(t *testing.T) {
	h := newHarness(t)
	if !isQuit(h.press("q")) {
		t.Error("q quits")
	}

	h = newHarness(t)
	h.screens[0].capturing = true
	if isQuit(h.press("q")) {
		t.Error("q must not quit while the screen has a focused input")
	}
	if got := h.screens[0].keys(); len(got) != 1 || got[0] != "q" {
		t.Errorf("the capturing screen gets q: %v", got)
	}
	if !isQuit(h.press("ctrl+c")) {
		t.Error("ctrl+c always quits")
	}

	h = newHarness(t)
	h.press(":")
	if isQuit(h.press("q")) {
		t.Error("q typed into the command line does not quit")
	}
	if h.m.cmd.Value() != "q" {
		t.Errorf("command line holds %q", h.m.cmd.Value())
	}
	msgs := run(h.press("enter"))
	if len(msgs) != 1 {
		t.Fatalf("enter on :q sends one message, got %v", msgs)
	}
	if !isQuit(h.send(msgs[0])) {
		t.Error(":q quits")
	}
}

func TestLateRepliesGoToTheirScreenOrNowhere(t *testing.T) {
	h := newHarness(t)
	h.send(views.OpenMsg{Kind: views.KindRuns})
	a, b := h.screens[0], h.screens[1]
	aID, bID := h.m.stack[0].id, h.m.stack[1].id

	// A reply for the screen underneath reaches it, not the top.
	late := h.reply(bID, nil) // b's request, answered after b is closed
	h.send(h.reply(aID, nil))
	if len(a.got) != 1 || len(b.got) != 0 {
		t.Fatalf("routing: a got %d, b got %d", len(a.got), len(b.got))
	}
	h.press("esc") // pop b
	if len(h.m.stack) != 1 {
		t.Fatalf("esc pops: stack %d", len(h.m.stack))
	}
	if a.focused != 1 {
		t.Error("the screen below is told it is on top again")
	}
	h.send(late)
	if len(b.got) != 0 {
		t.Error("a reply for a closed screen must be dropped")
	}
	if len(a.got) != 1 {
		t.Error("and must not reach another screen")
	}
}

func TestUnregisteredKindToasts(t *testing.T) {
	h := newHarness(t)
	msgs := run(h.send(views.OpenMsg{Kind: views.KindChart}))
	if len(msgs) != 1 {
		t.Fatalf("messages %v", msgs)
	}
	toast, ok := msgs[0].(views.ToastMsg)
	if !ok || toast.Text != "chart not available yet" {
		t.Errorf("got %#v", msgs[0])
	}
	if len(h.m.stack) != 1 {
		t.Error("nothing is pushed")
	}
}

func TestEscClearsFilterBeforeClosing(t *testing.T) {
	h := newHarness(t)
	h.send(views.OpenMsg{Kind: views.KindRuns})
	s := h.screens[1]
	s.kind = views.FilterQuery
	h.press("/")
	for _, r := range "status = 'RUNNING'" {
		h.press(string(r))
	}
	if s.filter != "" {
		t.Fatal("a query filter is applied on enter, not while typing")
	}
	h.press("enter")
	if s.filter != "status = 'RUNNING'" {
		t.Fatalf("filter applied: %q", s.filter)
	}
	if !strings.Contains(ansi.Strip(h.m.View().Content), "/ status = 'RUNNING'") {
		t.Error("the applied filter shows above the screen")
	}
	h.press("esc")
	if s.filter != "" || len(h.m.stack) != 2 {
		t.Errorf("first esc clears the filter (%q) and keeps the screen (%d)", s.filter, len(h.m.stack))
	}
	h.press("esc")
	if len(h.m.stack) != 1 {
		t.Error("second esc closes the screen")
	}
}

func TestFuzzyFilterAppliesWhileTyping(t *testing.T) {
	h := newHarness(t)
	s := h.screens[0]
	h.press("/", "i", "r")
	if s.filter != "ir" {
		t.Errorf("fuzzy filter %q, want ir", s.filter)
	}
	h.press("esc")
	if s.filter != "" {
		t.Errorf("esc while editing restores the previous filter: %q", s.filter)
	}
}

func TestStatusBarErrors(t *testing.T) {
	h := newHarness(t)
	id := h.m.stack[0].id
	down := &client.Error{Kind: client.KindUnavailable, Op: "runs/search", Message: "connection refused"}
	h.send(h.reply(id, down))
	screen := ansi.Strip(h.m.View().Content)
	if !strings.Contains(screen, "connection refused") {
		t.Errorf("status bar shows the outage:\n%s", screen)
	}
	// Bad input is the screen's to show, not the status bar's.
	h.send(h.reply(id, nil))
	bad := &client.Error{Kind: client.KindInvalidParameter, Message: "Invalid comparator"}
	h.send(h.reply(id, bad))
	screen = ansi.Strip(h.m.View().Content)
	if strings.Contains(screen, "connection refused") {
		t.Error("a later success clears the outage")
	}
	if strings.Contains(screen, "Invalid comparator") {
		t.Error("invalid input stays out of the status bar")
	}
	if !strings.Contains(screen, "↻ 0s ago") {
		t.Errorf("freshness shows after a success:\n%s", screen)
	}
}

func TestCommandLineOpensRunsByName(t *testing.T) {
	h := newHarness(t)
	h.m.expNames = []string{"iris-classification", "mnist-mlp"}
	h.press(":")
	for _, r := range "runs ir" {
		h.press(string(r))
	}
	h.press("tab")
	if got := h.m.cmd.Value(); got != "runs iris-classification" {
		t.Fatalf("tab completes: %q", got)
	}
	for _, msg := range run(h.press("enter")) {
		h.send(msg)
	}
	if len(h.m.stack) != 1 || h.screens[len(h.screens)-1].req.ExperimentName != "iris-classification" {
		t.Errorf("runs screen for the name replaces the stack: %d screens, req %+v", len(h.m.stack), h.screens[len(h.screens)-1].req)
	}
}

func TestLayoutGivesScreenTheBody(t *testing.T) {
	h := newHarness(t)
	s := h.screens[0]
	if s.w != 80 || s.h != 22 {
		t.Errorf("body %dx%d, want 80x22 (header and status bar take a row each)", s.w, s.h)
	}
	h.press("/")
	if s.h != 21 {
		t.Errorf("with the filter bar: %d rows, want 21", s.h)
	}
	lines := strings.Split(h.m.View().Content, "\n")
	if len(lines) != 24 {
		t.Errorf("the frame is %d lines, want 24", len(lines))
	}
}

// idleStore is a store no test here calls: replies come from reply.
type idleStore struct{ client.Store }

// reply makes a request for a screen the way screens do (so the shell's
// Flights knows it) and returns its reply, failing with err.
func (h *harness) reply(screen views.ScreenID, err error) views.Reply {
	env := views.Env{Shared: h.m.Shared(), Screen: screen}
	_, cmd := views.Load(env, "x", func(context.Context, client.Store) (int, error) { return 1, err })
	return cmd().(views.Reply)
}

func (s *stub) mice() []views.MouseMsg {
	var out []views.MouseMsg
	for _, m := range s.got {
		if mm, ok := m.(views.MouseMsg); ok {
			out = append(out, mm)
		}
	}
	return out
}

func TestMouseGoesToTheTopScreenInBodyCells(t *testing.T) {
	h := newHarness(t)
	s := h.screens[0]
	if h.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("the mouse is on by default")
	}
	h.send(tea.MouseClickMsg{X: 7, Y: 3, Button: tea.MouseLeft})
	h.send(tea.MouseClickMsg{X: 7, Y: 0, Button: tea.MouseLeft})  // the breadcrumb
	h.send(tea.MouseClickMsg{X: 7, Y: 23, Button: tea.MouseLeft}) // the status bar
	h.send(tea.MouseClickMsg{X: 7, Y: 3, Button: tea.MouseRight}) // not ours
	h.send(tea.MouseReleaseMsg{X: 7, Y: 3, Button: tea.MouseLeft})
	got := s.mice()
	if len(got) != 1 || got[0] != (views.MouseMsg{X: 7, Y: 2, Action: views.MouseClick}) {
		t.Fatalf("one click, one line below the breadcrumb: %+v", got)
	}

	// With a filter applied, its bar takes a line above the body.
	s.kind = views.FilterQuery
	h.press("/", "x", "enter")
	h.send(tea.MouseWheelMsg{X: 1, Y: 3, Button: tea.MouseWheelDown})
	if got := s.mice(); len(got) != 2 || got[1].Y != 1 || got[1].Action != views.MouseWheelDown || got[1].Wheel() != 1 {
		t.Fatalf("wheel under the filter bar: %+v", got)
	}
}

func TestDoubleClickIsTwoClicksOnOneLineWithinTheInterval(t *testing.T) {
	h := newHarness(t)
	s := h.screens[0]
	click := func(y int, after time.Duration) views.MouseMsg {
		h.now = h.now.Add(after)
		h.send(tea.MouseClickMsg{X: 3, Y: y, Button: tea.MouseLeft})
		got := s.mice()
		return got[len(got)-1]
	}
	if click(5, 0).Double {
		t.Error("a first click is single")
	}
	if !click(5, 300*time.Millisecond).Double {
		t.Error("a second click on the line within 400ms is double")
	}
	if click(5, 100*time.Millisecond).Double {
		t.Error("a third click starts over")
	}
	if click(6, 100*time.Millisecond).Double {
		t.Error("a click on another line is single")
	}
	if click(6, time.Second).Double {
		t.Error("a slow second click is single")
	}
}

func TestMouseOffAndOverHelp(t *testing.T) {
	h := newHarness(t)
	h.press("?")
	h.send(tea.MouseClickMsg{X: 3, Y: 5, Button: tea.MouseLeft})
	if len(h.screens[0].mice()) != 0 {
		t.Error("clicks over the help are dropped")
	}
	h.press("?")
	h.screens[0].capturing = true
	h.send(tea.MouseClickMsg{X: 3, Y: 5, Button: tea.MouseLeft})
	if len(h.screens[0].mice()) != 0 {
		t.Error("a screen with a dialog open gets no clicks")
	}

	off := New(Options{Store: idleStore{}, Theme: theme.New(theme.ModeNoColor), NoMouse: true,
		Factories: map[views.Kind]views.Factory{views.KindExperiments: func(views.Env, views.OpenMsg) (views.Screen, error) { return &stub{}, nil }}})
	off.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if off.View().MouseMode != tea.MouseModeNone {
		t.Error("mouse: false leaves mouse reporting off")
	}
}

// The clock ticks just after the "refreshed" age turns its next second,
// whatever the phase of the refresh.
func TestClockWaitFollowsTheRefresh(t *testing.T) {
	last := time.Date(2026, 12, 7, 12, 0, 0, 300_000_000, time.UTC)
	for _, c := range []struct {
		since, want time.Duration
	}{
		{0, 1005 * time.Millisecond},
		{200 * time.Millisecond, 805 * time.Millisecond},
		{2900 * time.Millisecond, 105 * time.Millisecond},
		{3 * time.Second, 1005 * time.Millisecond},
	} {
		if got := clockWait(last.Add(c.since), last); got != c.want {
			t.Errorf("%v after the refresh: wait %v, want %v", c.since, got, c.want)
		}
	}
	if got := clockWait(last, time.Time{}); got != time.Second {
		t.Errorf("never refreshed: %v", got)
	}
	if got := clockWait(last.Add(-time.Second), last); got != time.Second {
		t.Errorf("clock behind the refresh: %v", got)
	}
}
