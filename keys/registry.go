package keys

import "charm.land/bubbles/v2/key"

// Models are the registered-model list's keys.
type Models struct {
	Nav
	Sort     key.Binding
	Reverse  key.Binding
	Refresh  key.Binding
	CopyName key.Binding
}

// NewModels returns the default model list keys.
func NewModels() Models {
	return Models{
		Nav:      NewNav(),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by name/updated")),
		Reverse:  key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		CopyName: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy name")),
	}
}

// ShortHelp is the one-line hint.
func (k Models) ShortHelp() []key.Binding { return []key.Binding{k.Open, k.Sort, k.Refresh} }

// FullHelp is the ? overlay.
func (k Models) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Nav.Bindings(), {k.Sort, k.Reverse, k.Refresh, k.CopyName}}
}

// RegistryActions are the write actions on a model version, shared by the
// versions table and the version detail. They are hidden in read-only mode.
type RegistryActions struct {
	Promote     key.Binding
	DeleteAlias key.Binding
	Gates       key.Binding
	SetTag      key.Binding
	DeleteTag   key.Binding
	Describe    key.Binding
	Stage       key.Binding
	History     key.Binding
	Rollback    key.Binding
}

// NewRegistryActions returns the default action keys.
func NewRegistryActions() RegistryActions {
	return RegistryActions{
		Promote:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "set/move alias")),
		DeleteAlias: key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete alias")),
		Gates:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "gates / approve")),
		SetTag:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "set tag")),
		DeleteTag:   key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "delete tag")),
		Describe:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit description")),
		Stage:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "stage transition")),
		History:     key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "alias history")),
		Rollback:    key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "roll back alias")),
	}
}

// Bindings lists the action keys; readOnly leaves out the writes.
func (k RegistryActions) Bindings(readOnly bool) []key.Binding {
	if readOnly {
		return []key.Binding{k.Gates, k.History}
	}
	return []key.Binding{k.Promote, k.DeleteAlias, k.Gates, k.SetTag, k.DeleteTag, k.Describe, k.Stage, k.History, k.Rollback}
}

// Versions are the versions table's keys.
type Versions struct {
	Nav
	RegistryActions
	Sort     key.Binding
	Reverse  key.Binding
	Refresh  key.Binding
	CopyURI  key.Binding
	ReadOnly bool
}

// NewVersions returns the default versions table keys.
func NewVersions(readOnly bool) Versions {
	return Versions{
		Nav:             NewNav(),
		RegistryActions: NewRegistryActions(),
		Sort:            key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by version/created/stage/metric")),
		Reverse:         key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		Refresh:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		CopyURI:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy models:/ uri")),
		ReadOnly:        readOnly,
	}
}

// ShortHelp is the one-line hint.
func (k Versions) ShortHelp() []key.Binding {
	if k.ReadOnly {
		return []key.Binding{k.Open, k.Gates, k.History, k.Sort}
	}
	return []key.Binding{k.Open, k.Promote, k.Gates, k.History, k.Sort}
}

// FullHelp is the ? overlay.
func (k Versions) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.Nav.Bindings(), k.RegistryActions.Bindings(k.ReadOnly), {k.Sort, k.Reverse, k.Refresh, k.CopyURI}}
}

// Version are the version detail's keys.
type Version struct {
	RegistryActions
	Up       key.Binding
	Down     key.Binding
	Open     key.Binding
	Refresh  key.Binding
	CopyURI  key.Binding
	Files    key.Binding
	ReadOnly bool
}

// NewVersion returns the default version detail keys.
func NewVersion(readOnly bool) Version {
	return Version{
		RegistryActions: NewRegistryActions(),
		Up:              key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "scroll up")),
		Down:            key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "scroll down")),
		Open:            key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open source run")),
		Refresh:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		CopyURI:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy models:/ uri")),
		Files:           key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "browse and preview the model's files")),
		ReadOnly:        readOnly,
	}
}

// ShortHelp is the one-line hint.
func (k Version) ShortHelp() []key.Binding {
	if k.ReadOnly {
		return []key.Binding{k.Open, k.Gates, k.History}
	}
	return []key.Binding{k.Promote, k.Gates, k.SetTag, k.Describe, k.History}
}

// FullHelp is the ? overlay.
func (k Version) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Open, k.Refresh, k.CopyURI, k.Files}, k.RegistryActions.Bindings(k.ReadOnly)}
}

// Dialog are the keys inside registry dialogs (pickers, confirmations).
type Dialog struct {
	Up       key.Binding
	Down     key.Binding
	Select   key.Binding
	Yes      key.Binding
	Cancel   key.Binding
	Toggle   key.Binding
	Approve  key.Binding
	Reject   key.Binding
	Rollback key.Binding
}

// NewDialog returns the default dialog keys.
func NewDialog() Dialog {
	return Dialog{
		Up:       key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		Select:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Yes:      key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Toggle:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "toggle archive existing")),
		Approve:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve")),
		Reject:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "reject")),
		Rollback: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "roll back")),
	}
}
