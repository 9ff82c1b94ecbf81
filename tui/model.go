package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/keys"
	"mltui/theme"
	"mltui/views"
	"mltui/views/components/cmdline"
	"mltui/views/components/filterbar"
	"mltui/views/components/toast"
)

// entry is one screen on the stack.
type entry struct {
	id     views.ScreenID
	screen views.Screen
}

// statusErr is the error shown in the status bar.
type statusErr struct {
	op  string
	err error
	at  time.Time
}

// Model is the root model.
type Model struct {
	opts   Options
	sh     *views.Shared
	keys   keys.Global
	facts  map[views.Kind]views.Factory
	stack  []entry
	nextID views.ScreenID

	width, height int
	bodyW, bodyH  int
	sized         views.ScreenID // the screen that got the last SetSize

	cmdActive bool
	cmd       cmdline.Model
	filter    filterbar.Model
	showHelp  bool
	toasts    toast.Model
	spin      spinner.Model
	spinning  bool

	status      *statusErr
	lastRefresh time.Time
	lastTick    time.Time
	expNames    []string // for ":runs NAME" completion
	describeReq views.Request
	quitting    bool

	mouseOn bool
	click   lastClick
	overlay overlayState
}

// New builds the root model.
func New(o Options) *Model {
	if o.Theme == nil {
		o.Theme = theme.New(theme.ModeAuto)
	}
	if o.Factories == nil {
		o.Factories = Factories()
	}
	if o.Start.Kind == "" {
		o.Start = views.OpenMsg{Kind: views.KindExperiments}
	}
	sh := views.NewShared(views.Shared{
		Store: o.Store, Info: o.Info, Profile: o.Profile, Config: o.Config, Theme: o.Theme,
		ReadOnly: o.ReadOnly || (o.Store != nil && client.IsReadOnly(o.Store)), Now: o.Now, Timeout: o.Timeout,
		Keys: o.Keys, Images: o.Images, ImagesInTmux: o.InTmux,
	})
	m := &Model{
		opts:    o,
		mouseOn: !o.NoMouse,
		sh:      sh,
		keys:    sh.Keys.Global(),
		facts:   o.Factories,
		filter:  filterbar.New(sh.Styles()),
		toasts:  toast.New(),
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(sh.Styles().Spinner)),
	}
	m.lastTick = sh.Now()
	return m
}

// Shared exposes the shared state (tests).
func (m *Model) Shared() *views.Shared { return m.sh }

// shellEnv is the Env for the shell's own requests (screen id 0).
func (m *Model) shellEnv() views.Env { return views.Env{Shared: m.sh} }

// Init describes the store, loads experiment names for completion, opens
// the first screen and starts the clock.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(
		m.describe(),
		m.loadNames(),
		views.Open(m.opts.Start),
		m.clock(),
		tea.RequestBackgroundColor,
	)
}

func (m *Model) describe() tea.Cmd {
	req, cmd := views.Load(m.shellEnv(), "describe", func(ctx context.Context, s client.Store) (client.ServerInfo, error) {
		return s.Describe(ctx)
	})
	m.describeReq = req
	return cmd
}

func (m *Model) loadNames() tea.Cmd {
	_, cmd := views.Load(m.shellEnv(), "names", func(ctx context.Context, s client.Store) ([]string, error) {
		exps, err := client.AllExperiments(ctx, s, client.ExperimentQuery{MaxResults: 1000})
		names := make([]string, len(exps))
		for i, e := range exps {
			names[i] = e.Name
		}
		return names, err
	})
	return cmd
}

// clockMsg ticks once a second: it ages the "refreshed" label and sends
// views.TickMsg to the top screen every refresh interval.
type clockMsg time.Time

func (m *Model) clock() tea.Cmd {
	return tea.Tick(clockWait(m.sh.Now(), m.lastRefresh), func(t time.Time) tea.Msg { return clockMsg(t) })
}

// clockWait is the wait until just after the "refreshed Ns ago" label's
// next second turns: ticking a plain second from whenever the clock
// started left each new digit to be drawn with the next key instead
// (a frame's worth of bytes more per key over SSH) or up to a second late.
func clockWait(now, last time.Time) time.Duration {
	if last.IsZero() || now.Before(last) {
		return time.Second
	}
	return time.Second - now.Sub(last)%time.Second + 5*time.Millisecond
}

func (m *Model) top() (entry, bool) {
	if len(m.stack) == 0 {
		return entry{}, false
	}
	return m.stack[len(m.stack)-1], true
}
