package tui

import (
	"context"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/views"
	"mltui/views/components/cmdline"
)

// execute runs a parsed ":" command.
func (m *Model) execute(p cmdline.Parsed) tea.Cmd {
	switch p.Cmd.Name {
	case "q":
		return m.quit()
	case "exp":
		return m.open(views.OpenMsg{Kind: views.KindExperiments, Replace: true})
	case "models":
		return m.open(views.OpenMsg{Kind: views.KindModels, Replace: true})
	case "runs":
		if p.Arg == "" {
			return m.runsOfCurrent()
		}
		return m.open(views.OpenMsg{Kind: views.KindRuns, ExperimentName: p.Arg, Replace: true})
	case "ctx":
		return m.switchProfile(p.Arg)
	}
	return views.Toast(views.LevelWarning, "unknown command %s", p.Cmd.Name)
}

// runsOfCurrent opens the runs of the experiment the user is in or on.
func (m *Model) runsOfCurrent() tea.Cmd {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if c, ok := m.stack[i].screen.(interface {
			CurrentExperiment() (client.Experiment, bool)
		}); ok {
			if e, ok := c.CurrentExperiment(); ok {
				exp := e
				return m.open(views.OpenMsg{Kind: views.KindRuns, Experiment: &exp, ExperimentIDs: []string{e.ID}, Replace: true})
			}
		}
	}
	return views.Toast(views.LevelInfo, "which experiment? :runs NAME")
}

func (m *Model) profiles() []string {
	if m.sh.Config == nil {
		return nil
	}
	out := make([]string, 0, len(m.sh.Config.Profiles))
	for name := range m.sh.Config.Profiles {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// switchedMsg carries a store opened for another profile.
type switchedMsg struct {
	profile string
	r       Reopened
	err     error
}

// switchProfile opens the profile's store in a Cmd (opening may touch the
// network or the disk); switched swaps it in.
func (m *Model) switchProfile(name string) tea.Cmd {
	name = strings.TrimSpace(name)
	if name == "" {
		return views.Toast(views.LevelInfo, "profiles: %s", strings.Join(m.profiles(), ", "))
	}
	if m.opts.Reopen == nil {
		return views.Toast(views.LevelWarning, "switching profiles is not available here")
	}
	if _, ok := m.sh.Config.Profile(name); !ok {
		return views.Toast(views.LevelError, "no profile %q in %s", name, m.sh.Config.Path())
	}
	reopen := m.opts.Reopen
	timeout := m.sh.Timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		r, err := reopen(ctx, name)
		return switchedMsg{profile: name, r: r, err: err}
	}
}

func (m *Model) switched(msg switchedMsg) tea.Cmd {
	if msg.err != nil {
		return views.Toast(views.LevelError, "ctx %s: %v", msg.profile, msg.err)
	}
	old := m.sh.Store
	for len(m.stack) > 0 {
		m.release(m.stack[len(m.stack)-1])
		m.stack = m.stack[:len(m.stack)-1]
	}
	m.sh.Store = msg.r.Store
	m.sh.Info = msg.r.Info
	m.sh.Profile = msg.profile
	m.sh.ReadOnly = msg.r.ReadOnly || client.IsReadOnly(msg.r.Store)
	m.sh.Marks.Clear()
	m.status = nil
	m.lastRefresh = time.Time{}
	m.expNames = nil
	closeOld := func() tea.Msg {
		if old != nil {
			_ = old.Close()
		}
		return nil
	}
	return tea.Batch(
		closeOld,
		m.describe(),
		m.loadNames(),
		m.open(views.OpenMsg{Kind: views.KindExperiments, Replace: true}),
		views.Toast(views.LevelSuccess, "switched to %s (%s)", msg.profile, msg.r.Info.URI),
	)
}
