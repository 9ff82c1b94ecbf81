package registry

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/config"
	"mltui/internal/promotetest"
	"mltui/theme"
	"mltui/views"
)

// now is pinned ten days after the fixture's first version.
var now = time.Date(2026, 1, 11, 0, 0, 0, 0, time.UTC)

func fp(v float64) *float64 { return &v }

// articleConfig has the seed article's gates.
func articleConfig() *config.Config {
	c := config.Defaults()
	c.Registry.Gates = []config.Gate{
		{Metric: "accuracy", Op: ">=", Threshold: fp(0.90)},
		{Metric: "f1_macro", Op: ">=", Threshold: fp(0.85)},
		{Metric: "f1_macro", BeatsAlias: "champion", MinDelta: 0.01},
	}
	return &c
}

func newEnv(s client.Store, cfg *config.Config) views.Env {
	sh := views.NewShared(views.Shared{
		Store: s, Info: client.ServerInfo{Kind: "memory", User: "tester"}, Config: cfg,
		Theme: theme.New(theme.ModeNoColor), Now: func() time.Time { return now }, ReadOnly: client.IsReadOnly(s),
	})
	return views.Env{Shared: sh, Screen: 1}
}

// harness drives a screen: it runs commands synchronously, feeding load
// results back and collecting what goes to the shell.
type harness struct {
	t      *testing.T
	env    views.Env
	screen views.Screen
	toasts []string
	opened []views.OpenMsg
	// hold keeps load results back (in held) until release, to see a screen
	// while it is still loading.
	hold bool
	held []views.Reply
}

// release delivers the held load results.
func (h *harness) release() {
	h.hold = false
	held := h.held
	h.held = nil
	for _, r := range held {
		if h.env.Flights().Deliver(r.Request()) {
			h.send(r)
		}
	}
}

func open(t *testing.T, f views.Factory, env views.Env, req views.OpenMsg, w, h int) *harness {
	t.Helper()
	s, err := f(env, req)
	if err != nil {
		t.Fatal(err)
	}
	s.SetSize(w, h)
	hs := &harness{t: t, env: env, screen: s}
	hs.run(s.Init())
	return hs
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case views.Reply:
		if h.hold {
			h.held = append(h.held, msg)
			return
		}
		// As the shell does: a withdrawn request's reply is dropped.
		if h.env.Flights().Deliver(msg.Request()) {
			h.send(msg)
		}
	case views.ToastMsg:
		h.toasts = append(h.toasts, msg.Text)
	case views.OpenMsg:
		h.opened = append(h.opened, msg)
	}
}

func (h *harness) send(msg tea.Msg) {
	s, cmd := h.screen.Update(msg)
	h.screen = s
	h.run(cmd)
}

// keys sends each key: named keys in <>, everything else as typed runes.
func (h *harness) keys(ks ...string) {
	for _, k := range ks {
		switch k {
		case "<enter>":
			h.send(tea.KeyPressMsg{Code: tea.KeyEnter})
		case "<esc>":
			h.send(tea.KeyPressMsg{Code: tea.KeyEscape})
		case "<tab>":
			h.send(tea.KeyPressMsg{Code: tea.KeyTab})
		case "<down>":
			h.send(tea.KeyPressMsg{Code: tea.KeyDown})
		case "<up>":
			h.send(tea.KeyPressMsg{Code: tea.KeyUp})
		default:
			for _, r := range k {
				h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
		}
	}
}

// screenText is the View without styling, each line padded to w.
func (h *harness) screenText(w int) string {
	lines := strings.Split(ansi.Strip(h.screen.View()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
		_ = w
	}
	return strings.Join(lines, "\n") + "\n"
}

func (h *harness) contains(want string) bool {
	return strings.Contains(ansi.Strip(h.screen.View()), want)
}

func holder(t *testing.T, s *promotetest.Store, alias string) string {
	t.Helper()
	m, err := s.GetRegisteredModel(t.Context(), "iris-classifier")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := m.AliasVersion(alias)
	return v
}

func keyBackspace() tea.KeyPressMsg { return tea.KeyPressMsg{Code: tea.KeyBackspace} }

func keyCtrlU() tea.KeyPressMsg { return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl} }

// Goldens show times: render them in UTC whatever the machine's zone.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	m.Run()
}
