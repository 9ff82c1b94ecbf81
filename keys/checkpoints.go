package keys

import "charm.land/bubbles/v2/key"

// Checkpoints are the keys of a run's logged models list.
type Checkpoints struct {
	Nav
	Left    key.Binding
	Right   key.Binding
	Reverse key.Binding
	CopyURI key.Binding
	Chart   key.Binding
	// Register makes the selected checkpoint a registered model version.
	Register key.Binding
	Refresh  key.Binding
}

// NewCheckpoints returns the default checkpoints keys; enter shows the
// model's files.
func NewCheckpoints() Checkpoints {
	n := NewNav()
	n.Open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "the model's files"))
	return Checkpoints{
		Nav:      n,
		Left:     key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "scroll columns left")),
		Right:    key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "scroll columns right")),
		Reverse:  key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "reverse step order")),
		CopyURI:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy models:/ URI")),
		Chart:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "chart the run's curve of this metric")),
		Register: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "register as a model version")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	}
}

// ShortHelp is the one-line hint.
func (k Checkpoints) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.CopyURI, k.Register, k.Chart, k.Reverse}
}

// FullHelp is the ? overlay.
func (k Checkpoints) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Nav.Bindings(), {k.Left, k.Right, k.Reverse, k.CopyURI, k.Chart, k.Register, k.Refresh}}
}

func checkpointsEntries(k *Checkpoints) []entry {
	return append(navs(&k.Nav, true),
		own("left", &k.Left), own("right", &k.Right), own("reverse", &k.Reverse), own("copy_uri", &k.CopyURI),
		own("chart", &k.Chart), own("register", &k.Register), refresh(&k.Refresh),
	)
}
