package tui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/views"
	"mltui/views/components/cmdline"
	"mltui/views/components/toast"
)

// Update routes every message; it never blocks.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.relayout()
	return m, tea.Batch(cmd, m.spinIfBusy(), m.syncOverlay())
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.overlay.repainted()
		return nil
	case overlayMsg:
		return m.drawOverlay(msg)
	case tea.BackgroundColorMsg:
		m.sh.Theme.SetBackground(msg.IsDark())
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		return m.paste(msg)
	case tea.MouseMsg:
		if ev, action, ok := mouseAction(msg); ok {
			return m.mouse(ev, action)
		}
		return nil
	case views.Reply:
		return m.loaded(msg)
	case views.OpenMsg:
		return m.open(msg)
	case views.BackMsg:
		return m.pop()
	case views.ToastMsg:
		return m.toasts.Push(m.sh.Now(), toast.Level(msg.Level), msg.Text, msg.TTL)
	case toast.ExpireMsg:
		m.toasts.Expire(msg.ID)
		return nil
	case views.ErrorMsg:
		m.status = &statusErr{op: msg.Op, err: msg.Err, at: m.sh.Now()}
		return nil
	case views.ClearErrorMsg:
		if m.status != nil && m.status.op == msg.Op {
			m.status = nil
		}
		return nil
	case views.CopyMsg:
		return m.copy(msg)
	case cmdline.SubmitMsg:
		m.cmdActive = false
		return m.execute(msg.Parsed)
	case cmdline.CancelMsg:
		m.cmdActive = false
		return nil
	case switchedMsg:
		return m.switched(msg)
	case clockMsg:
		return m.tick(time.Time(msg))
	case spinner.TickMsg:
		if m.sh.Flights().Count() == 0 {
			m.spinning = false
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	}
	// Anything else (a screen's own messages) goes to the top screen.
	return m.toTop(msg)
}

func (m *Model) toTop(msg tea.Msg) tea.Cmd {
	if len(m.stack) == 0 {
		return nil
	}
	i := len(m.stack) - 1
	s, cmd := m.stack[i].screen.Update(msg)
	m.stack[i].screen = s
	return cmd
}

// spinIfBusy starts the spinner when requests are in flight; it stops by
// itself on the first tick after they finish.
func (m *Model) spinIfBusy() tea.Cmd {
	if m.spinning || m.sh.Flights().Count() == 0 {
		return nil
	}
	m.spinning = true
	return m.spin.Tick
}

func (m *Model) tick(now time.Time) tea.Cmd {
	cmds := []tea.Cmd{m.clock()}
	if now.Sub(m.lastTick) >= m.sh.RefreshInterval() {
		m.lastTick = now
		cmds = append(cmds, m.toTop(views.TickMsg{Now: now}))
		// The status bar learns the server version once the server answers.
		if m.sh.Info.Version == "" && m.describeReq.Zero() {
			cmds = append(cmds, m.describe())
		}
	}
	return tea.Batch(cmds...)
}

// loaded routes a result to the screen that asked, or drops it if that
// screen is gone or withdrew the request; it also keeps the status bar's
// freshness and error.
func (m *Model) loaded(msg views.Reply) tea.Cmd {
	req, err := msg.Request(), msg.Failure()
	if !m.sh.Flights().Deliver(req) {
		return nil // superseded: the screen asked again since
	}
	now := m.sh.Now()
	switch {
	case err == nil:
		m.lastRefresh = now
		if m.status != nil && m.status.op == "store" {
			m.status = nil
		}
	case errors.Is(err, context.Canceled):
		// The user cancelled; the screen keeps what it had.
	case statusWorthy(err):
		m.status = &statusErr{op: "store", err: err, at: now}
	}
	if req.Screen == 0 {
		return m.shellLoaded(msg)
	}
	for i, e := range m.stack {
		if e.id == req.Screen {
			s, cmd := e.screen.Update(msg)
			m.stack[i].screen = s
			return cmd
		}
	}
	return nil // the screen was closed: drop the late reply
}

func (m *Model) shellLoaded(msg views.Reply) tea.Cmd {
	switch msg := msg.(type) {
	case views.Loaded[client.ServerInfo]:
		m.describeReq = views.Request{}
		if info := msg.Value; msg.Err == nil {
			// The cli's display URI wins: it is redacted and says how the
			// store was chosen (e.g. the demo store's temporary copy).
			if m.sh.Info.URI != "" || info.URI == "" {
				info.URI = m.sh.Info.URI
			}
			if info.Kind == "" {
				info.Kind = m.sh.Info.Kind
			}
			// A user given up front (a served session's SSH user) is who
			// acts, whatever account the store knows this process by.
			if m.sh.Info.User != "" {
				info.User = m.sh.Info.User
			}
			m.sh.Info = info
		}
	case views.Loaded[[]string]:
		if msg.Err == nil {
			m.expNames = msg.Value
		}
	}
	return nil
}

// statusWorthy says whether an error belongs in the status bar: trouble
// with the connection or the store. Bad input and missing things are for
// the screen to show where they happened.
func statusWorthy(err error) bool {
	switch client.KindOf(err) {
	case client.KindInvalidParameter, client.KindNotFound, client.KindAlreadyExists, client.KindConflict, client.KindReadOnly:
		return false
	}
	return true
}

// open builds a screen through its factory and pushes it.
func (m *Model) open(req views.OpenMsg) tea.Cmd {
	f, ok := m.facts[req.Kind]
	if !ok {
		return views.Toast(views.LevelWarning, "%s not available yet", req.Kind)
	}
	m.nextID++
	id := m.nextID
	s, err := f(views.Env{Shared: m.sh, Screen: id}, req)
	if err != nil {
		return views.Toast(views.LevelError, "cannot open %s: %v", req.Kind, err)
	}
	if req.Replace {
		for len(m.stack) > 0 {
			m.release(m.stack[len(m.stack)-1])
			m.stack = m.stack[:len(m.stack)-1]
		}
	}
	m.endFilterEdit()
	m.showHelp = false
	m.stack = append(m.stack, entry{id: id, screen: s})
	m.relayout()
	return s.Init()
}

func (m *Model) pop() tea.Cmd {
	if len(m.stack) <= 1 {
		return nil
	}
	m.release(m.stack[len(m.stack)-1])
	m.stack = m.stack[:len(m.stack)-1]
	m.endFilterEdit()
	m.relayout()
	if f, ok := m.stack[len(m.stack)-1].screen.(views.Focuser); ok {
		return f.Focused()
	}
	return nil
}

func (m *Model) release(e entry) {
	m.sh.Flights().WithdrawScreen(e.id)
	if r, ok := e.screen.(views.Releaser); ok {
		r.Release()
	}
}

func (m *Model) endFilterEdit() {
	if m.filter.Editing() {
		m.filter.Stop()
	}
}

// errLine is an error's one-line text for the status bar.
func errLine(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "request timed out"
	}
	return fmt.Sprint(err)
}
