package keys

import "charm.land/bubbles/v2/key"

// System are the keys of a run's system metrics.
type System struct {
	Nav
	ShowIdle key.Binding
	Refresh  key.Binding
}

// NewSystem returns the default system metrics keys; enter charts the
// series.
func NewSystem() System {
	n := NewNav()
	n.Open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "chart this series"))
	return System{
		Nav:      n,
		ShowIdle: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "unfold / fold idle GPUs")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	}
}

// ShortHelp is the one-line hint.
func (k System) ShortHelp() []key.Binding { return []key.Binding{k.Open, k.ShowIdle, k.Refresh} }

// FullHelp is the ? overlay.
func (k System) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Nav.Bindings(), {k.ShowIdle, k.Refresh}}
}

func systemEntries(k *System) []entry {
	return append(navs(&k.Nav, true), own("show_idle", &k.ShowIdle), refresh(&k.Refresh))
}
