package keys

import "charm.land/bubbles/v2/key"

// Experiments are the experiment list's keys.
type Experiments struct {
	Nav
	Sort        key.Binding
	Reverse     key.Binding
	ShowDeleted key.Binding
	Refresh     key.Binding
	CopyID      key.Binding
}

// NewExperiments returns the default experiment list keys.
func NewExperiments() Experiments {
	return Experiments{
		Nav:         NewNav(),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by name/id/updated/created")),
		Reverse:     key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		ShowDeleted: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "show/hide deleted")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		CopyID:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
	}
}

// ShortHelp is the one-line hint.
func (k Experiments) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Sort, k.ShowDeleted}
}

// FullHelp is the ? overlay.
func (k Experiments) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Nav.Bindings(), {k.Sort, k.Reverse, k.ShowDeleted, k.Refresh, k.CopyID}}
}
