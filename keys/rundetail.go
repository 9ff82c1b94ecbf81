package keys

import "charm.land/bubbles/v2/key"

// RunDetail are the run detail screen's keys.
type RunDetail struct {
	Nav
	NextTab     key.Binding
	PrevTab     key.Binding
	SystemTags  key.Binding
	Expand      key.Binding
	Collapse    key.Binding
	Chart       key.Binding
	CopyID      key.Binding
	Files       key.Binding
	Checkpoints key.Binding
	System      key.Binding
	Watch       key.Binding
	Refresh     key.Binding
}

// NewRunDetail returns the default run detail keys.
func NewRunDetail() RunDetail {
	return RunDetail{
		Nav:         NewNav(),
		NextTab:     key.NewBinding(key.WithKeys("tab", "]"), key.WithHelp("tab/]", "next section")),
		PrevTab:     key.NewBinding(key.WithKeys("shift+tab", "["), key.WithHelp("shift+tab/[", "previous section")),
		SystemTags:  key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "show/hide mlflow.* tags")),
		Expand:      key.NewBinding(key.WithKeys("enter", "l", "right"), key.WithHelp("enter/l", "open directory")),
		Collapse:    key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h", "close directory")),
		Chart:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "chart this metric")),
		CopyID:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy run id")),
		Files:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "browse and preview artifacts")),
		Checkpoints: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "checkpoints: the run's logged models")),
		System:      key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "system metrics: CPU, memory, GPUs")),
		Watch:       key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "watch: the run's live view")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
	}
}

// ShortHelp is the one-line hint.
func (k RunDetail) ShortHelp() []key.Binding {
	return []key.Binding{k.NextTab, k.Up, k.Down, k.SystemTags, k.Chart, k.CopyID}
}

// FullHelp is the ? overlay.
func (k RunDetail) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.NextTab, k.PrevTab, k.SystemTags, k.Expand, k.Collapse},
		{k.Chart, k.CopyID, k.Files, k.Checkpoints, k.System, k.Watch, k.Refresh},
	}
}
