package keys

import "charm.land/bubbles/v2/key"

// Parallel are the parallel-coordinates screen's keys. Up and Down (Nav)
// move the brush's top edge on a numeric axis, or the lane cursor on a
// categorical one; Top and Bottom put the top edge at the axis' ends.
type Parallel struct {
	Nav
	Left       key.Binding
	Right      key.Binding
	LowerUp    key.Binding
	LowerDown  key.Binding
	Lane       key.Binding
	Clear      key.Binding
	ClearAll   key.Binding
	Axes       key.Binding
	Log        key.Binding
	CopyFilter key.Binding
	ShowRuns   key.Binding
}

// NewParallel returns the default parallel-coordinates keys.
func NewParallel() Parallel {
	n := NewNav()
	n.Up.SetHelp("k/↑", "top edge up / lane up")
	n.Down.SetHelp("j/↓", "top edge down / lane down")
	n.Top.SetHelp("g", "top edge to the top")
	n.Bottom.SetHelp("G", "top edge to the bottom")
	n.Open.SetHelp("enter", "runs in the brush")
	return Parallel{
		Nav:        n,
		Left:       key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "axis left")),
		Right:      key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "axis right")),
		LowerUp:    key.NewBinding(key.WithKeys("]", "shift+up"), key.WithHelp("]", "bottom edge up")),
		LowerDown:  key.NewBinding(key.WithKeys("[", "shift+down"), key.WithHelp("[", "bottom edge down")),
		Lane:       key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "lane in/out of the brush")),
		Clear:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "clear the axis' brush")),
		ClearAll:   key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "clear every brush")),
		Axes:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "axes…")),
		Log:        key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "log scale on the axis")),
		CopyFilter: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy the brush's filter")),
		ShowRuns:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "runs in the brush")),
	}
}

// ShortHelp is the one-line hint.
func (k Parallel) ShortHelp() []key.Binding {
	return []key.Binding{k.Left, k.Up, k.LowerUp, k.Lane, k.Clear, k.Axes, k.CopyFilter, k.Open}
}

// FullHelp is the ? overlay.
func (k Parallel) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Left, k.Right, k.Up, k.Down, k.LowerUp, k.LowerDown, k.Top, k.Bottom},
		{k.Lane, k.Clear, k.ClearAll, k.Log, k.Axes},
		{k.CopyFilter, k.Open, k.ShowRuns},
	}
}

func parallelEntries(k *Parallel) []entry {
	return append(navs(&k.Nav, true),
		own("left", &k.Left), own("right", &k.Right), own("lower_up", &k.LowerUp),
		own("lower_down", &k.LowerDown), own("lane", &k.Lane), own("clear", &k.Clear),
		own("clear_all", &k.ClearAll), own("axes", &k.Axes), own("log", &k.Log),
		own("copy_filter", &k.CopyFilter), own("show_runs", &k.ShowRuns))
}
