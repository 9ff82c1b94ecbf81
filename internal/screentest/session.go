package screentest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"mltui/client"
	"mltui/config"
	"mltui/keys"
	"mltui/theme"
	"mltui/tui"
	"mltui/views"
)

// Plain renders styled text the way a terminal without colour support
// gets it: every escape code removed.
func Plain(s string) string {
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: colorprofile.NoTTY}
	_, _ = w.WriteString(s)
	return buf.String()
}

// probe asks the wrapped model for its current frame, plain or as drawn.
type probe struct {
	reply chan string
	raw   bool
}

// wrapper answers probes with the plain frame; everything else goes to the
// program's root model.
type wrapper struct{ m *tui.Model }

func (w wrapper) Init() tea.Cmd { return w.m.Init() }

func (w wrapper) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if p, ok := msg.(probe); ok {
		if p.raw {
			p.reply <- w.m.View().Content
		} else {
			p.reply <- Plain(w.m.View().Content)
		}
		return w, nil
	}
	_, cmd := w.m.Update(msg)
	return w, cmd
}

func (w wrapper) View() tea.View { return w.m.View() }

// Session is the whole program on a fixture store in a teatest terminal.
type Session struct {
	t  *testing.T
	tm *teatest.TestModel
	M  *tui.Model
}

// Options adjust a session.
type Options struct {
	Start  views.OpenMsg // default: experiments
	Config *config.Config
	Marks  []string  // run IDs to mark before starting
	Keys   *keys.Map // default: keys.Defaults()
	// Now is the clock (default: DemoNow for the demo store; fixture
	// stores are relative to Now).
	Now time.Time
}

// Start runs the program on store at w×h with the fixed clock and the
// no-colour theme (goldens hold no escape codes either way).
func Start(t *testing.T, store client.Store, w, h int, o Options) *Session {
	t.Helper()
	cfg := o.Config
	if cfg == nil {
		c := config.Defaults()
		cfg = &c
	}
	info, _ := store.Describe(t.Context())
	now := o.Now
	if now.IsZero() {
		now = DemoNow
		if _, fixture := store.(*Store); fixture {
			now = Now
		}
	}
	m := tui.New(tui.Options{
		Store: store, Info: info, Config: cfg, Theme: theme.New(theme.ModeNoColor),
		Start: o.Start, Now: func() time.Time { return now }, Keys: o.Keys,
	})
	for _, id := range o.Marks {
		r, err := store.GetRun(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		m.Shared().Marks.Toggle(r)
	}
	tm := teatest.NewTestModel(t, wrapper{m}, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.NoTTY)))
	s := &Session{t: t, tm: tm, M: m}
	t.Cleanup(func() { _ = tm.Quit() })
	return s
}

// Screen is the current frame, plain.
func (s *Session) Screen() string {
	s.t.Helper()
	return s.frame(false)
}

// Raw is the current frame with the program's styling, as the renderer
// gets it.
func (s *Session) Raw() string {
	s.t.Helper()
	return s.frame(true)
}

func (s *Session) frame(raw bool) string {
	s.t.Helper()
	reply := make(chan string, 1)
	s.tm.Send(probe{reply: reply, raw: raw})
	select {
	case f := <-reply:
		return f
	case <-time.After(5 * time.Second):
		s.t.Fatal("the program did not answer a probe within 5 s")
		return ""
	}
}

// WaitFor waits until the frame contains every text and no "loading".
func (s *Session) WaitFor(texts ...string) string {
	s.t.Helper()
	return s.wait(fmt.Sprintf("%q", texts), func(f string) bool {
		for _, x := range texts {
			if !strings.Contains(f, x) {
				return false
			}
		}
		return true
	})
}

// WaitMatch is WaitFor for a regular expression (multi-line: ^ and $ match
// at each screen line).
func (s *Session) WaitMatch(pattern string) string {
	s.t.Helper()
	re := regexp.MustCompile("(?m)" + pattern)
	return s.wait(pattern, re.MatchString)
}

func (s *Session) wait(what string, ok func(frame string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var f string
	for time.Now().Before(deadline) {
		f = s.Screen()
		if !strings.Contains(f, "loading") && ok(f) {
			return f
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("waiting for %s; last frame:\n%s", what, f)
	return ""
}

// Keys sends key presses by name: "enter", "esc", "tab", "space",
// "ctrl+c", "ctrl+u", or single characters.
func (s *Session) Keys(keys ...string) {
	for _, k := range keys {
		s.tm.Send(Key(k))
	}
}

// Send sends any message (a mouse event) to the program.
func (s *Session) Send(msg tea.Msg) { s.tm.Send(msg) }

// Type sends each character of text as a key press.
func (s *Session) Type(text string) { s.tm.Type(text) }

// Golden compares the current frame with testdata/<test name>.golden
// (go test -update rewrites it).
func (s *Session) Golden(frame string) {
	s.t.Helper()
	golden.RequireEqual(s.t, frame)
}

// Key builds a key press from a name.
func Key(k string) tea.KeyPressMsg {
	switch k {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}
