package keys

import "charm.land/bubbles/v2/key"

// Scatter are the scatter screen's keys.
type Scatter struct {
	Nav
	Left  key.Binding
	Right key.Binding
	XCol  key.Binding
	YCol  key.Binding
	Color key.Binding
	LogX  key.Binding
	LogY  key.Binding
	Mark  key.Binding
}

// NewScatter returns the default scatter keys.
func NewScatter() Scatter {
	return Scatter{
		Nav:   NewNav(),
		Left:  key.NewBinding(key.WithKeys("h", "left"), key.WithHelp("h/←", "point left")),
		Right: key.NewBinding(key.WithKeys("l", "right"), key.WithHelp("l/→", "point right")),
		XCol:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "x column")),
		YCol:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "y column")),
		Color: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "colour by")),
		LogX:  key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "log x")),
		LogY:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "log y")),
		Mark:  key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark")),
	}
}

// ShortHelp is the one-line hint.
func (k Scatter) ShortHelp() []key.Binding {
	return []key.Binding{k.XCol, k.YCol, k.Color, k.LogX, k.LogY, k.Open, k.Mark}
}

// FullHelp is the ? overlay.
func (k Scatter) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Left, k.Right, k.Top, k.Bottom, k.PageDown, k.PageUp},
		{k.Open, k.Mark},
		{k.XCol, k.YCol, k.Color, k.LogX, k.LogY},
	}
}

func scatterEntries(k *Scatter) []entry {
	return append(navs(&k.Nav, true),
		own("left", &k.Left), own("right", &k.Right), own("x_column", &k.XCol),
		own("y_column", &k.YCol), own("color_by", &k.Color), own("log_x", &k.LogX),
		own("log_y", &k.LogY), own("mark", &k.Mark))
}
