package keys

import "charm.land/bubbles/v2/key"

// Runs are the runs table's keys.
type Runs struct {
	Nav
	Mark        key.Binding
	Fold        key.Binding
	ExpandAll   key.Binding
	CollapseAll key.Binding
	Sort        key.Binding
	Reverse     key.Binding
	Columns     key.Binding
	Left        key.Binding
	Right       key.Binding
	Chart       key.Binding
	Diff        key.Binding
	CopyID      key.Binding
	ClearMarks  key.Binding
	ShowDeleted key.Binding
	Refresh     key.Binding
	GroupBy     key.Binding
	Scatter     key.Binding
	Parallel    key.Binding
	Watch       key.Binding
}

// NewRuns returns the default runs table keys.
func NewRuns() Runs {
	return Runs{
		Nav:         NewNav(),
		Mark:        key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark run")),
		Fold:        key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "fold/unfold child runs")),
		ExpandAll:   key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "unfold all")),
		CollapseAll: key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "fold all")),
		Sort:        key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort by…")),
		Reverse:     key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "reverse sort")),
		Columns:     key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "choose columns")),
		Left:        key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "scroll columns left")),
		Right:       key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "scroll columns right")),
		Chart:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "chart marked runs")),
		Diff:        key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "diff marked runs")),
		CopyID:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy run id")),
		ClearMarks:  key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "unmark all")),
		ShowDeleted: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "show/hide deleted")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		GroupBy:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "group by params…")),
		Scatter:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "scatter plot")),
		Parallel:    key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "parallel coordinates")),
		Watch:       key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "watch: the run's live view")),
	}
}

// ShortHelp is the one-line hint.
func (k Runs) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Mark, k.Chart, k.Diff, k.Sort, k.Columns}
}

// FullHelp is the ? overlay.
func (k Runs) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.Nav.Bindings(),
		{k.Mark, k.ClearMarks, k.Chart, k.Diff, k.CopyID},
		{k.Sort, k.Reverse, k.Columns, k.Left, k.Right},
		{k.Fold, k.ExpandAll, k.CollapseAll, k.ShowDeleted, k.Refresh},
		{k.GroupBy, k.Scatter, k.Parallel, k.Watch},
	}
}
