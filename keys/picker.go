package keys

import "charm.land/bubbles/v2/key"

// Picker are the keys of pick lists (column picker, sort menu). Letters
// filter the list, so movement is on arrows and ctrl keys.
type Picker struct {
	Up      key.Binding
	Down    key.Binding
	Toggle  key.Binding
	Confirm key.Binding
	Cancel  key.Binding
}

// NewPicker returns the default picker keys.
func NewPicker() Picker {
	return Picker{
		Up:      key.NewBinding(key.WithKeys("up", "ctrl+k", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:    key.NewBinding(key.WithKeys("down", "ctrl+j", "ctrl+n"), key.WithHelp("↓", "down")),
		Toggle:  key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp is the one-line hint.
func (k Picker) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Toggle, k.Confirm, k.Cancel}
}

// FullHelp is the ? overlay.
func (k Picker) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
