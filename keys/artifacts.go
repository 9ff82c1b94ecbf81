package keys

import "charm.land/bubbles/v2/key"

// Artifacts are the artifact viewer's keys: a tree of files with a preview.
type Artifacts struct {
	Nav
	Expand      key.Binding
	Collapse    key.Binding
	PreviewDown key.Binding
	PreviewUp   key.Binding
	Refresh     key.Binding
	CopyURI     key.Binding
	Save        key.Binding
	NextSet     key.Binding
}

// NewArtifacts returns the default artifact viewer keys. enter (Nav.Open)
// opens or closes a folder.
func NewArtifacts() Artifacts {
	n := NewNav()
	n.Open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/close folder"))
	return Artifacts{
		Nav:         n,
		Expand:      key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "open folder")),
		Collapse:    key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "close folder")),
		PreviewDown: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "scroll preview down")),
		PreviewUp:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", "scroll preview up")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		CopyURI:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy artifact uri")),
		Save:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save to disk")),
		NextSet:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "the run's logged models / its artifacts")),
	}
}

// ShortHelp is the one-line hint.
func (k Artifacts) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Collapse, k.Save, k.CopyURI}
}

// FullHelp is the ? overlay.
func (k Artifacts) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Nav.Bindings(), {k.Expand, k.Collapse, k.PreviewDown, k.PreviewUp, k.Refresh, k.CopyURI, k.Save, k.NextSet}}
}
