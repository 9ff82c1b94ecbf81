package keys

import "charm.land/bubbles/v2/key"

// Groups are the grouped runs screen's keys: one row per group, unfolded
// to its runs.
type Groups struct {
	Nav
	Fold       key.Binding
	Sort       key.Binding
	Reverse    key.Binding
	By         key.Binding
	Metrics    key.Binding
	Left       key.Binding
	Right      key.Binding
	Mark       key.Binding
	Chart      key.Binding
	Importance key.Binding
	ShowRuns   key.Binding
	CopyFilter key.Binding
}

// NewGroups returns the default grouped runs keys. enter unfolds a group
// and opens a run.
func NewGroups() Groups {
	n := NewNav()
	n.Open = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "unfold group / open run"))
	return Groups{
		Nav:        n,
		Fold:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "fold/unfold group")),
		Sort:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort by…")),
		Reverse:    key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "reverse sort")),
		By:         key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "group by…")),
		Metrics:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "choose metrics")),
		Left:       key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "scroll columns left")),
		Right:      key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "scroll columns right")),
		Mark:       key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark run / group")),
		Chart:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "chart groups as bands")),
		Importance: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "which params matter")),
		ShowRuns:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "group's runs in the runs table")),
		CopyFilter: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy group's filter")),
	}
}

// ShortHelp is the one-line hint.
func (k Groups) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Sort, k.By, k.Chart, k.Importance}
}

// FullHelp is the ? overlay.
func (k Groups) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.Nav.Bindings(),
		{k.Fold, k.Mark, k.Chart, k.ShowRuns, k.CopyFilter},
		{k.Sort, k.Reverse, k.By, k.Metrics, k.Importance, k.Left, k.Right},
	}
}

func groupsEntries(k *Groups) []entry {
	return append(navs(&k.Nav, true),
		own("fold", &k.Fold), own("sort", &k.Sort), own("reverse", &k.Reverse), own("by", &k.By),
		own("metrics", &k.Metrics), own("left", &k.Left), own("right", &k.Right), own("mark", &k.Mark),
		own("chart", &k.Chart), own("importance", &k.Importance), own("show_runs", &k.ShowRuns),
		own("copy_filter", &k.CopyFilter),
	)
}
