package keys

import "charm.land/bubbles/v2/key"

// Global are the keys the shell handles on every screen.
type Global struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Help      key.Binding
	Command   key.Binding
	Filter    key.Binding
	Back      key.Binding
	Refresh   key.Binding
}

// NewGlobal returns the default global keys.
func NewGlobal() Global {
	return Global{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Command:   key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back / cancel")),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	}
}

// ShortHelp is the status line's hint.
func (g Global) ShortHelp() []key.Binding {
	return []key.Binding{g.Help, g.Command, g.Filter, g.Back, g.Quit}
}

// FullHelp groups the global keys for the ? overlay.
func (g Global) FullHelp() [][]key.Binding {
	return [][]key.Binding{{g.Command, g.Filter, g.Refresh, g.Help}, {g.Back, g.Quit, g.ForceQuit}}
}

// Nav are the movement keys lists and tables share.
type Nav struct {
	Up       key.Binding
	Down     key.Binding
	Top      key.Binding
	Bottom   key.Binding
	PageDown key.Binding
	PageUp   key.Binding
	Open     key.Binding
}

// NewNav returns the default movement keys (vim and arrows).
func NewNav() Nav {
	return Nav{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		PageDown: key.NewBinding(key.WithKeys("ctrl+d", "pgdown"), key.WithHelp("ctrl+d", "page down")),
		PageUp:   key.NewBinding(key.WithKeys("ctrl+u", "pgup"), key.WithHelp("ctrl+u", "page up")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
	}
}

// Bindings lists the movement keys for help.
func (n Nav) Bindings() []key.Binding {
	return []key.Binding{n.Up, n.Down, n.Top, n.Bottom, n.PageDown, n.PageUp, n.Open}
}
