package keys

import "charm.land/bubbles/v2/key"

// Diff are the run-diff screen's keys.
type Diff struct {
	Nav
	Left      key.Binding
	Right     key.Binding
	Baseline  key.Binding
	DiffOnly  key.Binding
	Sort      key.Binding
	Detail    key.Binding
	Chart     key.Binding
	Copy      key.Binding
	Refresh   key.Binding
	FirstCol  key.Binding
	LastCol   key.Binding
	FoldAll   key.Binding
	ExpandAll key.Binding
}

// NewDiff returns the default diff keys. enter opens a fold or the detail
// pane of the selected row.
func NewDiff() Diff {
	n := NewNav()
	n.Open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "expand / detail"))
	return Diff{
		Nav:       n,
		Left:      key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "previous run")),
		Right:     key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "next run")),
		FirstCol:  key.NewBinding(key.WithKeys("0", "H"), key.WithHelp("0", "first run")),
		LastCol:   key.NewBinding(key.WithKeys("$", "L"), key.WithHelp("$", "last run")),
		Baseline:  key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "make baseline")),
		DiffOnly:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "all rows / differences")),
		Sort:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by change")),
		Detail:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "detail pane")),
		Chart:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "chart metric")),
		Copy:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy as Markdown")),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		FoldAll:   key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "fold identical")),
		ExpandAll: key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "unfold identical")),
	}
}

// ShortHelp is the one-line hint.
func (k Diff) ShortHelp() []key.Binding {
	return []key.Binding{k.Right, k.Baseline, k.DiffOnly, k.Sort, k.Chart, k.Copy}
}

// FullHelp is the ? overlay.
func (k Diff) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.Nav.Bindings(),
		{k.Left, k.Right, k.FirstCol, k.LastCol, k.Baseline},
		{k.DiffOnly, k.FoldAll, k.ExpandAll, k.Sort, k.Detail, k.Chart, k.Copy, k.Refresh},
	}
}
